import json

import pytest
from celery import current_app
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directives import tasks
from directives.services.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (t.name, t.task, t.enabled, t.kwargs, str(t.crontab), str(t.crontab.timezone), t.date_changed)
        for t in PeriodicTask.objects.select_related("crontab")
    )


def test_setup_schedules_creates_one_periodic_task_per_job_in_shanghai_time():
    call_command("setup_schedules")

    rows = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    assert {t.task for t in rows.values()} == {
        "directives.overdue_sweep", "directives.deadline_reminders", "directives.report_reminders",
        "directives.daily_summaries",
    }
    assert {str(t.crontab.timezone) for t in rows.values()} == {"Asia/Shanghai"}
    sweep = rows["督办:逾期巡检"]
    assert (sweep.crontab.minute, sweep.crontab.hour, json.loads(sweep.kwargs)) == ("*/15", "*", {})


def test_setup_schedules_twice_changes_nothing():
    call_command("setup_schedules")
    before = snapshot()
    crontabs = CrontabSchedule.objects.count()

    call_command("setup_schedules")

    assert snapshot() == before
    assert CrontabSchedule.objects.count() == crontabs


def test_setup_schedules_keeps_what_the_office_edited_unless_reset():
    # given: the office moved the deadline reminders to 07:45 and switched the sweep off
    call_command("setup_schedules")
    reminders = PeriodicTask.objects.get(task="directives.deadline_reminders")
    reminders.crontab = CrontabSchedule.objects.create(minute="45", hour="7", timezone="Asia/Shanghai")
    reminders.save()
    PeriodicTask.objects.filter(task="directives.overdue_sweep").update(enabled=False)

    # when / then
    call_command("setup_schedules")
    reminders.refresh_from_db()
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("7", "45")
    assert not PeriodicTask.objects.get(task="directives.overdue_sweep").enabled

    call_command("setup_schedules", "--reset")
    reminders.refresh_from_db()
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("8", "30")
    assert PeriodicTask.objects.get(task="directives.overdue_sweep").enabled


@pytest.mark.parametrize(
    "task, name",
    [
        (tasks.overdue_sweep_task, "directives.overdue_sweep"),
        (tasks.deadline_reminders_task, "directives.deadline_reminders"),
        (tasks.report_reminders_task, "directives.report_reminders"),
        (tasks.daily_summaries_task, "directives.daily_summaries"),
        (tasks.deliveries_send_task, "directives.deliveries_send"),
    ],
)
def test_task_names_are_stable_and_time_limited(task, name):
    assert task.name == name
    assert name in current_app.tasks
    assert 0 < task.soft_time_limit < task.time_limit


def test_every_schedule_names_a_registered_task():
    assert {s.task for s in SCHEDULES} <= set(current_app.tasks)
