from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Directive, Meeting, Speech
from .speech_jobs import speech_import_job_view  # also registers SpeechImportJobAdmin


class SpeechInline(admin.TabularInline):
    model = Speech
    fields = ["title", "speaker", "delivered_on", "status"]
    readonly_fields = ["status"]
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "chair", "location", "organizer", "speech_count"]
    list_filter = ["held_on"]
    search_fields = ["title", "location", "notes"]
    list_select_related = ["organizer"]
    autocomplete_fields = ["organizer"]
    date_hierarchy = "held_on"
    inlines = [SpeechInline]

    def get_queryset(self, request):
        """Each meeting with its number of speeches, counted in the list's own query."""
        return super().get_queryset(request).annotate(speech_total=Count("speeches"))

    @admin.display(description=_("讲话数"), ordering="speech_total")
    def speech_count(self, meeting):
        return meeting.speech_total


class DirectiveInline(admin.TabularInline):
    model = Directive
    fk_name = "speech"
    fields = ["position", "number", "level", "kind", "heading", "deadline", "lead_unit", "review_status"]
    autocomplete_fields = ["lead_unit"]
    extra = 0
    show_change_link = True
    ordering = ["position"]


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "delivered_on", "meeting", "status", "imported_at", "review_link"]
    list_filter = ["status", "delivered_on"]
    search_fields = ["title", "speaker", "meeting__title", "text"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["text_digest", "imported_by", "imported_at", "source_link"]
    fieldsets = [
        (None, {"fields": ["meeting", "title", "speaker", "delivered_on", "status"]}),
        (_("原文"), {"fields": ["source_link", "source_name", "text", "text_digest", "imported_by", "imported_at"]}),
    ]
    date_hierarchy = "delivered_on"
    inlines = [DirectiveInline]

    def get_urls(self):
        from django.urls import path

        from . import speech_review as views

        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(self, request, *args, **kwargs))

        return [
            path("import/", wrap(views.speech_import_view), name="directives_speech_import"),
            path("import/jobs/<int:job_id>/", wrap(speech_import_job_view), name="directives_speech_import_job"),
            path("<int:object_id>/review/", wrap(views.speech_review_view), name="directives_speech_review"),
            path(
                "<int:object_id>/review/<int:directive_id>/edit/",
                wrap(views.directive_edit_view),
                name="directives_speech_directive_edit",
            ),
            path(
                "<int:object_id>/review/<int:directive_id>/split/",
                wrap(views.directive_split_view),
                name="directives_speech_directive_split",
            ),
            path("<int:object_id>/source/", wrap(views.speech_source_view), name="directives_speech_source"),
            *super().get_urls(),
        ]

    @admin.display(description=_("要点审核"))
    def review_link(self, speech):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', reverse("admin:directives_speech_review", args=[speech.pk]), _("审核/交办"))

    @admin.display(description=_("原始文件"))
    def source_link(self, speech):
        from django.urls import reverse
        from django.utils.html import format_html

        if not speech.source_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:directives_speech_source", args=[speech.pk]), speech.source_name or _("下载")
        )


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speech", "level", "kind", "deadline", "lead_unit", "review_status"]
    list_filter = ["kind", "review_status", "level"]
    search_fields = ["heading", "text", "speech__title"]
    list_select_related = ["speech", "lead_unit"]
    autocomplete_fields = ["speech", "parent", "lead_unit", "cooperating_units"]
    fieldsets = [
        (None, {"fields": ["speech", "parent", "position", "level", "number", "kind", "heading", "text"]}),
        (
            _("识别结果"),
            {"fields": ["extracted_deadlines", "extracted_lead_units", "extracted_units", "unknown_unit_names", "recurrence"]},
        ),
        (_("审核"), {"fields": ["review_status", "deadline", "open_ended", "lead_unit", "cooperating_units"]}),
    ]
