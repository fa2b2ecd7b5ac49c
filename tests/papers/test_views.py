"""Where the papers are downloaded: the Task admin (notices), the bulletin form (Word), the ranking form."""
import datetime
import io
import zipfile

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from directives.models import ScoreWeights
from tests.exports.conftest import read_workbook
from tests.factories import make_task
from tests.papers.conftest import document_text, read_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANGELIST = "admin:directives_task_changelist"


@pytest.fixture
def office_client(client, office_user):
    office_user.is_staff = True
    office_user.is_superuser = True
    office_user.save()
    client.force_login(office_user)
    return client


@pytest.fixture
def tasks(unit_a, unit_b, office_user):
    return [
        make_task(lead_unit=unit_a, title="排查医疗机构消防隐患", deadline=datetime.date(2099, 1, 10)),
        make_task(lead_unit=unit_a, title="更新冷链设备", deadline=datetime.date(2099, 2, 10)),
        make_task(lead_unit=unit_b, title="整治县道破损路面", deadline=datetime.date(2099, 3, 10)),
    ]


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_admin_action_gives_one_document_with_a_notice_per_lead_unit(office_client, tasks):
    response = office_client.post(reverse(CHANGELIST), {"action": "notices_one_document",
                                                        helpers.ACTION_CHECKBOX_NAME: [t.pk for t in tasks]})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    text = document_text(read_document(_content(response)))
    assert text.count("签收人(签字)") == 3
    assert "县卫生健康委员会:" in text and "县交通运输局:" in text


def test_admin_action_gives_a_zip_of_one_document_per_lead_unit(office_client, tasks):
    response = office_client.post(reverse(CHANGELIST), {"action": "notices_per_unit",
                                                        helpers.ACTION_CHECKBOX_NAME: [t.pk for t in tasks]})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(_content(response))).namelist()
    assert len(names) == 2 and all(name.endswith(".docx") for name in names)


def test_task_page_has_its_notice(office_client, tasks):
    task = tasks[2]
    page = office_client.get(reverse("admin:directives_task_change", args=[task.pk]))
    url = reverse("admin:directives_task_notice", args=[task.pk])
    assert url in page.content.decode()
    response = office_client.get(url)
    assert response["Content-Type"] == DOCX
    assert task.tracking_number in document_text(read_document(_content(response)))
    assert office_client.get(reverse("admin:directives_task_notice", args=[999999])).status_code == 404


def test_notices_refused_to_a_clerk(client, clerk_a, tasks):
    clerk_a.is_staff = True
    clerk_a.save()
    client.force_login(clerk_a)
    response = client.get(reverse("admin:directives_task_notice", args=[tasks[0].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_bulletin_form_offers_the_word_document(client, leader_user, tasks):
    client.force_login(leader_user)
    form = client.get(reverse("workspace:export_bulletin")).content.decode()
    assert reverse("workspace:export_bulletin_document") in form
    response = client.get(reverse("workspace:export_bulletin_document"), {"start": "2026-11-01", "end": "2026-11-30"})
    assert response["Content-Type"] == DOCX
    assert "督查通报" in document_text(read_document(_content(response)))


def test_bulletin_document_with_bad_dates_shows_the_form_with_the_reason(client, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("workspace:export_bulletin_document"), {"start": "2026-11-30", "end": "2026-11-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.get(reverse("workspace:export_bulletin_document"), {"start": "垃圾"})
    assert response.status_code == 400


def test_papers_and_ranking_refused_to_a_clerk(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("workspace:export_bulletin_document"),
                      {"start": "2026-11-01", "end": "2026-11-30"}).status_code == 403
    assert client.get(reverse("workspace:export_ranking")).status_code == 403


def test_ranking_form_then_workbook(client, office_user, tasks):
    client.force_login(office_user)
    page = client.get(reverse("workspace:export_ranking"))
    assert page.status_code == 200
    choices = [key for key, _label in page.context["form"].fields["period"].choices]
    assert len(choices) == 16 and any("-Q" in key for key in choices)
    response = client.get(reverse("workspace:export_ranking"), {"period": choices[0]})
    assert response.status_code == 200
    workbook = read_workbook(_content(response))
    assert workbook.sheetnames == ["排名", "事项明细", "日报明细"]


def test_ranking_with_a_bad_period_shows_the_form_again(client, office_user):
    client.force_login(office_user)
    response = client.get(reverse("workspace:export_ranking"), {"period": "2026-13"})
    assert response.status_code == 400
    assert response.context["form"].errors["period"]


def test_weights_admin_saves_who_changed_them_and_allows_one_set(office_client, office_user):
    add = reverse("admin:directives_scoreweights_add")
    data = {"on_time_weight": 50, "overdue_weight": 10, "acceptance_weight": 10, "report_weight": 30,
            "overdue_day_deduction": "1.5"}
    assert office_client.post(add, data).status_code == 302
    weights = ScoreWeights.current()
    assert (weights.on_time_weight, weights.updated_by) == (50, office_user)
    assert office_client.get(add).status_code == 403
    change = reverse("admin:directives_scoreweights_change", args=[weights.pk])
    response = office_client.post(change, {**data, "on_time_weight": 0, "overdue_weight": 0,
                                           "acceptance_weight": 0, "report_weight": 0})
    assert response.status_code == 200 and "四项权重不能都为0" in response.content.decode()
    assert ScoreWeights.current().on_time_weight == 50
