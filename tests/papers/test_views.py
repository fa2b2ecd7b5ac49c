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
    choices = [key for key, _label in page.context["form"].fields["period"].widget.choices]
    assert len(choices) == 16 and any("-Q" in key for key in choices)
    response = client.get(reverse("workspace:export_ranking"), {"period": choices[0]})
    assert response.status_code == 200
    workbook = read_workbook(_content(response))
    assert workbook.sheetnames == ["排名", "事项明细", "日报明细"]
    # a period older than the ones offered is still accepted
    response = client.get(reverse("workspace:export_ranking"), {"period": "2024-q2"})
    assert read_workbook(_content(response))["排名"]["A1"].value.startswith("2024年第二季度督查考核排名")


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


def test_scores_page_ranks_units_and_links_each_breakdown(client, leader_user, unit_a, unit_b):
    # given a unit that closed a task on time in November 2026 (scored as of now: the period is over)
    from django.utils import timezone

    from directives.models import Task

    task = make_task(lead_unit=unit_a, title="按期办结的事项", deadline=datetime.date(2026, 11, 20))
    moment = timezone.make_aware(datetime.datetime(2026, 11, 2, 9))
    Task.objects.filter(pk=task.pk).update(created_at=moment, accept_by=datetime.date(2026, 11, 3),
                                           accepted_at=moment, status="closed", closed_on_time=True,
                                           closed_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 9)))
    client.force_login(leader_user)
    # when the leader opens the ranking of that month
    page = client.get(reverse("workspace:scores"), {"period": "2026-11"})
    # then the unit is ranked with its score, linked to its breakdown
    assert page.status_code == 200
    html = page.content.decode()
    assert "县卫健委" in html and "<strong>100.0</strong>" in html
    breakdown = reverse("workspace:unit_score", args=[unit_a.pk]) + "?period=2026-11"
    assert breakdown in html
    # and the breakdown lists the task behind the score
    page = client.get(breakdown)
    assert page.status_code == 200
    assert task.tracking_number in page.content.decode() and "按时签收" in page.content.decode()
    # a unit without a score this period, or a bad period, gets a clear answer
    assert client.get(reverse("workspace:unit_score", args=[unit_b.pk]), {"period": "2026-11"}).status_code == 404
    assert client.get(reverse("workspace:scores"), {"period": "2026-13"}).status_code == 400


def test_scores_pages_refused_to_a_clerk(client, clerk_a, unit_a):
    client.force_login(clerk_a)
    assert client.get(reverse("workspace:scores")).status_code == 403
    assert client.get(reverse("workspace:unit_score", args=[unit_a.pk])).status_code == 403
