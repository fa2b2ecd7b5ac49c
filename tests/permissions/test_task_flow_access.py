"""二次交办 and 申请延期 permissions: a village never sees a sibling's sub-task; a clerk of unit A never
sees or changes unit B's extension requests; only the lead unit asks, only the office decides."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from directives.models import DeadlineExtension, Task
from directives.permissions import visible_extensions, visible_tasks
from directives.services.extensions import extension_request
from directives.services.subtasks import task_split
from directives.services.workflow import task_accept
from directives.views import task_flow as task_flow_views
from tests import factories
from tests.factories import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LATER = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def township(county):
    return factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county)


@pytest.fixture
def villages(township):
    return [factories.UnitFactory(name=name, kind="village", parent=township) for name in ("李庄村", "王家村")]


def clerk_of(unit, username, role="clerk"):
    return factories.UserFactory(username=username, membership__unit=unit, membership__role=role)


@pytest.fixture
def tree(township, villages, office_user):
    """A township's task split into one sub-task per village."""
    head = clerk_of(township, "head_river", role="head")
    parent = make_task(lead_unit=township, title="河道清理", deadline=LATER, created_by=office_user)
    task_accept(task=parent, actor=head)
    li_task, wang_task = task_split(
        task=parent, actor=head, subtasks=[{"lead_unit": v, "title": f"{v.name}河道清理"} for v in villages]
    )
    return {"parent": parent, "li": li_task, "wang": wang_task, "head": head,
            "li_clerk": clerk_of(villages[0], "clerk_li"), "wang_clerk": clerk_of(villages[1], "clerk_wang")}


def detail(client, user, task):
    client.force_login(user)
    return client.get(reverse("workspace:task_detail", args=[task.pk]))


def test_a_village_sees_its_own_sub_task_never_a_siblings_nor_the_parent(client, tree):
    assert set(visible_tasks(tree["li_clerk"])) == {tree["li"]}
    assert detail(client, tree["li_clerk"], tree["li"]).status_code == 200
    assert detail(client, tree["li_clerk"], tree["wang"]).status_code == 404
    assert detail(client, tree["li_clerk"], tree["parent"]).status_code == 404


def test_the_township_sees_all_of_its_own_and_the_parent_shows_them(client, tree):
    assert set(visible_tasks(tree["head"])) == {tree["parent"], tree["li"], tree["wang"]}
    page = detail(client, tree["head"], tree["parent"]).content.decode()
    assert tree["li"].tracking_number in page and tree["wang"].tracking_number in page
    assert "已销号 0 / 共 2 项" in page


def test_the_sub_task_page_of_a_village_lists_no_sibling(client, tree):
    page = detail(client, tree["li_clerk"], tree["li"]).content.decode()
    assert tree["wang"].tracking_number not in page
    # and its parent is not linked from it
    assert reverse("workspace:task_detail", args=[tree["parent"].pk]) not in page
    # and a village has no units below it: no 二次交办 button
    assert reverse("workspace:task_split", args=[tree["li"].pk]) not in page


def test_the_parent_offers_no_close_request_while_sub_tasks_are_open(client, tree):
    page = detail(client, tree["head"], tree["parent"]).content.decode()
    assert reverse("workspace:task_request_close", args=[tree["parent"].pk]) not in page


def test_another_township_sees_none_of_the_tree(client, tree, county):
    other = clerk_of(factories.UnitFactory(name="山前乡人民政府", kind="township", parent=county), "clerk_hill")
    assert not visible_tasks(other).exists()
    assert detail(client, other, tree["li"]).status_code == 404


def test_only_the_lead_unit_splits(client, tree, villages):
    # a village may not split the parent (it cannot see it) nor a sibling's sub-task
    client.force_login(tree["li_clerk"])
    for task in (tree["parent"], tree["wang"]):
        response = client.post(reverse("workspace:task_split", args=[task.pk]),
                               {"units": [villages[1].pk], "title": "x"})
        assert response.status_code == 404
    assert Task.objects.filter(parent=tree["li"]).count() == 0


