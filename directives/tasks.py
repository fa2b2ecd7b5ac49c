"""Celery tasks: thin wrappers that take ids and ISO dates, call a service and return its figures.

Names are explicit and stable (``directives.<name>``, pinned by a test): beat's
schedules in the database refer to them.

Faults: every job here may run twice (notifications are keyed, summaries kept
once, deliveries and export jobs claimed by compare-and-set), so each is
acknowledged only when done (``acks_late``): a worker killed mid-job leaves its
message to be given to a worker again (Redis: after the visibility timeout).
The periodic jobs and deliveries are also given back when their worker process
is lost (``reject_on_worker_lost``); an export is not, so a file that kills its
worker (memory) is not tried for ever: the sweep marks it failed.
"""
import logging

from celery import shared_task
from django.conf import settings

from .dates import parse_day, parse_moment
from .services import exports, jobs, requeue, speech_jobs
from .services.notifications import deliveries

logger = logging.getLogger(__name__)


@shared_task(name="directives.overdue_sweep", acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=300)
def overdue_sweep_task(day: str | None = None) -> dict:
    """The sweep, then the jobs a fault left behind (an export or a speech import not queued while the broker was down)."""
    return {**jobs.overdue_sweep(day=parse_day(day)), **requeue.jobs_requeue(),
            **speech_jobs.speech_import_jobs_requeue()}


@shared_task(name="directives.deadline_reminders", acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=300)
def deadline_reminders_task(day: str | None = None) -> dict:
    return jobs.deadline_reminders_send(day=parse_day(day))


@shared_task(name="directives.report_reminders", acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=300)
def report_reminders_task(now: str | None = None) -> dict:
    return jobs.report_reminders_send(now=parse_moment(now))


@shared_task(name="directives.daily_summaries", acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=300)
def daily_summaries_task(now: str | None = None, day: str | None = None, force: bool = False) -> dict:
    return jobs.daily_summaries_build(now=parse_moment(now), day=parse_day(day), force=force)


@shared_task(name="directives.deliveries_send", acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=180)
def deliveries_send_task(delivery_ids: list[int]) -> dict:
    """One attempt at each delivery; each failure with tries left is queued again after a doubling delay."""
    outcomes = deliveries.deliveries_send(delivery_ids=delivery_ids)
    counts: dict[str, int] = {}
    for delivery_id, (outcome, attempts) in outcomes.items():
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == deliveries.RETRY:
            deliveries_send_task.apply_async(args=[[delivery_id]], countdown=deliveries.retry_delay(attempts))
    return counts


@shared_task(bind=True, name="directives.export_job_run", acks_late=True, soft_time_limit=1500, time_limit=1800)
def export_job_run_task(self, job_id: int) -> dict:
    """Write a large export's workbook (ExportJob), updating its progress as it goes."""
    if (self.request.delivery_info or {}).get("redelivered"):
        # Given back after its worker died mid-file: the job left "running" is written again.
        requeue.export_job_release(job_id=job_id)
    job = exports.export_job_run(job_id=job_id)
    if job is None:
        return {"job": job_id, "status": "already taken"}
    return {"job": job_id, "status": job.status, "rows": job.done_rows}


@shared_task(bind=True, name="directives.speech_import_job_run", acks_late=True,
             soft_time_limit=settings.DUBAN_SPEECH_IMPORT_TIME_LIMIT, time_limit=settings.DUBAN_SPEECH_IMPORT_TIME_LIMIT + 60)
def speech_import_job_run_task(self, job_id: int) -> dict:
    """Read, extract and store a big speech file (SpeechImportJob), recording its stage as it goes."""
    if (self.request.delivery_info or {}).get("redelivered"):
        # Given back after its worker died mid-import (the import is one transaction: nothing was stored).
        speech_jobs.speech_import_job_release(job_id=job_id)
    job = speech_jobs.speech_import_job_run(job_id=job_id)
    if job is None:
        return {"job": job_id, "status": "already taken"}
    return {"job": job_id, "status": job.status, "speeches": job.speech_ids}
