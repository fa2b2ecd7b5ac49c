"""The HTTP answer to an export request, for the workspace pages and the admin alike.

A small export is written in the request and downloaded at once; one over
``DUBAN_EXPORT_SYNC_LIMIT`` rows becomes an ExportJob run by Celery, and the
user is sent to its page, which refreshes itself until the file is ready.
"""
import io

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils import timezone, translation

from ..models import ExportJob
from ..permissions import check_export
from ..services import exports as export_services
from .ledger import LedgerOptions, ledger_workbook_write

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = ExportJob.Kind


def xlsx_download(content: bytes, filename: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX)


def export_response(request, *, kind: str, params: dict):
    """The file at once for a small export, else a redirect to the page of a new background job."""
    check_export(request.user, kind=kind, params=params)
    count = export_services.export_row_count(kind=kind, params=params, user=request.user)
    if export_services.export_runs_in_background(count):
        job = export_services.export_job_create(kind=kind, params=params, requested_by=request.user, total_rows=count)
        return redirect("workspace:export_job", pk=job.pk)
    as_of = timezone.now()
    out = io.BytesIO()
    # Spreadsheets are for Chinese offices: written in the site language whatever the browser asks, as Celery does.
    with translation.override(settings.LANGUAGE_CODE):
        export_services.export_write(kind=kind, params=params, user=request.user, out=out, as_of=as_of)
        filename = export_services.export_filename(kind, params, as_of=as_of)
    return xlsx_download(out.getvalue(), filename)


def ledger_queryset_response(request, queryset, *, admin_query: str):
    """The ledger of an admin action's selected rows; a selection too large to write now is the whole filtered list
    (only "select all" makes one), exported in the background from the changelist's query."""
    count = queryset.count()
    if export_services.export_runs_in_background(count):
        return export_response(request, kind=Kind.LEDGER, params={"source": "admin", "query": admin_query})
    as_of = timezone.now()
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        ledger_workbook_write(queryset, out, options=LedgerOptions(as_of=as_of))
        filename = export_services.export_filename(Kind.LEDGER, {}, as_of=as_of)
    return xlsx_download(out.getvalue(), filename)
