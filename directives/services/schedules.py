"""The periodic jobs' schedules, kept by django-celery-beat in the database (editable in the admin)."""
import dataclasses
import json

from django.conf import settings
from django.db import transaction


@dataclasses.dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    description: str


# Crontab lines in Asia/Shanghai. The report reminder job decides per campaign
# whether it is within the reminder window before the cutoff, or past it.
SCHEDULES = (
    Schedule("督办:逾期巡检", "directives.overdue_sweep", "*/15", "*",
             "每15分钟:标记逾期、刷新红黄绿灯,向督查室通报新逾期事项"),
    Schedule("督办:到期提醒", "directives.deadline_reminders", "30", "8",
             "每天08:30:提醒单位即将到期和今日到期的事项"),
    Schedule("督办:日报提醒", "directives.report_reminders", "0,30", "7-22",
             "07:00–22:30每半小时:截止前提醒未报单位,截止后向督查室发送缺报名单"),
    Schedule("督办:日报汇总", "directives.daily_summaries", "10", "*",
             "每小时第10分:截止时间已过的日报告生成并保存当日汇总"),
)


def _crontab(schedule: Schedule):
    from django_celery_beat.models import CrontabSchedule

    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=schedule.minute, hour=schedule.hour, day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    return crontab


@transaction.atomic
def schedules_ensure(*, reset: bool = False) -> dict[str, str]:
    """Create the missing periodic tasks; return {name: "created" | "kept" | "reset"}.

    A schedule already there is kept as the office left it (times edited or
    switched off in the admin), unless ``reset`` restores the defaults. Running
    this twice changes nothing.
    """
    from django_celery_beat.models import PeriodicTask

    outcome = {}
    for schedule in SCHEDULES:
        existing = PeriodicTask.objects.filter(name=schedule.name).first()
        if existing is not None and not reset:
            outcome[schedule.name] = "kept"
            continue
        values = dict(
            task=schedule.task, crontab=_crontab(schedule), interval=None, solar=None, clocked=None,
            args="[]", kwargs=json.dumps({}), enabled=True, one_off=False, description=schedule.description,
        )
        if existing is None:
            PeriodicTask.objects.create(name=schedule.name, **values)
            outcome[schedule.name] = "created"
            continue
        changed = [key for key, value in values.items() if getattr(existing, key) != value]
        if changed:
            for key in changed:
                setattr(existing, key, values[key])
            existing.save()
        outcome[schedule.name] = "reset" if changed else "kept"
    return outcome


def jobs_enqueue_now() -> list[str]:
    """Queue every periodic job once, e.g. at start-up so the demo's reminders arrive at once."""
    from .. import tasks

    queued = []
    for task in (
        tasks.overdue_sweep_task, tasks.deadline_reminders_task, tasks.report_reminders_task, tasks.daily_summaries_task
    ):
        task.delay()
        queued.append(task.name)
    return queued
