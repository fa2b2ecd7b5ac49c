"""The unit's workspace: the task list (filters, sorting, constant queries), lights, and the moves."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.models import ProgressReport, Task
from directives.services.workflow import task_accept, task_close, tasks_create_many
from tests.factories import make_task

LIST = "workspace:task_list"


def _shown(response):
    return [row.record for row in response.context["table"].page.object_list]


@pytest.fixture
def many_tasks(unit_a, unit_b, office_user, meeting):
    """120 tasks, half led by A and helped by B, spread over deadlines and statuses."""
    today = timezone.localdate()
    specs = [
        dict(
            title=f"第{i}项重点工作",
            lead_unit=unit_a if i % 2 else unit_b,
            cooperating_units=[unit_b] if i % 2 else [],
            deadline=today + datetime.timedelta(days=i - 20),
            meeting=meeting,
        )
        for i in range(120)
    ]
    tasks = tasks_create_many(specs, created_by=office_user)
    for task in tasks[:10]:
        task_accept(task=task, actor=office_user)
    return tasks


@pytest.mark.parametrize("who", ["office_user", "clerk_b"])
def test_task_list_query_count_does_not_grow_with_page_size(client, request, many_tasks, who, unit_a):
    # given
    client.force_login(request.getfixturevalue(who))
    counts = {}
    for per_page in (30, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(LIST), {"per_page": per_page, "sort": "deadline"})
        assert response.status_code == 200
        assert len(_shown(response)) == per_page
        counts[per_page] = len(queries)
    # then
    assert counts[30] == counts[100]


def test_task_list_query_count_is_pinned(client, office_user, many_tasks, unit_a, django_assert_num_queries):
    client.force_login(office_user)
    client.get(reverse(LIST))  # warm the session
    # session, user, membership and its unit (page header), the notification badge (once, though the
    # table renders a template of its own), meetings and units for the filter form (ids and names; the
    # chosen unit is filtered by its id), the count, and the page rows with units and meeting joined
    with django_assert_num_queries(9):
        response = client.get(reverse(LIST), {"per_page": 100, "status": "assigned", "unit": unit_a.pk, "q": "重点"})
    assert len(_shown(response)) == 55


def test_task_list_filters_by_status_light_deadline_meeting_and_text(client, office_user, many_tasks, meeting):
    client.force_login(office_user)
    today = timezone.localdate()

    def count(**params):
        return client.get(reverse(LIST), params).context["table"].page.paginator.count

    assert count(status="accepted") == 10
    assert count(light="red") == 20
    assert count(is_overdue="true") == 20
    assert count(deadline_after=today.isoformat(), deadline_before=(today + datetime.timedelta(days=9)).isoformat()) == 10
    assert count(meeting=meeting.pk) == 120
    assert count(q="第7") == 1 + 10  # 第7项, 第70项 … 第79项
    assert count(q="第7项") == 1


def test_task_list_sorts_by_deadline(client, office_user, many_tasks):
    client.force_login(office_user)
    shown = _shown(client.get(reverse(LIST), {"sort": "-deadline"}))
    assert [t.deadline for t in shown] == sorted((t.deadline for t in shown), reverse=True)
    assert shown[0].title == "第119项重点工作"


def test_task_list_shows_lights_and_overdue_days(client, office_user, unit_a):
    # given
    today = timezone.localdate()
    late = make_task(lead_unit=unit_a, title="逾期的事项", deadline=today - datetime.timedelta(days=4))
    soon = make_task(lead_unit=unit_a, title="快到期的事项", deadline=today + datetime.timedelta(days=1))
    fine = make_task(lead_unit=unit_a, title="时间充裕的事项", deadline=today + datetime.timedelta(days=30))
    closed_late = make_task(lead_unit=unit_a, title="逾期办结的事项", deadline=today - datetime.timedelta(days=2))
    task_close(task=closed_late, actor=office_user)
    client.force_login(office_user)
    # when
    html = client.get(reverse(LIST)).content.decode()
    # then
    assert (Task.objects.get(pk=late.pk).light, Task.objects.get(pk=soon.pk).light) == ("red", "yellow")
    assert Task.objects.get(pk=fine.pk).light == "green"
    assert "逾期4天" in html and '<tr class="overdue' in html
    assert "逾期办结" in html
    assert html.count('class="light-yellow"') >= 1


def test_clerk_accepts_reports_with_attachment_and_asks_to_close(client, clerk_a, unit_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = make_task(lead_unit=unit_a)
    client.force_login(clerk_a)
    client.post(reverse("workspace:task_accept", args=[task.pk]))
    response = client.post(
        reverse("workspace:task_evidence", args=[task.pk]),
        {"text": "现场照片", "attachment": SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0jpeg")},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.is_completion_evidence and report.attachment.name.endswith(".jpg")
    page = client.get(reverse("workspace:task_detail", args=[task.pk])).content.decode()
    assert reverse("workspace:task_attachment", args=[report.pk]) in page
    assert settings.MEDIA_URL + "progress" not in page


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("脚本.exe", b"MZ\x90", "不支持"),
        ("伪装.pdf", b"<html>", "不符"),
        ("大文件.pdf", b"%PDF" + b"0" * 2000, "超过上限"),
    ],
)
def test_progress_attachment_limits_refuse_with_a_message(client, clerk_a, unit_a, settings, name, content, message):
    settings.DUBAN_MAX_UPLOAD_BYTES = 1000
    task = make_task(lead_unit=unit_a)
    task_accept(task=task, actor=clerk_a)
    client.force_login(clerk_a)
    response = client.post(
        reverse("workspace:task_progress", args=[task.pk]),
        {"text": "进展说明", "attachment": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    # the typed text is kept in the form
    assert "进展说明" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "setup,url_name,data,message",
    [
        ("assigned", "task_accept", {}, None),
        ("accepted", "task_accept", {}, "不能签收"),
        ("assigned", "task_progress", {"text": "进展"}, "请先签收"),
        ("assigned", "task_request_close", {"text": "完成"}, "不能申请办结"),
        ("closed", "task_progress", {"text": "进展"}, "已销号"),
    ],
)
def test_clerk_illegal_moves_are_refused_with_a_message(
    client, clerk_a, unit_a, office_user, setup, url_name, data, message
):
    # given
    task = make_task(lead_unit=unit_a)
    if setup in ("accepted", "closed"):
        task_accept(task=task, actor=clerk_a)
    if setup == "closed":
        task_close(task=task, actor=office_user)
    before = Task.objects.get(pk=task.pk).status
    client.force_login(clerk_a)
    # when
    response = client.post(reverse(f"workspace:{url_name}", args=[task.pk]), data, follow=True)
    # then
    shown = [str(m) for m in response.context["messages"]] + [str(e) for e in getattr(response.context.get("form"), "non_field_errors", lambda: [])()]
    if message is None:
        assert Task.objects.get(pk=task.pk).status == Task.Status.ACCEPTED
    else:
        assert any(message in text for text in shown), shown
        assert Task.objects.get(pk=task.pk).status == before


@pytest.mark.parametrize(
    "url_name,data,message",
    [
        ("task_return", {"reason": "材料不全"}, "不能退回"),
        ("task_return", {"reason": ""}, "请填写理由"),
        ("task_deadline", {"deadline": "2099-01-01", "reason": ""}, "调整时限须说明理由"),
        ("task_urge", {"reason": ""}, "无需催办"),
        ("task_close", {"reason": ""}, "不能销号"),
    ],
)
def test_office_illegal_moves_are_refused_with_a_message(client, office_user, unit_a, url_name, data, message):
    task = make_task(lead_unit=unit_a)
    if url_name in ("task_urge", "task_close"):
        task_close(task=task, actor=office_user)
    client.force_login(office_user)
    response = client.post(reverse(f"workspace:{url_name}", args=[task.pk]), data)
    assert response.status_code in (200, 409)
    assert message in response.content.decode()


def test_office_changes_deadline_from_the_task_page(client, office_user, unit_a):
    task = make_task(lead_unit=unit_a, deadline=datetime.date(2099, 1, 1))
    client.force_login(office_user)
    response = client.post(
        reverse("workspace:task_deadline", args=[task.pk]), {"deadline": "2099-02-01", "reason": "资金未到位"}
    )
    assert response.status_code == 302
    page = client.get(reverse("workspace:task_detail", args=[task.pk])).content.decode()
    assert "资金未到位" in page and "2099-01-01 → 2099-02-01" in page


def test_task_detail_query_count_is_constant(client, clerk_a, unit_a, unit_b, office_user, django_assert_max_num_queries):
    task = make_task(lead_unit=unit_a, cooperating_units=[unit_b])
    task_accept(task=task, actor=clerk_a)
    client.force_login(clerk_a)
    for i in range(10):
        client.post(reverse("workspace:task_progress", args=[task.pk]), {"text": f"第{i}次进展"})
    with django_assert_max_num_queries(14):
        assert client.get(reverse("workspace:task_detail", args=[task.pk])).status_code == 200


def test_office_sees_unit_filter_and_clerk_does_not(client, office_user, clerk_a):
    client.force_login(office_user)
    assert "unit" in client.get(reverse(LIST)).context["filter"].form.fields
    client.force_login(clerk_a)
    assert "unit" not in client.get(reverse(LIST)).context["filter"].form.fields


def test_leader_sees_all_tasks_without_action_buttons(client, leader_user, unit_a, unit_b):
    make_task(lead_unit=unit_a)
    task = make_task(lead_unit=unit_b)
    client.force_login(leader_user)
    assert client.get(reverse(LIST)).context["table"].page.paginator.count == 2
    page = client.get(reverse("workspace:task_detail", args=[task.pk])).content.decode()
    for action in ("task_accept", "task_close", "task_progress"):
        assert reverse(f"workspace:{action}", args=[task.pk]) not in page
