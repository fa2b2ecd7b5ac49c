"""The Task changelist's bulk actions and the change form: every change through the services, kept in history."""
import datetime

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission
from django.urls import reverse

from directives.models import Task, TaskEvent
from directives.services.workflow import task_accept, task_request_close
from tests.factories import make_task

CHANGELIST = "admin:directives_task_changelist"


@pytest.fixture
def tasks(unit_a, office_user):
    return [
        make_task(lead_unit=unit_a, title=f"整治隐患{i}", deadline=datetime.date(2099, 1, 10), created_by=office_user)
        for i in range(3)
    ]


def _act(client, action, tasks, **data):
    payload = {"action": action, helpers.ACTION_CHECKBOX_NAME: [t.pk for t in tasks], **data}
    return client.post(reverse(CHANGELIST), payload, follow=True)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("action", ["reassign_tasks", "change_deadline_tasks", "urge_tasks", "close_tasks", "return_tasks"])
def test_bulk_action_first_shows_its_form_and_changes_nothing(office_client, tasks, action):
    # when the action is chosen without applying
    response = _act(office_client, action, tasks)
    # then an intermediate page lists the tasks with the form
    assert response.status_code == 200
    assert response.templates[0].name == "admin/directives/task/action_form.html"
    for task in tasks:
        assert task.tracking_number in response.content.decode()
    assert not TaskEvent.objects.exclude(kind=TaskEvent.Kind.CREATED).exists()


def test_bulk_change_deadline_keeps_reason_and_old_date(office_client, tasks, office_user):
    response = _act(office_client, "change_deadline_tasks", tasks, apply="1", deadline="2099-02-01", reason="汛期顺延")
    assert any("已调整3项事项的完成时限" in m for m in _messages(response))
    for task in tasks:
        task.refresh_from_db()
        assert task.deadline == datetime.date(2099, 2, 1)
        event = task.events.get(kind=TaskEvent.Kind.DEADLINE)
        assert (event.reason, event.actor, event.changes) == (
            "汛期顺延", office_user, {"deadline": ["2099-01-10", "2099-02-01"]}
        )


def test_bulk_change_deadline_without_reason_is_refused(office_client, tasks):
    response = _act(office_client, "change_deadline_tasks", tasks, apply="1", deadline="2099-02-01", reason="")
    assert "调整时限须说明理由" in response.content.decode()
    assert Task.objects.filter(deadline=datetime.date(2099, 1, 10)).count() == 3


def test_bulk_reassign_records_old_and_new_units(office_client, tasks, unit_a, unit_b):
    _act(office_client, "reassign_tasks", tasks[:1], apply="1", lead_unit=unit_b.pk, reason="职责调整")
    task = Task.objects.get(pk=tasks[0].pk)
    assert task.lead_unit == unit_b
    event = task.events.get(kind=TaskEvent.Kind.REASSIGN)
    assert event.changes["lead_unit"] == [unit_a.name, unit_b.name] and event.reason == "职责调整"


def test_bulk_urge_records_who_and_when(office_client, tasks, office_user):
    _act(office_client, "urge_tasks", tasks, apply="1", reason="请本周内反馈")
    for task in tasks:
        task.refresh_from_db()
        assert task.urge_count == 1 and task.last_urged_at is not None
        event = task.events.get(kind=TaskEvent.Kind.URGE)
        assert (event.actor, event.reason) == (office_user, "请本周内反馈")


def test_bulk_return_reports_each_illegal_move_and_does_the_rest(office_client, tasks, clerk_a, unit_a):
    # given only the first task waits for closing
    task_accept(task=tasks[0], actor=clerk_a)
    task_request_close(task=tasks[0], unit=unit_a, actor=clerk_a, text="已完成")
    # when all three are sent back
    response = _act(office_client, "return_tasks", tasks, apply="1", reason="佐证不足")
    # then the first goes back, the two others are named with why not
    messages = _messages(response)
    assert any("已退回1项事项" in m for m in messages)
    for task in tasks[1:]:
        assert any(task.tracking_number in m and "不能退回" in m for m in messages)
    assert Task.objects.get(pk=tasks[0].pk).status == Task.Status.IN_PROGRESS


def test_bulk_close_then_close_again_is_refused(office_client, tasks):
    _act(office_client, "close_tasks", tasks, apply="1", reason="")
    assert set(Task.objects.values_list("status", flat=True)) == {Task.Status.CLOSED}
    response = _act(office_client, "close_tasks", tasks[:1], apply="1", reason="")
    assert any("不能销号" in m for m in _messages(response))


def test_bulk_actions_refused_to_staff_who_are_not_office(client, clerk_a, tasks):
    # given a clerk with admin access and every Task permission, who is still not the office
    clerk_a.is_staff = True
    clerk_a.save()
    clerk_a.user_permissions.set(Permission.objects.filter(content_type__model="task"))
    client.force_login(clerk_a)
    # when
    response = _act(client, "close_tasks", tasks, apply="1", reason="")
    # then the admin itself refuses them (its login page) and nothing is closed
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert not Task.objects.filter(status=Task.Status.CLOSED).exists()


def _change_form_data(task, **overrides):
    data = {
        "title": task.title,
        "description": task.description,
        "lead_unit": task.lead_unit_id,
        "cooperating_units": [u.pk for u in task.cooperating_units.all()],
        "responsible_person": task.responsible_person,
        "deadline": task.deadline.isoformat() if task.deadline else "",
        "remarks": task.remarks,
        "change_reason": "",
    }
    for prefix in ("subtasks", "progress_reports", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_change_form_deadline_change_needs_a_reason(office_client, tasks):
    task = tasks[0]
    url = reverse("admin:directives_task_change", args=[task.pk])
    response = office_client.post(url, _change_form_data(task, deadline="2099-03-01"))
    assert response.status_code == 200
    assert "调整完成时限须说明理由" in response.content.decode()
    assert Task.objects.get(pk=task.pk).deadline == datetime.date(2099, 1, 10)


def test_change_form_edits_are_kept_as_events(office_client, tasks, unit_b, office_user):
    task = tasks[0]
    url = reverse("admin:directives_task_change", args=[task.pk])
    response = office_client.post(
        url,
        _change_form_data(
            task, title="整治重大隐患", deadline="2099-03-01", cooperating_units=[unit_b.pk], change_reason="会议纪要调整"
        ),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("整治重大隐患", datetime.date(2099, 3, 1))
    kinds = {e.kind: e for e in task.events.all()}
    assert kinds[TaskEvent.Kind.EDIT].changes == {"title": ["整治隐患0", "整治重大隐患"]}
    assert kinds[TaskEvent.Kind.DEADLINE].reason == "会议纪要调整"
    assert kinds[TaskEvent.Kind.REASSIGN].changes == {"cooperating_units": [[], [unit_b.name]]}
    assert all(e.actor == office_user for e in kinds.values() if e.kind != TaskEvent.Kind.CREATED)