def test_the_township_head_splits_in_the_workspace(client, township, villages, office_user):
    head = clerk_of(township, "head_2", role="head")
    task = make_task(lead_unit=township, title="秸秆禁烧巡查", deadline=LATER, created_by=office_user)
    task_accept(task=task, actor=head)
    client.force_login(head)

    too_late = client.post(reverse("workspace:task_split", args=[task.pk]), {
        "units": [v.pk for v in villages], "title": "秸秆禁烧巡查", "deadline": (LATER + datetime.timedelta(days=1)).isoformat()})
    assert too_late.status_code == 400 and "不能晚于" in too_late.content.decode()
    response = client.post(reverse("workspace:task_split", args=[task.pk]), {
        "units": [v.pk for v in villages], "title": "秸秆禁烧巡查", "deadline": LATER.isoformat()})

    assert response.status_code == 302
    assert sorted(task.subtasks.values_list("lead_unit__name", flat=True)) == ["李庄村", "王家村"]


# ----------------------------------------------------------------- extension requests


@pytest.fixture
def request_of_a(unit_a, clerk_a, office_user):
    task = make_task(lead_unit=unit_a, deadline=LATER - datetime.timedelta(days=20), created_by=office_user)
    return extension_request(
        task=task, unit=unit_a, actor=clerk_a, requested_deadline=LATER, reason="设备未到货",
        attachment=SimpleUploadedFile("说明.txt", "到货延迟".encode()),
    )


@pytest.mark.parametrize("url", ["extension_decide", "extension_attachment"])
def test_a_clerk_of_another_unit_never_reaches_a_request(client, clerk_b, request_of_a, url):
    client.force_login(clerk_b)

    assert not visible_extensions(clerk_b).exists()
    assert client.get(reverse(f"workspace:{url}", args=[request_of_a.pk])).status_code == 404
    response = client.post(reverse("workspace:extension_decide", args=[request_of_a.pk]), {"decision": "approve"})
    assert response.status_code == 404
    assert DeadlineExtension.objects.get(pk=request_of_a.pk).status == "pending"


def test_a_clerk_of_another_unit_cannot_ask_for_anothers_task(client, clerk_b, request_of_a):
    client.force_login(clerk_b)
    response = client.post(reverse("workspace:task_extension", args=[request_of_a.task_id]),
                           {"requested_deadline": LATER.isoformat(), "reason": "x"})
    assert response.status_code == 404


def test_the_requesting_clerk_sees_it_but_may_not_decide(client, clerk_a, request_of_a):
    client.force_login(clerk_a)
    assert list(visible_extensions(clerk_a)) == [request_of_a]
    assert client.get(reverse("workspace:extension_attachment", args=[request_of_a.pk])).status_code == 200
    response = client.post(reverse("workspace:extension_decide", args=[request_of_a.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert DeadlineExtension.objects.get(pk=request_of_a.pk).status == "pending"


def test_a_cooperating_unit_may_not_ask_for_more_time(client, unit_a, unit_b, clerk_b, office_user):
    task = make_task(lead_unit=unit_a, cooperating_units=[unit_b], deadline=LATER, created_by=office_user)
    client.force_login(clerk_b)
    response = client.post(reverse("workspace:task_extension", args=[task.pk]),
                           {"requested_deadline": (LATER + datetime.timedelta(days=5)).isoformat(), "reason": "x"})
    assert response.status_code == 403
    assert not DeadlineExtension.objects.exists()


def test_the_office_decides_in_the_workspace(client, office_user, request_of_a):
    client.force_login(office_user)
    refused = client.post(reverse("workspace:extension_decide", args=[request_of_a.pk]), {"decision": "refuse"})
    assert refused.status_code == 400  # a refusal needs its reason

    response = client.post(reverse("workspace:extension_decide", args=[request_of_a.pk]), {"decision": "approve"})

    assert response.status_code == 302
    assert Task.objects.get(pk=request_of_a.task_id).deadline == LATER


def test_the_clerk_asks_in_the_workspace(client, unit_a, clerk_a, office_user):
    task = make_task(lead_unit=unit_a, deadline=LATER, created_by=office_user)
    client.force_login(clerk_a)
    assert "申请延期" in detail(client, clerk_a, task).content.decode()

    response = client.post(reverse("workspace:task_extension", args=[task.pk]), {
        "requested_deadline": (LATER + datetime.timedelta(days=7)).isoformat(), "reason": "资金未到位"})

    assert response.status_code == 302
    assert DeadlineExtension.objects.get(task=task).requested_deadline == LATER + datetime.timedelta(days=7)


def test_url_list_covers_every_task_flow_view():
    assert {p.name for p in task_flow_views.urlpatterns} == {
        "task_extension", "extension_decide", "extension_attachment", "task_split"}
