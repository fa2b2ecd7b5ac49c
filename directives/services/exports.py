"""Spreadsheet exports: written at once when small, as a background ExportJob when large.

An export is described by its kind and JSON-safe params, so the same
description is written in the request (small exports) or by the Celery worker
(``export_job_run``), and both hold the same rows:

- ledger: ``{"source": "workspace" | "admin", "query": "<the list's GET query>",
  "group_by_point": bool, "sheet_per_lead_unit": bool}``; the rows are the
  ones the list shows for that query to the requesting user (``exports.sources``);
- report_matrix: ``{"campaign": id, "start": iso, "end": iso, "branch": id | None}``;
- bulletin: ``{"start": iso, "end": iso}``;
- ranking: ``{"period": "2026-11" | "2026-Q4"}``.
"""
import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dates import parse_day
from ..exports.bulletin import bulletin_workbook_write
from ..exports.ledger import LedgerOptions, ledger_workbook_write
from ..exports.ranking import ranking_workbook_write
from ..exports.report_matrix import report_matrix_workbook_write
from ..exports.sources import ledger_tasks
from ..models import ExportJob, ReportCampaign, Unit
from ..permissions import check_export
from ..selectors.bulletins import bulletin_row_estimate
from ..selectors.scores import ScorePeriod

Kind = ExportJob.Kind
logger = logging.getLogger(__name__)

# Rows written between two progress updates of a background job.
PROGRESS_CHUNK = 2000


# ----------------------------------------------------------------- which rows


def export_row_count(*, kind: str, params: dict, user) -> int:
    """How many rows the export will write (decides between at once and in the background)."""
    if kind == Kind.LEDGER:
        return ledger_tasks(user=user, source=params["source"], query=params.get("query", "")).count()
    if kind == Kind.REPORT_MATRIX:
        campaign = ReportCampaign.objects.get(pk=params["campaign"])
        return campaign.units.count()
    if kind == Kind.BULLETIN:
        return bulletin_row_estimate(parse_day(params["start"]), parse_day(params["end"]))
    if kind == Kind.RANKING:
        ScorePeriod.parse(params["period"])
        return 0  # a few hundred units at most: always written at once
    raise ValidationError(_("未知的导出类型:%(kind)s") % {"kind": kind})


# ----------------------------------------------------------------- writing


def ledger_title(params: dict) -> str:
    """What a ledger export is called, on its sheets and in its file name: a 任务分工表 when grouped by
    point, a ledger split by lead unit when it has a sheet per unit, else the 督办台账."""
    if params.get("title"):
        return params["title"]
    if params.get("group_by_point"):
        return _("任务分工表")
    return _("督办台账")


def export_filename(kind: str, params: dict, *, as_of: datetime.datetime | None = None) -> str:
    as_of = timezone.localtime(as_of) if as_of else timezone.localtime()
    stamp = f"{as_of:%Y%m%d_%H%M}"
    if kind == Kind.LEDGER:
        name = ledger_title(params)
        if params.get("sheet_per_lead_unit"):
            name = _("%(title)s_按牵头单位分表") % {"title": name}
    elif kind == Kind.REPORT_MATRIX:
        campaign = ReportCampaign.objects.filter(pk=params.get("campaign")).values_list("name", flat=True).first()
        name = _("%(campaign)s_报送情况") % {"campaign": campaign or _("日报告")}
    elif kind == Kind.RANKING:
        name = _("考核排名_%(period)s") % {"period": ScorePeriod.parse(params["period"]).label}
    else:
        name = _("通报_%(start)s至%(end)s") % {"start": params["start"], "end": params["end"]}
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)
    return f"{safe}_{stamp}.xlsx"


def export_write(*, kind: str, params: dict, user, out, on_progress=None, as_of=None) -> int:
    """Write the export described by ``kind`` and ``params`` to ``out``; return the rows written."""
    check_export(user, kind=kind, params=params)
    if kind == Kind.LEDGER:
        tasks = ledger_tasks(user=user, source=params["source"], query=params.get("query", ""))
        options = LedgerOptions(
            title=ledger_title(params),
            as_of=as_of,
            group_by_point=bool(params.get("group_by_point")),
            group_by_source=bool(params.get("group_by_source")),
            sheet_per_lead_unit=bool(params.get("sheet_per_lead_unit")),
            chunk_size=PROGRESS_CHUNK,
        )
        return ledger_workbook_write(tasks, out, options=options, on_progress=on_progress)
    if kind == Kind.REPORT_MATRIX:
        campaign = ReportCampaign.objects.get(pk=params["campaign"])
        branch = Unit.objects.get(pk=params["branch"]) if params.get("branch") else None
        return report_matrix_workbook_write(
            campaign, parse_day(params["start"]), parse_day(params["end"]), out, branch=branch, now=as_of
        )
    if kind == Kind.BULLETIN:
        return bulletin_workbook_write(parse_day(params["start"]), parse_day(params["end"]), out, now=as_of)
    if kind == Kind.RANKING:
        return ranking_workbook_write(ScorePeriod.parse(params["period"]), out, now=as_of)
    raise ValidationError(_("未知的导出类型:%(kind)s") % {"kind": kind})


# ----------------------------------------------------------------- background jobs


def export_runs_in_background(row_count: int) -> bool:
    return row_count > settings.DUBAN_EXPORT_SYNC_LIMIT


@transaction.atomic
def export_job_create(*, kind: str, params: dict, requested_by, total_rows: int = 0) -> ExportJob:
    """Record a background export and queue it once the transaction commits."""
    check_export(requested_by, kind=kind, params=params)
    job = ExportJob.objects.create(kind=kind, params=params, requested_by=requested_by, total_rows=total_rows)
    from ..tasks import export_job_run_task

    # Queued once committed; with the broker down the job stays pending and the overdue sweep queues it.
    export_job_run_task.delay_on_commit(job.pk)
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write a pending job's file, updating its progress; return the job, or None if another run took it.

    Compare-and-set from pending to running: a job queued twice is written once.
    A failure is recorded on the job (status failed, the error) and not raised.
    """
    started = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING
    )
    if not started:
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(done_rows=done)

    try:
        job.total_rows = export_row_count(kind=job.kind, params=job.params, user=job.requested_by)
        ExportJob.objects.filter(pk=job_id).update(total_rows=job.total_rows)
        as_of = timezone.now()
        with tempfile.TemporaryDirectory(prefix="duban-export-") as scratch:
            path = Path(scratch) / "export.xlsx"
            rows = export_write(
                kind=job.kind, params=job.params, user=job.requested_by, out=str(path), on_progress=progress,
                as_of=as_of,
            )
            with path.open("rb") as handle:
                job.file.save(export_filename(job.kind, job.params, as_of=as_of), File(handle), save=False)
        job.done_rows = job.total_rows = rows
        job.status = ExportJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "done_rows", "total_rows", "status", "finished_at"])
    except Exception as error:  # recorded for the requester; the worker log keeps the traceback
        job.status = ExportJob.Status.FAILED
        job.error = str(error)[:2000] or error.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        logger.exception("export job %s failed", job_id)
    return job
