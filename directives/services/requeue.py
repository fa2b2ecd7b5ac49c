"""Jobs left behind by a fault, queued again by the overdue sweep.

A job's row is written before its message is queued, so a broker that is down
(or a worker killed before the job took its row) never loses the job: it stays
"pending" and the next sweep after the broker is back queues it again. Queuing
a job twice is harmless: its run claims the row by compare-and-set from pending
(``exports.export_job_run``, ``notifications.deliveries.deliveries_send``).
"""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExportJob

logger = logging.getLogger(__name__)

# A pending export older than this was not queued (broker down) or its message was lost.
EXPORT_PENDING_GRACE = datetime.timedelta(minutes=5)
# At most this many exports are queued again per sweep.
EXPORT_REQUEUE_LIMIT = 200


def export_running_stale_after() -> datetime.timedelta:
    """A running export older than this has no live worker: the time limit and a redelivery have both passed."""
    redelivery = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 0)
    return datetime.timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT + redelivery)


def export_job_release(*, job_id: int) -> bool:
    """Give a job left "running" by a dead worker back to pending, so the redelivered run writes it."""
    return bool(
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.PENDING, done_rows=0
        )
    )


def export_jobs_requeue(*, now: datetime.datetime | None = None) -> dict:
    """Queue again the exports still pending after the grace; mark failed those running past any live worker.

    Returns {"exports_requeued": n, "exports_abandoned": m}. Queuing happens on
    commit; when the broker is still down the jobs simply wait for the next sweep.
    """
    from ..tasks import export_job_run_task

    now = now or timezone.now()
    pending = list(
        ExportJob.objects.filter(status=ExportJob.Status.PENDING, created_at__lt=now - EXPORT_PENDING_GRACE)
        .order_by("created_at")
        .values_list("pk", flat=True)[:EXPORT_REQUEUE_LIMIT]
    )
    for job_id in pending:
        export_job_run_task.delay_on_commit(job_id)
    abandoned = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, created_at__lt=now - export_running_stale_after()
    ).update(
        status=ExportJob.Status.FAILED,
        error=_("生成中断:后台进程已停止,请重新导出。"),
        finished_at=now,
    )
    if pending or abandoned:
        logger.info("exports queued again: %s; abandoned: %s", len(pending), abandoned)
    return {"exports_requeued": len(pending), "exports_abandoned": abandoned}


@transaction.atomic
def jobs_requeue(*, now: datetime.datetime | None = None) -> dict:
    """Everything the sweep queues again after a fault (exports; deliveries are in ``jobs.overdue_sweep``)."""
    return export_jobs_requeue(now=now)
