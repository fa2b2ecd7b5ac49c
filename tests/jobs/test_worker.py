"""The jobs through a real Celery worker process, on the configured broker.

The worker is ``celery -A tracker worker --pool=solo`` in a subprocess, pointed
(DATABASE_URL) at this test run's database, on a queue of its own so no other
worker takes its messages: the embedded broker (SQLite via SQLAlchemy) by
default, Redis when CELERY_BROKER_URL says so (CI). Tests use committed data
(transactional_db) so the worker sees it.
"""
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from directives import tasks
from directives.models import DailyReport, DailySummary, Notification, NotificationDelivery, Task, WebhookEndpoint
from tests import factories
from tests.jobs.conftest import DAY

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
RETRY_SECONDS = 0.3
MAX_ATTEMPTS = 3
Kind = Notification.Kind


def database_url() -> str:
    """A DATABASE_URL for the test database this process uses."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


class Worker:
    def __init__(self, tmp: Path, pool: str = "solo", env: dict | None = None):
        self.queue = f"duban-test-{uuid.uuid4().hex[:10]}"
        self.log = tmp / "worker.log"
        self.mail_dir = tmp / "mail"
        self.process = None
        # The solo pool enforces no time limits; "prefork" (as `make run`) does.
        self.pool, self.extra_env = pool, env or {}

    def start(self):
        from tracker.celery import app

        # Create the embedded broker's tables from here first, so two processes never race to.
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=3)
            conn.default_channel
        env = dict(
            os.environ,
            DATABASE_URL=database_url(),
            DUBAN_VAR_DIR=str(settings.VAR_DIR),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            DUBAN_WEBHOOK_RETRY_SECONDS=str(RETRY_SECONDS),
            DUBAN_WEBHOOK_MAX_ATTEMPTS=str(MAX_ATTEMPTS),
            DUBAN_WEBHOOK_TIMEOUT="5",
            # The test robots listen on 127.0.0.1, which production refuses.
            DUBAN_WEBHOOK_ALLOW_PRIVATE="1",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.mail_dir),
            DATABASE_CONN_MAX_AGE="0",
            **self.extra_env,
        )
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "tracker", "worker", f"--pool={self.pool}", "--concurrency=1",
                "-Q", self.queue,
                "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )

    def run(self, task, timeout=60, **kwargs):
        """Queue ``task`` for this worker and wait for its result."""
        assert self.process.poll() is None, self.log.read_text()
        try:
            return task.apply_async(kwargs=kwargs, queue=self.queue, ignore_result=False).get(timeout=timeout)
        except Exception:
            print(self.log.read_text()[-5000:])
            raise

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # cold shutdown: nothing is left to finish
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def worker(django_db_setup, tmp_path_factory):
    from tracker.celery import app

    worker = Worker(tmp_path_factory.mktemp("celery-worker"))
    worker.start()
    # What this process queues (deliveries of workflow moves) goes to this worker too.
    default_queue, app.conf.task_default_queue = app.conf.task_default_queue, worker.queue
    yield worker
    app.conf.task_default_queue = default_queue
    worker.stop()


def wait_until(condition, timeout=30.0, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    if worker is not None:
        print(worker.log.read_text()[-5000:])
    raise AssertionError("condition not met in time")


def days(n):
    return DAY + datetime.timedelta(days=n)


def test_worker_deadline_reminders_reach_exactly_the_right_units_and_robots(
    worker, robot, unit_a, unit_b, unit_c, clerk_a, head_a, clerk_b, clerk_c, office_user
):
    # given
    WebhookEndpoint.objects.create(unit=unit_a, url=robot.url)
    due_soon = factories.make_task(lead_unit=unit_a, title="三天后到期的事项", deadline=days(3), cooperating_units=[unit_c])
    factories.make_task(lead_unit=unit_b, title="两天后到期的事项", deadline=days(2))

    # when
    figures = worker.run(tasks.deadline_reminders_task, day=DAY.isoformat())

    # then: clerk and head of the lead unit, clerk of the cooperating unit, nobody else
    assert figures["notified"] == 4  # 3 people + unit A's robot row
    reminders = Notification.objects.filter(kind=Kind.TASK_DUE_SOON)
    assert sorted(reminders.exclude(recipient=None).values_list("recipient__username", flat=True)) == [
        "clerk_a", "clerk_c", "head_a"
    ]
    wait_until(lambda: not NotificationDelivery.objects.filter(status="pending").exists(), worker=worker)
    assert sorted(
        NotificationDelivery.objects.filter(notification__in=reminders).values_list("channel", "status", "attempts")
    ) == [("email", "sent", 1), ("webhook", "sent", 1)]
    body = robot.requests[-1][2]
    assert body == {
        "msgtype": "text",
        "text": {
            "content": f"【督办】3天后到期:{due_soon.tracking_number} 三天后到期的事项\n完成时限:{days(3):%Y-%m-%d},请抓紧办理。"
            f"\nhttp://127.0.0.1:8000/workspace/tasks/{due_soon.pk}/"
        },
    }
    # the assignment (by this process) and the reminder (by the job), both sent by the worker
    assert len(robot.requests) == 2 and robot.requests[0][2]["text"]["content"].startswith("【督办】新交办")
    assert len(list(worker.mail_dir.iterdir())) == 2


def test_worker_second_run_sends_nothing_new(worker, robot, unit_a, clerk_a, head_a):
    # given
    factories.make_task(lead_unit=unit_a, deadline=days(1))
    WebhookEndpoint.objects.create(unit=unit_a, url=robot.url, message_format="markdown")
    Notification.objects.all().delete()  # the assignment's
    first = worker.run(tasks.deadline_reminders_task, day=DAY.isoformat())
    wait_until(lambda: not NotificationDelivery.objects.filter(status="pending").exists(), worker=worker)

    # when
    second = worker.run(tasks.deadline_reminders_task, day=DAY.isoformat())
    time.sleep(1.5)  # time for any (wrongly) queued delivery to go out

    # then
    assert (first["notified"], second["notified"], second["deliveries"]) == (3, 0, 0)
    assert Notification.objects.count() == 3 and NotificationDelivery.objects.count() == 2
    assert len(robot.requests) == 1
    assert robot.requests[0][2]["msgtype"] == "markdown"


def test_worker_failed_webhook_is_retried_with_backoff_then_recorded_failed(worker, failing_robot, unit_a, clerk_a):
    # given
    factories.make_task(lead_unit=unit_a, deadline=DAY)
    WebhookEndpoint.objects.create(unit=unit_a, url=failing_robot.url)

    # when
    worker.run(tasks.deadline_reminders_task, day=DAY.isoformat())

    # then
    wait_until(lambda: NotificationDelivery.objects.filter(status="failed").exists(), worker=worker)
    delivery = NotificationDelivery.objects.get()
    assert (delivery.channel, delivery.attempts) == ("webhook", MAX_ATTEMPTS)
    assert "HTTP 500" in delivery.last_error and delivery.sent_at is None
    times = [at for at, _path, _body in failing_robot.requests]
    assert len(times) == MAX_ATTEMPTS
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[0] >= RETRY_SECONDS * 0.9 and gaps[1] >= 2 * RETRY_SECONDS * 0.9, gaps
    time.sleep(2 * RETRY_SECONDS * 2)
    assert len(failing_robot.requests) == MAX_ATTEMPTS  # no try after the last


def test_worker_overdue_sweep_flags_and_reports_once(worker, unit_a, office_user):
    # given
    task = factories.make_task(lead_unit=unit_a, title="昨天到期", deadline=days(-1))
    Task.objects.filter(pk=task.pk).update(is_overdue=False, light=Task.Light.GREEN)
    Notification.objects.all().delete()  # the assignment's

    # when
    first = worker.run(tasks.overdue_sweep_task, day=DAY.isoformat())
    second = worker.run(tasks.overdue_sweep_task, day=DAY.isoformat())

    # then
    task.refresh_from_db()
    assert (task.is_overdue, task.light) == (True, "red")
    assert (first["notified"], second["notified"]) == (1, 0)
    assert list(Notification.objects.values_list("kind", "recipient__username")) == [(Kind.TASK_OVERDUE, "office")]


def test_worker_report_reminders_and_daily_summary(worker, unit_a, unit_b, clerk_a, clerk_b, office_user):
    # given: unit A has filed today, unit B has not
    campaign = factories.CampaignFactory(units=[unit_a, unit_b])
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=DAY, is_zero=True)

    # when
    before = worker.run(tasks.report_reminders_task, now=f"{DAY.isoformat()}T15:00:00+08:00")
    after = worker.run(tasks.report_reminders_task, now=f"{DAY.isoformat()}T16:30:00+08:00")
    summaries = worker.run(tasks.daily_summaries_task, now=f"{DAY.isoformat()}T16:30:00+08:00", day=DAY.isoformat())

    # then
    assert (before["notified"], after["notified"], summaries["built"]) == (1, 1, 1)
    assert sorted(Notification.objects.values_list("kind", "recipient__username")) == [
        (Kind.DAILY_SUMMARY, "office"), (Kind.REPORT_DUE, "clerk_b"), (Kind.REPORT_MISSING, "office")
    ]
    summary = DailySummary.objects.get()
    assert (summary.expected, summary.received, summary.zero, summary.missing_units) == (
        2, 1, 1, [{"id": unit_b.pk, "name": "县交通局"}]
    )
