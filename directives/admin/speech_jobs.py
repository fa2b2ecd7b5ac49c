"""The office's page for a speech imported in the background: its progress, then the way to the review.

The jobs are also listed in admin (讲话导入任务), read only, each linking its page.
"""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Speech, SpeechImportJob
from ..permissions import is_office
from ..permissions import access_speech_import_job

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


@admin.register(SpeechImportJob)
class SpeechImportJobAdmin(admin.ModelAdmin):
    """Read only: a job is made by importing a big file and changed only by its run."""

    list_display = ["source_name", "status", "stage", "requested_by", "created_at", "finished_at", "page_link"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    search_fields = ["source_name"]

    def has_module_permission(self, request):
        return is_office(request.user) and super().has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("进度与结果"))
    def page_link(self, job):
        return format_html('<a href="{}">{}</a>', reverse("admin:directives_speech_import_job", args=[job.pk]),
                           _("查看"))
