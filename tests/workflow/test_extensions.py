"""Deadline extensions (申请延期): request, approve, refuse; the task's 原时限, 延期次数 and on-time closing."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from directives.models import DeadlineExtension, Notification, Task, TaskEvent
from directives.services.extensions import extension_approve, extension_refuse, extension_request
from directives.services.workflow import WorkflowError, task_accept, task_close, task_request_close
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def task(unit_a, office_user):
    return factories.make_task(lead_unit=unit_a, title="完成冬季火灾隐患排查", deadline=days(3), created_by=office_user)


def ask(task, clerk, unit, deadline, reason="需协调资金"):
    return extension_request(task=task, unit=unit, actor=clerk, requested_deadline=deadline, reason=reason)


def test_approval_moves_the_deadline_keeps_the_original_and_counts(
    task, unit_a, clerk_a, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        extension = ask(task, clerk_a, unit_a, days(10))
    assert Notification.objects.filter(kind=Notification.Kind.EXTENSION_REQUESTED, recipient=office_user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        extension_approve(extension=extension, actor=office_user)

    task.refresh_from_db()
    extension.refresh_from_db()
    assert (task.original_deadline, task.deadline, task.extension_count) == (days(3), days(10), 1)
    assert (extension.status, extension.decided_by, extension.current_deadline) == ("approved", office_user, days(3))
    event = task.events.get(kind=TaskEvent.Kind.EXTENSION_APPROVED)
    assert event.actor == office_user
    assert event.changes["deadline"] == [days(3).isoformat(), days(10).isoformat()]
    told = Notification.objects.get(kind=Notification.Kind.EXTENSION_APPROVED, recipient=clerk_a)
    assert days(10).isoformat() in told.body


def test_refusal_keeps_the_deadline_and_tells_the_unit_why(
    task, unit_a, clerk_a, office_user, django_capture_on_commit_callbacks
):
    extension = ask(task, clerk_a, unit_a, days(10))

    with pytest.raises(ValidationError):
        extension_refuse(extension=extension, actor=office_user, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        extension_refuse(extension=extension, actor=office_user, reason="时限不能再推迟")

    task.refresh_from_db()
    extension.refresh_from_db()
    assert (task.deadline, task.extension_count) == (days(3), 0)
    assert (extension.status, extension.refusal_reason) == ("refused", "时限不能再推迟")
    assert task.events.filter(kind=TaskEvent.Kind.EXTENSION_REFUSED, actor=office_user).exists()
    told = Notification.objects.get(kind=Notification.Kind.EXTENSION_REFUSED, recipient=clerk_a)
    assert "时限不能再推迟" in told.body
    with pytest.raises(WorkflowError):  # decided once
        extension_approve(extension=extension, actor=office_user)


def test_two_extensions_count_twice_and_keep_the_first_deadline(task, unit_a, clerk_a, office_user):
    extension_approve(extension=ask(task, clerk_a, unit_a, days(10)), actor=office_user)
    extension_approve(extension=ask(task, clerk_a, unit_a, days(20)), actor=office_user)

    task.refresh_from_db()
    assert (task.original_deadline, task.deadline, task.extension_count) == (days(3), days(20), 2)


def test_a_task_closed_after_an_approved_extension_is_on_time(unit_a, clerk_a, office_user):
    # given: a deadline already passed, extended to next week
    late = factories.make_task(lead_unit=unit_a, deadline=days(-2))
    assert Task.objects.get(pk=late.pk).is_overdue
    extension_approve(extension=ask(late, clerk_a, unit_a, days(5)), actor=office_user)
    task_accept(task=late, actor=clerk_a)
    task_request_close(task=late, unit=unit_a, actor=clerk_a, text="已完成")

    task_close(task=late, actor=office_user)

    late.refresh_from_db()
    assert late.closed_on_time is True and late.light == Task.Light.GREEN
    assert late.original_deadline == days(-2)


def test_a_request_must_be_for_a_later_day_with_a_reason(task, unit_a, clerk_a):
    with pytest.raises(ValidationError, match="理由"):
        ask(task, clerk_a, unit_a, days(10), reason=" ")
    with pytest.raises(ValidationError, match="晚于"):
        ask(task, clerk_a, unit_a, days(3))
    with pytest.raises(ValidationError, match="今天"):
        ask(task, clerk_a, unit_a, days(-1))
    assert not DeadlineExtension.objects.exists()


def test_one_pending_request_at_a_time(task, unit_a, clerk_a):
    ask(task, clerk_a, unit_a, days(10))

    with pytest.raises(WorkflowError, match="待审批"):
        ask(task, clerk_a, unit_a, days(12))
    # and the database says the same, whatever the service checked
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineExtension.objects.create(task=task, unit=unit_a, requested_deadline=days(12), reason="x")


def test_no_request_on_a_closed_task(task, unit_a, clerk_a, office_user):
    task_close(task=task, actor=office_user)

    with pytest.raises(WorkflowError, match="已销号"):
        ask(task, clerk_a, unit_a, days(10))
