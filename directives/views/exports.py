"""Spreadsheet downloads: the ledger of the task list, the report matrix, bulletins; background jobs.

A small export is written in the request and downloaded at once; one over
``DUBAN_EXPORT_SYNC_LIMIT`` rows becomes an ExportJob run by Celery, and the
user is sent to its page, which refreshes itself until the file is ready.
"""
import datetime
import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ExportJob, ReportCampaign, Unit
from ..permissions import access_export_job, check_export
from ..services import exports as export_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = ExportJob.Kind
LEDGER_OPTIONS = ("_group_by_point", "_sheet_per_lead_unit")


def _download(content: bytes, filename: str) -> FileResponse:
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
    return _download(out.getvalue(), filename)


def ledger_queryset_response(request, queryset, *, admin_query: str):
    """The ledger of an admin action's selected rows; a selection too large to write now is the whole filtered list
    (only "select all" makes one), exported in the background from the changelist's query."""
    from ..exports.ledger import LedgerOptions, ledger_workbook_write

    count = queryset.count()
    if export_services.export_runs_in_background(count):
        return export_response(request, kind=Kind.LEDGER, params={"source": "admin", "query": admin_query})
    as_of = timezone.now()
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        ledger_workbook_write(queryset, out, options=LedgerOptions(as_of=as_of))
        filename = export_services.export_filename(Kind.LEDGER, {}, as_of=as_of)
    return _download(out.getvalue(), filename)


@login_required
def ledger_download(request):
    """The ledger of the workspace task list as filtered by this query, for what the user may see."""
    query = request.GET.copy()
    params = {"source": "workspace"}
    for name in LEDGER_OPTIONS:
        if name in query:
            params[name.lstrip("_")] = query.pop(name)[-1] not in ("", "0")
    params["query"] = query.urlencode()
    return export_response(request, kind=Kind.LEDGER, params=params)


class DateRangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    max_days = 366

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise ValidationError(_("结束日期不能早于开始日期。"))
        if start and end and (end - start).days + 1 > self.max_days:
            raise ValidationError(_("日期范围不能超过%(days)s天。") % {"days": self.max_days})
        return cleaned


class MatrixRangeForm(DateRangeForm):
    max_days = 92  # one column a day: more would not fit the width of a printed page


@login_required
def bulletin_download(request):
    """通报 over a date range: a form, then the workbook."""
    check_export(request.user, kind=Kind.BULLETIN, params={})
    today = timezone.localdate()
    if {"start", "end"} <= set(request.GET):
        form = DateRangeForm(request.GET)
        if form.is_valid():
            params = {"start": form.cleaned_data["start"].isoformat(), "end": form.cleaned_data["end"].isoformat()}
            return export_response(request, kind=Kind.BULLETIN, params=params)
    else:
        form = DateRangeForm(initial={"start": today.replace(day=1), "end": today})
    return render(request, "workspace/exports/bulletin_form.html", {"form": form})


@login_required
def report_matrix_download(request, campaign_pk):
    """The campaign's units × days matrix and day summary as a workbook (default: its whole period up to today)."""
    check_export(request.user, kind=Kind.REPORT_MATRIX, params={})
    campaign = get_object_or_404(ReportCampaign, pk=campaign_pk)
    today = timezone.localdate()
    form = MatrixRangeForm(
        request.GET if "start" in request.GET else None,
        initial={"start": campaign.first_day, "end": min(campaign.last_day, max(today, campaign.first_day))},
    )
    if form.is_bound and not form.is_valid():
        return render(request, "workspace/exports/report_matrix_form.html", {"form": form, "campaign": campaign})
    start = form.cleaned_data["start"] if form.is_bound else form.initial["start"]
    end = form.cleaned_data["end"] if form.is_bound else form.initial["end"]
    branch = request.GET.get("branch", "")
    branch_id = Unit.objects.filter(pk=int(branch)).values_list("pk", flat=True).first() if branch.isdigit() else None
    params = {"campaign": campaign.pk, "start": start.isoformat(), "end": end.isoformat(), "branch": branch_id}
    return export_response(request, kind=Kind.REPORT_MATRIX, params=params)


@login_required
def export_job_detail(request, pk):
    """A background export's progress; the page refreshes itself until the file is ready."""
    job = access_export_job(request.user, pk)
    finished = job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED)
    return render(request, "workspace/exports/job.html", {"job": job, "finished": finished,
                                                          "refresh_seconds": 2})


@login_required
def export_job_download(request, pk):
    """The file of a finished job, only to the user who asked for it (or office staff)."""
    job = access_export_job(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("文件尚未生成。"))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不存在,请重新导出。"))
    name = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


urlpatterns = [
    path("ledger.xlsx", ledger_download, name="export_ledger"),
    path("bulletin/", bulletin_download, name="export_bulletin"),
    path("report-matrix/<int:campaign_pk>/", report_matrix_download, name="export_report_matrix"),
    path("jobs/<int:pk>/", export_job_detail, name="export_job"),
    path("jobs/<int:pk>/download/", export_job_download, name="export_job_download"),
]
