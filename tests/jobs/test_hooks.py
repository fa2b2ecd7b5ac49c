"""Workflow moves notify the units (or the office) once the move is committed."""
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from directives.models import Notification, Task
from directives.services import workflow
from tests import factories

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def kinds_of(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_task_create_notifies_lead_and_cooperating_units_after_commit(
    unit_a, unit_b, unit_c, clerk_a, clerk_b, clerk_c, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = factories.make_task(lead_unit=unit_a, cooperating_units=[unit_b], created_by=office_user)

    assert kinds_of(clerk_a) == kinds_of(clerk_b) == [Kind.TASK_ASSIGNED]
    assert kinds_of(clerk_c) == kinds_of(office_user) == []
    notification = Notification.objects.get(recipient=clerk_a)
    assert notification.task == task and task.tracking_number in notification.title
    assert notification.link == f"/workspace/tasks/{task.pk}/"


def test_task_create_notifies_only_once_committed(unit_a, clerk_a, django_capture_on_commit_callbacks):
    # when a task is created inside a transaction that has not committed yet
    with django_capture_on_commit_callbacks(execute=True):
        task = factories.make_task(lead_unit=unit_a)
        # then nobody has been told while the move may still be undone
        assert not Notification.objects.exists()
    # and the unit is told once it is committed
    assert Notification.objects.filter(recipient=clerk_a, task=task, kind=Kind.TASK_ASSIGNED).count() == 1


def test_task_create_rolled_back_notifies_nobody(unit_a, clerk_a, django_capture_on_commit_callbacks):
    # when the request fails after the task was created (and its notification was queued)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                factories.make_task(lead_unit=unit_a)
                assert not Notification.objects.exists()
                raise RuntimeError("the request fails after the task was created")
    # then the task is undone and its notification with it: nothing was sent, nothing is left to send
    assert callbacks == []
    assert not Task.objects.exists() and not Notification.objects.exists()


def test_task_create_many_with_a_bad_spec_creates_and_notifies_nothing(unit_a, clerk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            workflow.tasks_create_many([{"title": "ok", "lead_unit": unit_a}, {"title": "", "lead_unit": unit_a}])
    assert callbacks == []
    assert not Task.objects.exists() and not Notification.objects.exists()


def test_each_urge_is_its_own_notification(unit_a, clerk_a, office_user, django_capture_on_commit_callbacks):
    task = factories.make_task(lead_unit=unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.task_urge(task=task, actor=office_user, note="请尽快签收")
        workflow.task_urge(task=task, actor=office_user, note="再次催办")

    urges = Notification.objects.filter(recipient=clerk_a, kind=Kind.TASK_URGED).order_by("pk")
    assert [n.body.splitlines()[0] for n in urges] == ["请尽快签收", "再次催办"]


def test_close_request_goes_to_the_office_and_return_and_close_to_the_unit(
    unit_a, clerk_a, office_user, django_capture_on_commit_callbacks
):
    # given
    task = factories.make_task(lead_unit=unit_a)
    workflow.task_accept(task=task, actor=clerk_a)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        workflow.task_request_close(task=task, unit=unit_a, actor=clerk_a, text="已完成全部检查")
        workflow.task_return(task=task, actor=office_user, reason="缺少佐证材料")
        workflow.task_request_close(task=task, unit=unit_a, actor=clerk_a, text="已补充佐证")
        workflow.task_close(task=task, actor=office_user)

    # then
    assert kinds_of(office_user) == [Kind.TASK_CLOSE_REQUESTED, Kind.TASK_CLOSE_REQUESTED]
    assert kinds_of(clerk_a) == [Kind.TASK_CLOSED, Kind.TASK_RETURNED]
    assert "缺少佐证材料" in Notification.objects.get(kind=Kind.TASK_RETURNED).body


def test_a_failing_notification_never_undoes_the_move(unit_a, clerk_a, office_user, monkeypatch, django_capture_on_commit_callbacks):
    task = factories.make_task(lead_unit=unit_a)

    def broken(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr("directives.services.notifications.texts.tasks_notify", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.task_urge(task=task, actor=office_user, note="催")

    task.refresh_from_db()
    assert task.urge_count == 1
