"""Faults: a broker that is down, a worker killed mid-job.

With the broker unreachable a page that queues a job answers at once (no 500,
no stall) and the job's row stays pending; once the broker is back the overdue
sweep queues it again and a real worker does it. A worker killed with SIGKILL
in the middle of a job (acks_late) has the job run again after its restart,
and nobody is told twice.
"""
import datetime
import os
import signal
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from directives import tasks
from directives.models import ExportJob, Notification, NotificationDelivery, Task, TaskEvent, WebhookEndpoint
from tests import factories
from tests.jobs.conftest import DAY
from tests.jobs.test_worker import Worker, wait_until, worker  # noqa: F401  (the worker fixture)
from tracker import settings as project_settings

Kind = Notification.Kind
# A broker nobody listens on, for each kind of broker the project supports.
UNREACHABLE_BROKERS = {
    "redis": "redis://127.0.0.1:1/0",
    "sqlite": "sqla+sqlite:////nonexistent-duban-dir/celery-broker.sqlite3",
}
# A page may take this long when the broker is down (it took 19 s before the fix).
FAST = 2.0


def _reset_producers(app):
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(params=sorted(UNREACHABLE_BROKERS))
def broker_down(request):
    """Point this process's Celery app at a broker that cannot be reached; put it back afterwards."""
    from tracker.celery import app

    url = UNREACHABLE_BROKERS[request.param]
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url = url
    app.conf.broker_transport_options = project_settings.celery_broker_transport_options(url)
    _reset_producers(app)
    yield url
    app.conf.broker_url, app.conf.broker_transport_options = saved
    _reset_producers(app)


def _timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


# --- broker down ---------------------------------------------------------------------------


def test_broker_down_big_export_answers_at_once_and_stays_pending(
    broker_down, office_user, unit_a, client, settings, django_capture_on_commit_callbacks
):
    # given an export over the in-request limit
    settings.DUBAN_EXPORT_SYNC_LIMIT = 3
    for n in range(5):
        factories.make_task(lead_unit=unit_a, title=f"事项{n}", deadline=DAY)
    client.force_login(office_user)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = _timed(lambda: client.get(reverse("workspace:export_ledger")))

    # then: the job page, quickly, and the job kept for the sweep
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workspace:export_job", args=[job.pk])
    assert seconds < FAST, seconds
    assert job.status == ExportJob.Status.PENDING
    assert client.get(response["Location"]).status_code == 200


def test_broker_down_urge_answers_at_once_and_keeps_the_notification(
    broker_down, office_user, unit_a, clerk_a, client, django_capture_on_commit_callbacks, settings
):
    # given a unit with a robot (a delivery the worker would send)
    settings.DUBAN_WEBHOOK_ALLOW_PRIVATE = True
    task = factories.make_task(lead_unit=unit_a, deadline=DAY)
    WebhookEndpoint.objects.create(unit=unit_a, url="http://127.0.0.1:9/robot")
    client.force_login(office_user)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = _timed(
            lambda: client.post(reverse("workspace:task_urge", args=[task.pk]), {"reason": "请本周内反馈"})
        )

    # then: the urge is done and recorded, its notification waits for the sweep
    assert response.status_code == 302, response.content[:500]
    assert seconds < FAST, seconds
    assert TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.URGE).exists()
    urge = Notification.objects.get(kind=Kind.TASK_URGED, recipient=None)
    assert list(urge.deliveries.values_list("status", flat=True)) == ["pending"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_export_left_pending_by_a_broker_down_is_done_after_the_next_sweep(worker, office_user, unit_a):  # noqa: F811
    # given an export that was never queued (the broker was down when it was asked for)
    for n in range(3):
        factories.make_task(lead_unit=unit_a, title=f"事项{n}", deadline=DAY)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.LEDGER, params={"source": "workspace", "query": ""}, requested_by=office_user,
    )
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))

    # when the broker is back and the sweep runs
    figures = worker.run(tasks.overdue_sweep_task, day=DAY.isoformat())

    # then the export is queued again and written by the worker
    assert figures["exports_requeued"] == 1
    wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE, worker=worker)
    job.refresh_from_db()
    assert job.done_rows == 3 and job.file.name.endswith(".xlsx")


# --- a worker killed mid-job -----------------------------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_sweep_runs_it_again_after_restart_and_tells_once(
    tmp_path, monkeypatch, robot, unit_a, office_user
):
    if not project_settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        pytest.skip(
            "the embedded SQLite broker (kombu's SQLAlchemy transport) keeps no unacknowledged messages: "
            "a job taken by a worker killed with SIGKILL is not given back; run with CELERY_BROKER_URL=redis://…"
        )
    # given an overdue task, an office robot, and a worker whose unfinished jobs come back after 2 s
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_SECONDS", "1")
    monkeypatch.setenv("DUBAN_WEBHOOK_ALLOW_PRIVATE", "1")
    task = factories.make_task(lead_unit=unit_a, title="昨天到期", deadline=DAY - datetime.timedelta(days=1))
    Task.objects.filter(pk=task.pk).update(is_overdue=False, light=Task.Light.GREEN)
    Notification.objects.all().delete()  # the assignment's
    WebhookEndpoint.objects.create(unit=None, url=robot.url)
    first = Worker(tmp_path / "first")
    (tmp_path / "first").mkdir()
    first.start()
    from tracker.celery import app

    # the sweep blocks on a lock held here, so the worker is killed in the middle of it
    blocker = connection.get_new_connection(connection.get_connection_params())
    try:
        cursor = blocker.cursor()
        if connection.vendor == "sqlite":
            blocker.isolation_level = None
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("UPDATE directives_task SET title = title WHERE id = ?", [task.pk])
        else:
            cursor.execute("SELECT id FROM directives_task WHERE id = %s FOR UPDATE", [task.pk])
        app.send_task("directives.overdue_sweep", kwargs={"day": DAY.isoformat()}, queue=first.queue)
        wait_until(lambda: "directives.overdue_sweep" in first.log.read_text(), worker=first)
        time.sleep(1.0)  # inside the sweep, waiting for the lock

        # when the worker is killed outright, then the lock goes away and a worker starts again
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        blocker.rollback()
    finally:
        blocker.close()
    assert not Notification.objects.exists()  # the killed run committed nothing
    second = Worker(tmp_path / "second")
    (tmp_path / "second").mkdir()
    second.queue = first.queue
    second.start()
    try:
        # then the sweep runs again, and the office and its robot hear of the task once
        wait_until(lambda: Task.objects.get(pk=task.pk).is_overdue, timeout=60, worker=second)
        wait_until(lambda: len(robot.requests) >= 1, timeout=30, worker=second)
        # a further sweep (and any late copy of the message) tells nobody again
        again = second.run(tasks.overdue_sweep_task, day=DAY.isoformat())
        time.sleep(1.5)
    finally:
        second.stop()
    assert again["notified"] == 0
    # one row for the office member, one carrying the office robot's delivery
    assert sorted(Notification.objects.values_list("kind", "recipient__username"), key=str) == [
        (Kind.TASK_OVERDUE, "office"), (Kind.TASK_OVERDUE, None)
    ]
    assert NotificationDelivery.objects.filter(status="sent").count() == 1
    assert len(robot.requests) == 1
