"""Writes for the Word papers: keep a generated 督办通知书 or 督查通报 as a finished ExportJob with its file.

A paper kept this way is downloaded like any export (``workspace:export_job_download``)
by the user it was made for, or by office staff.
"""
import datetime
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import ExportJob
from ..papers.bulletin import bulletin_document_write
from ..papers.notices import notices_document_write
from ..selectors.papers import notice_tasks


def _keep(*, kind: str, params: dict, content: bytes, filename: str, requested_by, rows: int) -> ExportJob:
    now = timezone.now()
    job = ExportJob(kind=kind, params=params, status=ExportJob.Status.DONE, total_rows=rows, done_rows=rows,
                    requested_by=requested_by, created_at=now, finished_at=now)
    job.file.save(filename, ContentFile(content), save=False)
    job.save()
    return job


@transaction.atomic
def notices_keep(*, task_ids: list[int], requested_by, day: datetime.date | None = None) -> ExportJob:
    """Generate the 督办通知书 of ``task_ids`` (a page per lead unit) and keep it as a finished job."""
    day = day or timezone.localdate()
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        count = notices_document_write(notice_tasks(task_ids), out, day=day)
        filename = _("督办通知书_%(day)s.docx") % {"day": f"{day:%Y%m%d}"}
    return _keep(kind=ExportJob.Kind.NOTICES, params={"tasks": list(task_ids), "day": day.isoformat()},
                 content=out.getvalue(), filename=filename, requested_by=requested_by, rows=count)


@transaction.atomic
def bulletin_document_keep(*, start: datetime.date, end: datetime.date, requested_by, now=None) -> ExportJob:
    """Generate the written 督查通报 of ``start``–``end`` and keep it as a finished job."""
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        bulletin = bulletin_document_write(start, end, out, now=now)
        filename = _("督查通报_%(start)s至%(end)s.docx") % {"start": f"{start:%Y%m%d}", "end": f"{end:%Y%m%d}"}
    return _keep(kind=ExportJob.Kind.BULLETIN_DOCUMENT, params={"start": start.isoformat(), "end": end.isoformat()},
                 content=out.getvalue(), filename=filename, requested_by=requested_by, rows=len(bulletin.units))
