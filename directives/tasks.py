"""Celery tasks: thin wrappers that take ids and ISO dates, call a service and return its figures.

Names are explicit and stable (``directives.<name>``, pinned by a test): beat's
schedules in the database refer to them.
"""
import datetime
import logging

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .services import exports, jobs, notifications

logger = logging.getLogger(__name__)


def _day(value: str | None) -> datetime.date | None:
    return parse_date(value) if value else None


def _moment(value: str | None) -> datetime.datetime | None:
    """An ISO date-time; a naive one is read in the local time zone (Asia/Shanghai), as the commands read it."""
    moment = parse_datetime(value) if value else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@shared_task(name="directives.overdue_sweep", soft_time_limit=240, time_limit=300)
def overdue_sweep_task(day: str | None = None) -> dict:
    return jobs.overdue_sweep(day=_day(day))


@shared_task(name="directives.deadline_reminders", soft_time_limit=240, time_limit=300)
def deadline_reminders_task(day: str | None = None) -> dict:
    return jobs.deadline_reminders_send(day=_day(day))


@shared_task(name="directives.report_reminders", soft_time_limit=240, time_limit=300)
def report_reminders_task(now: str | None = None) -> dict:
    return jobs.report_reminders_send(now=_moment(now))


@shared_task(name="directives.daily_summaries", soft_time_limit=240, time_limit=300)
def daily_summaries_task(now: str | None = None, day: str | None = None, force: bool = False) -> dict:
    return jobs.daily_summaries_build(now=_moment(now), day=_day(day), force=force)


@shared_task(name="directives.deliveries_send", soft_time_limit=120, time_limit=180)
def deliveries_send_task(delivery_ids: list[int]) -> dict:
    """One attempt at each delivery; each failure with tries left is queued again after a doubling delay."""
    outcomes = notifications.deliveries_send(delivery_ids=delivery_ids)
    counts: dict[str, int] = {}
    for delivery_id, (outcome, attempts) in outcomes.items():
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == notifications.RETRY:
            deliveries_send_task.apply_async(args=[[delivery_id]], countdown=notifications.retry_delay(attempts))
    return counts


@shared_task(name="directives.export_job_run", soft_time_limit=1500, time_limit=1800)
def export_job_run_task(job_id: int) -> dict:
    """Write a large export's workbook (ExportJob), updating its progress as it goes."""
    job = exports.export_job_run(job_id=job_id)
    if job is None:
        return {"job": job_id, "status": "already taken"}
    return {"job": job_id, "status": job.status, "rows": job.done_rows}
