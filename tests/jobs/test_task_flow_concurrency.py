"""Two people (or workers) at the same moment: one decision per extension request, one urge per late acceptance.

Real threads with their own connections, released together (see test_concurrency). On PostgreSQL the row locks
and the compare-and-set decide; on SQLite the writers take turns.
"""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from directives.models import DeadlineExtension, Notification, Task, TaskEvent
from directives.services import jobs
from directives.services.extensions import extension_approve, extension_refuse, extension_request
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

LATER = timezone.localdate() + datetime.timedelta(days=30)


def race(*jobs_):
    barrier = threading.Barrier(len(jobs_))
    outcomes = []

    def target(job):
        try:
            barrier.wait()
            outcomes.append(("ok", job()))
        except ValidationError as error:
            outcomes.append(("refused", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(job,)) for job in jobs_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_an_approval_and_a_refusal_at_once_decide_once(unit_a, clerk_a, office_user):
    task = factories.make_task(lead_unit=unit_a, deadline=LATER)
    extension = extension_request(task=task, unit=unit_a, actor=clerk_a,
                                  requested_deadline=LATER + datetime.timedelta(days=9), reason="资金")

    outcomes = race(lambda: extension_approve(extension=extension, actor=office_user),
                    lambda: extension_refuse(extension=extension, actor=office_user, reason="不同意"))

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    decided = DeadlineExtension.objects.get(pk=extension.pk)
    task.refresh_from_db()
    assert task.extension_count == (1 if decided.status == "approved" else 0)
    assert task.events.filter(kind__in=["extension_approved", "extension_refused"]).count() == 1


def test_two_requests_at_once_leave_one_pending(unit_a, clerk_a):
    task = factories.make_task(lead_unit=unit_a, deadline=LATER)

    def ask(days):
        return lambda: extension_request(task=task, unit=unit_a, actor=clerk_a,
                                         requested_deadline=LATER + datetime.timedelta(days=days), reason="资金")

    outcomes = race(ask(5), ask(6))

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    assert DeadlineExtension.objects.filter(task=task, status="pending").count() == 1


def test_two_sweeps_at_once_urge_a_late_acceptance_once(unit_a, clerk_a):
    tasks = [factories.make_task(lead_unit=unit_a, title=f"任务{i}") for i in range(5)]
    day = tasks[0].accept_by + datetime.timedelta(days=1)
    Notification.objects.all().delete()

    outcomes = race(lambda: jobs.acceptance_overdue_flag(day=day), lambda: jobs.acceptance_overdue_flag(day=day))

    assert sum(result["acceptance_overdue"] for _kind, result in outcomes) == 5
    assert set(Task.objects.values_list("urge_count", flat=True)) == {1}
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.ACCEPTANCE_OVERDUE).count() == 5
    assert Notification.objects.filter(kind=Notification.Kind.TASK_ACCEPTANCE_OVERDUE).count() == 5
