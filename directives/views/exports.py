"""Spreadsheet downloads: the ledger of the task list, the report matrix, bulletins; background jobs.

How a request is answered (the file at once, or a background job) is
``exports.responses``; who may export what is ``permissions.check_export``.
"""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exports.responses import XLSX, export_response
from ..exports.sources import ledger_query_split
from ..forms.exports import DateRangeForm, MatrixRangeForm
from ..models import ExportJob, ReportCampaign, Unit
from ..papers import DOCX
from ..permissions import access_export_job, check_export

Kind = ExportJob.Kind


@login_required
def ledger_download(request):
    """The ledger of the workspace task list as filtered by this query, for what the user may see."""
    query, options = ledger_query_split(request.GET)
    params = {"source": "workspace", "query": query, **options}
    return export_response(request, kind=Kind.LEDGER, params=params)


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
    content_type = DOCX if name.endswith(".docx") else XLSX  # Word papers kept as jobs (services.papers)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


urlpatterns = [
    path("ledger.xlsx", ledger_download, name="export_ledger"),
    path("bulletin/", bulletin_download, name="export_bulletin"),
    path("report-matrix/<int:campaign_pk>/", report_matrix_download, name="export_report_matrix"),
    path("jobs/<int:pk>/", export_job_detail, name="export_job"),
    path("jobs/<int:pk>/download/", export_job_download, name="export_job_download"),
]
