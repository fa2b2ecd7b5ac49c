"""Nobody reaches a task through the workspace unless they may: every view, every action.

The URL list below is checked against the workspace's URL patterns, so a new
task view cannot be added without being covered here.
"""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import ProgressReport, Task
from directives.services.workflow import task_accept, task_report_progress
from directives.views import tasks as task_views
from tests import factories
from tests.factories import make_task

pytestmark = pytest.mark.usefixtures("media_root")

# (url name, HTTP method, valid POST data) for every task view taking a task id.
TASK_URLS = [
    ("task_detail", "get", None),
    ("task_accept", "post", {}),
    ("task_progress", "get", None),
    ("task_progress", "post", {"text": "已完成排查"}),
    ("task_evidence", "get", None),
    ("task_evidence", "post", {"text": "验收报告"}),
    ("task_request_close", "get", None),
    ("task_request_close", "post", {"text": "已全部完成"}),
    ("task_close", "get", None),
    ("task_close", "post", {"reason": "核实完成"}),
    ("task_return", "get", None),
    ("task_return", "post", {"reason": "材料不全"}),
    ("task_urge", "get", None),
    ("task_urge", "post", {"reason": "请加快进度"}),
    ("task_deadline", "get", None),
    ("task_deadline", "post", {"deadline": "2099-12-31", "reason": "工程延期"}),
]
OFFICE_ONLY = {"task_close", "task_return", "task_urge", "task_deadline"}
LEAD_ONLY = {"task_accept", "task_request_close"}
TASK_URL_NAMES = {name for name, _method, _data in TASK_URLS}


@pytest.fixture
def task_of_a(unit_a, office_user, clerk_a):
    task = make_task(lead_unit=unit_a, created_by=office_user, deadline=datetime.date(2099, 1, 1))
    task_accept(task=task, actor=clerk_a)
    return task


@pytest.fixture
def report_with_attachment(task_of_a, unit_a, clerk_a):
    return task_report_progress(
        task=task_of_a, unit=unit_a, author=clerk_a, text="第一次进展",
        attachment=SimpleUploadedFile("进展.txt", "排查完毕".encode()),
    )


def _call(client, name, method, data, task):
    url = reverse(f"workspace:{name}", args=[task.pk])
    if method == "get":
        return client.get(url)
    data = dict(data)
    if name == "task_evidence":
        data["attachment"] = SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 evidence")
    return client.post(url, data)


def test_url_list_covers_every_workspace_task_view():
    # given every named pattern of the task views
    names = {pattern.name for pattern in task_views.urlpatterns}
    # then each view taking a task is exercised below, and the rest is known
    assert names - TASK_URL_NAMES == {"task_list", "task_attachment"}


@pytest.mark.parametrize("name,method,data", TASK_URLS)
def test_clerk_of_another_unit_gets_404_on_every_task_url(client, clerk_b, task_of_a, name, method, data):
    # given a clerk of unit B, and a task of unit A only
    client.force_login(clerk_b)
    before = Task.objects.get(pk=task_of_a.pk)
    # when
    response = _call(client, name, method, data, task_of_a)
    # then the task does not exist for them, and nothing changed
    assert response.status_code == 404
    after = Task.objects.get(pk=task_of_a.pk)
    assert (after.status, after.deadline, after.urge_count) == (before.status, before.deadline, before.urge_count)
    assert not ProgressReport.objects.filter(task=task_of_a).exists()


@pytest.mark.parametrize("name,method,data", [u for u in TASK_URLS if u[0] in OFFICE_ONLY])
def test_clerk_gets_403_on_office_moves_of_own_task(client, clerk_a, task_of_a, name, method, data):
    client.force_login(clerk_a)
    response = _call(client, name, method, data, task_of_a)
    assert response.status_code == 403
    assert Task.objects.get(pk=task_of_a.pk).status == Task.Status.ACCEPTED


@pytest.mark.parametrize("name,method,data", [u for u in TASK_URLS if u[0] != "task_detail"])
def test_leader_reads_but_gets_403_on_every_action(client, leader_user, task_of_a, name, method, data):
    client.force_login(leader_user)
    assert client.get(reverse("workspace:task_detail", args=[task_of_a.pk])).status_code == 200
    response = _call(client, name, method, data, task_of_a)
    assert response.status_code == 403


@pytest.mark.parametrize("name,method,data", [u for u in TASK_URLS if u[0] in LEAD_ONLY])
def test_cooperating_clerk_gets_403_on_lead_unit_moves(client, unit_a, unit_b, clerk_b, office_user, name, method, data):
    # given a task unit A leads and unit B helps with
    task = make_task(lead_unit=unit_a, cooperating_units=[unit_b], created_by=office_user)
    client.force_login(clerk_b)
    # when / then: B sees it, but may not accept it or ask to close it
    assert client.get(reverse("workspace:task_detail", args=[task.pk])).status_code == 200
    assert _call(client, name, method, data, task).status_code == 403


def test_cooperating_clerk_may_report_progress(client, unit_a, unit_b, clerk_a, clerk_b, office_user):
    task = make_task(lead_unit=unit_a, cooperating_units=[unit_b], created_by=office_user)
    task_accept(task=task, actor=clerk_a)
    client.force_login(clerk_b)
    response = client.post(reverse("workspace:task_progress", args=[task.pk]), {"text": "配合完成运输保障"})
    assert response.status_code == 302
    assert ProgressReport.objects.get(task=task).unit == unit_b


@pytest.mark.parametrize("role", ["clerk_b", "anonymous_user", "user_without_unit"])
def test_attachment_refused_to_those_who_may_not_see_the_task(client, clerk_b, report_with_attachment, role):
    # given
    if role == "clerk_b":
        client.force_login(clerk_b)
    elif role == "user_without_unit":
        client.force_login(factories.UserFactory(username="nobody", membership=None))
    # when
    response = client.get(reverse("workspace:task_attachment", args=[report_with_attachment.pk]))
    # then
    if role == "anonymous_user":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["clerk_a", "office_user", "leader_user"])
def test_attachment_served_to_those_who_may_see_the_task(client, request, report_with_attachment, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("workspace:task_attachment", args=[report_with_attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "排查完毕".encode()
    assert "attachment" in response["Content-Disposition"]


def test_task_list_shows_a_clerk_only_their_units_tasks(client, unit_a, unit_b, clerk_b, office_user):
    # given
    own = make_task(lead_unit=unit_b, title="修复县道危桥")
    helping = make_task(lead_unit=unit_a, cooperating_units=[unit_b], title="冬季道路保畅")
    other = make_task(lead_unit=unit_a, title="流感疫苗接种")
    client.force_login(clerk_b)
    # when
    response = client.get(reverse("workspace:task_list"))
    # then
    shown = {row.record.pk for row in response.context["table"].page.object_list}
    assert shown == {own.pk, helping.pk}
    assert other.title not in response.content.decode()
    # and a unit filter in the query string cannot widen it
    response = client.get(reverse("workspace:task_list"), {"unit": unit_a.pk})
    assert {row.record.pk for row in response.context["table"].page.object_list} == {own.pk, helping.pk}


def test_user_without_unit_sees_no_tasks(client, unit_a):
    make_task(lead_unit=unit_a)
    client.force_login(factories.UserFactory(username="visitor", membership=None))
    response = client.get(reverse("workspace:task_list"))
    assert response.status_code == 200
    assert response.context["table"].page.paginator.count == 0


def test_workspace_requires_login(client, task_of_a):
    for url in (reverse("workspace:task_list"), reverse("workspace:task_detail", args=[task_of_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
