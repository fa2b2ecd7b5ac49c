"""Who may see an export job and its file."""
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import ExportJob
from .access import is_office


def access_export_job(user, job_id) -> ExportJob:
    """The job if ``user`` requested it or is office staff; raise Http404 otherwise (also for a bad id)."""
    try:
        job = ExportJob.objects.get(pk=int(job_id))
    except (ExportJob.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这个导出任务,或您无权查看。"))
    if job.requested_by_id != user.pk and not is_office(user):
        raise Http404(_("没有这个导出任务,或您无权查看。"))
    return job
