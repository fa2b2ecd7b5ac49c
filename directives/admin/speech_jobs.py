"""The office's page for a speech imported in the background: its progress, then the way to the review."""
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..models import Speech
from ..services.speech_jobs import access_speech_import_job

REFRESH_SECONDS = 2


def speech_import_job_view(model_admin, request, job_id):
    """A background import's stage; the page refreshes itself until done, then links each speech's review."""
    job = access_speech_import_job(request.user, job_id)
    speeches = list(Speech.objects.filter(pk__in=job.speech_ids + job.duplicate_ids).order_by("pk"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("导入讲话:%(name)s") % {"name": job.source_name},
        "job": job,
        "speeches": speeches,
        "refresh_seconds": REFRESH_SECONDS,
    }
    return TemplateResponse(request, "admin/directives/speech/import_job.html", context)
