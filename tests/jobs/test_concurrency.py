"""Two workers running the same job at the same moment send each notification once.

Real threads, each with its own database connection, released together by a
barrier. On PostgreSQL the unique key decides the race row by row; on SQLite
the writers take turns, which the jobs must survive too (the embedded setup
runs two worker processes on one file).
"""
import datetime
import threading

import pytest
from django.db import connection

from directives.models import Notification, NotificationDelivery, Task
from directives.services import jobs
from tests import factories
from tests.jobs.conftest import DAY

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(job, n=2):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def target():
        try:
            barrier.wait()
            results.append(job())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_deadline_reminders_on_two_workers_at_once_send_each_once(county, monkeypatch):
    # given: 30 units with a clerk (with email) and a task due in 3 days
    monkeypatch.setattr("directives.services.notifications.storage.deliveries_enqueue", lambda ids: None)
    for i in range(30):
        unit = factories.UnitFactory(name=f"单位{i}", parent=county)
        factories.UserFactory(username=f"c{i}", email=f"c{i}@example.cn", membership__unit=unit, membership__role="clerk")
        factories.make_task(lead_unit=unit, deadline=DAY + datetime.timedelta(days=3))
    Notification.objects.all().delete()

    # when
    results = run_together(lambda: jobs.deadline_reminders_send(day=DAY), n=3)

    # then
    assert sum(r["notified"] for r in results) == 30
    assert Notification.objects.count() == 30
    assert NotificationDelivery.objects.count() == 30


def test_overdue_sweep_and_reminders_at_the_same_moment_both_succeed(unit_a, clerk_a, office_user, monkeypatch):
    monkeypatch.setattr("directives.services.notifications.storage.deliveries_enqueue", lambda ids: None)
    late = factories.make_task(lead_unit=unit_a, deadline=DAY - datetime.timedelta(days=1))
    Task.objects.filter(pk=late.pk).update(is_overdue=False)
    factories.make_task(lead_unit=unit_a, deadline=DAY + datetime.timedelta(days=1))
    jobs_ = iter([lambda: jobs.overdue_sweep(day=DAY), lambda: jobs.deadline_reminders_send(day=DAY)])
    lock = threading.Lock()

    def next_job():
        with lock:
            job = next(jobs_)
        return job()

    run_together(next_job)

    assert Notification.objects.filter(kind="task_overdue").count() == 1
    assert Notification.objects.filter(kind="task_due_soon").count() == 1
