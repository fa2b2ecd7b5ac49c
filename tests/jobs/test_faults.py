"""Faults: a broker that is down, a worker killed mid-job.

With the broker unreachable a page that queues a job answers at once (no 500,
no stall) and the job's row stays pending; once the broker is back the overdue
sweep queues it again and a real worker does it. A worker killed with SIGKILL
in the middle of a job (acks_late) has the job run again after its restart,
and nobody is told twice.
"""
import contextlib
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


@contextlib.contextmanager
def unreachable_broker(url: str):
    """This process's Celery app publishes to ``url`` (nobody there) until the block ends.

    ``broker_write_url`` is what publishing uses; set here it wins over the
    CELERY_BROKER_URL environment variable Celery itself reads first.
    """
    from tracker.celery import app

    def reset_producers():
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.broker_write_url, app.conf.broker_transport_options
    app.conf.broker_write_url = url
    app.conf.broker_transport_options = project_settings.celery_broker_transport_options(url)
    reset_producers()
    assert app.connection_for_write().as_uri().split("@")[-1] in url
    try:
        yield
    finally:
        app.conf.broker_write_url, app.conf.broker_transport_options = saved
        reset_producers()


@pytest.fixture(params=sorted(UNREACHABLE_BROKERS))
def broker_down(request, caplog):
    """Publishing cannot reach the broker (each kind); the test checks it was tried and refused."""
    with unreachable_broker(UNREACHABLE_BROKERS[request.param]):
        yield
    assert any("could not queue" in record.getMessage() for record in caplog.get_records("call"))


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


def kill_worker_mid_job(tmp_path, monkeypatch, *, task_name: str, kwargs: dict, lock_sql: dict) -> Worker:
    """Start a worker, send it ``task_name`` while a lock the job needs is held here, SIGKILL the worker
    in the middle of the job, free the lock and start a new worker on the same queue; return it.

    ``lock_sql``: {"sqlite": [...], "postgresql": [...]} statements that take the lock (in a transaction).
    On Redis the job a dead worker held comes back after 2 s (CELERY_VISIBILITY_TIMEOUT); on the
    embedded SQLite broker the new worker (same name) queues it again from its notes (tracker.running_jobs).
    """
    from tracker.celery import app

    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_SECONDS", "1")
    (tmp_path / "first").mkdir()
    first = Worker(tmp_path / "first")
    first.start()
    blocker = connection.get_new_connection(connection.get_connection_params())
    try:
        cursor = blocker.cursor()
        if connection.vendor == "sqlite":
            blocker.isolation_level = None
            cursor.execute("BEGIN IMMEDIATE")
        for statement in lock_sql[connection.vendor]:
            cursor.execute(statement)
        app.send_task(task_name, kwargs=kwargs, queue=first.queue)
        wait_until(lambda: f"{task_name}[" in first.log.read_text(), worker=first)
        time.sleep(1.0)  # inside the job, waiting for the lock
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        blocker.rollback()
    finally:
        blocker.close()
    (tmp_path / "second").mkdir()
    second = Worker(tmp_path / "second")
    second.queue = first.queue
    second.start()
    return second


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_sweep_runs_it_again_after_restart_and_tells_once(
    tmp_path, monkeypatch, robot, unit_a, office_user
):
    # given an overdue task and an office robot
    task = factories.make_task(lead_unit=unit_a, title="昨天到期", deadline=DAY - datetime.timedelta(days=1))
    Task.objects.filter(pk=task.pk).update(is_overdue=False, light=Task.Light.GREEN)
    Notification.objects.all().delete()  # the assignment's
    WebhookEndpoint.objects.create(unit=None, url=robot.url)

    # when the worker is killed while the sweep waits for the task's row, and a worker starts again
    second = kill_worker_mid_job(
        tmp_path, monkeypatch, task_name="directives.overdue_sweep", kwargs={"day": DAY.isoformat()},
        lock_sql={
            "sqlite": [f"UPDATE directives_task SET title = title WHERE id = {task.pk}"],
            "postgresql": [f"SELECT id FROM directives_task WHERE id = {task.pk} FOR UPDATE"],
        },
    )
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


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_export_writes_it_after_restart(tmp_path, monkeypatch, office_user, unit_a):
    # given a background export
    for n in range(3):
        factories.make_task(lead_unit=unit_a, title=f"事项{n}", deadline=DAY)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.LEDGER, params={"source": "workspace", "query": ""}, requested_by=office_user,
    )

    # when the worker is killed while the job (already taken: "running" on PostgreSQL) waits to read the tasks
    second = kill_worker_mid_job(
        tmp_path, monkeypatch, task_name="directives.export_job_run", kwargs={"job_id": job.pk},
        lock_sql={
            "sqlite": ["UPDATE directives_task SET title = title"],
            "postgresql": ["BEGIN", "LOCK TABLE directives_task IN ACCESS EXCLUSIVE MODE"],
        },
    )
    try:
        # then the job comes back to a worker, which writes the file
        wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE, timeout=60, worker=second)
    finally:
        second.stop()
    job.refresh_from_db()
    assert job.done_rows == 3 and job.file.name.endswith(".xlsx")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_deliveries_left_pending_by_a_broker_down_are_sent_after_the_next_sweep(  # noqa: F811
    worker, robot, unit_a, clerk_a, office_user
):
    # given an urge whose robot delivery could not be queued (written, never tried)
    WebhookEndpoint.objects.create(unit=unit_a, url=robot.url)
    task = factories.make_task(lead_unit=unit_a, deadline=DAY)
    wait_until(lambda: len(robot.requests) == 1, worker=worker)  # the assignment's, sent normally
    from directives.services import workflow

    with unreachable_broker(UNREACHABLE_BROKERS["redis"]):
        workflow.task_urge(task=task, actor=office_user, note="请加快进度")
    urge = NotificationDelivery.objects.get(notification__kind=Kind.TASK_URGED)
    assert (urge.status, urge.attempts) == ("pending", 0)

    # when the broker is back: a sweep soon after does not touch it, one after the grace queues it
    early = worker.run(tasks.overdue_sweep_task, day=DAY.isoformat())
    NotificationDelivery.objects.filter(pk=urge.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=6))
    late = worker.run(tasks.overdue_sweep_task, day=DAY.isoformat())

    # then it is sent, once
    wait_until(lambda: NotificationDelivery.objects.get(pk=urge.pk).status == "sent", worker=worker)
    assert (early["stale_deliveries_requeued"], late["stale_deliveries_requeued"]) == (0, 1)
    time.sleep(1.0)
    assert [body["text"]["content"].split(":")[0] for _at, _path, body in robot.requests] == ["【督办】新交办", "【督办】催办"]


def test_sweep_gives_up_on_an_export_left_running_by_a_dead_worker(office_user):
    # given one export running far longer than any worker may, and one running now
    now = timezone.now()
    dead = ExportJob.objects.create(kind=ExportJob.Kind.LEDGER, requested_by=office_user, status="running")
    alive = ExportJob.objects.create(kind=ExportJob.Kind.LEDGER, requested_by=office_user, status="running")
    from directives.services import requeue

    ExportJob.objects.filter(pk=dead.pk).update(created_at=now - requeue.export_running_stale_after() - datetime.timedelta(minutes=1))

    # when
    figures = requeue.jobs_requeue(now=now)

    # then the requester sees it failed, with what to do
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert figures == {"exports_requeued": 0, "exports_abandoned": 1}
    assert dead.status == "failed" and "请重新导出" in dead.error and alive.status == "running"
