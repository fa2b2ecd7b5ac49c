from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import DeadlineExtension, ProgressReport, Task, TaskEvent, TrackingCounter
from ..services.workflow import task_register
from ..forms.tasks import TaskAdminForm
from .task_actions import TASK_ACTIONS, task_save_changes
from .exports import LedgerExportMixin
from .extensions import DeadlineExtensionAdmin
from .task_import import TaskImportMixin
from .papers import NoticeMixin

LIGHT_COLOURS = {Task.Light.GREEN: "#2e7d32", Task.Light.YELLOW: "#f9a825", Task.Light.RED: "#c62828"}


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    fields = ["created_at", "unit", "author", "text", "attachment_link", "is_completion_evidence"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("附件"))
    def attachment_link(self, report):
        """Through the permission-checking view, never MEDIA_URL."""
        from django.urls import reverse

        if not report.attachment:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("workspace:task_attachment", args=[report.pk]), _("下载附件"))


class SubtaskInline(admin.TabularInline):
    """二次交办: the sub-tasks a unit made of this task, each a task of its own."""

    model = Task
    fk_name = "parent"
    fields = ["tracking_number", "lead_unit", "title", "deadline", "status", "light"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("子任务")
    verbose_name_plural = _("子任务(二次交办)")

    def has_add_permission(self, request, obj=None):
        return False


class DeadlineExtensionInline(admin.TabularInline):
    """The task's 延期申请 and how each was decided (decided in the 延期申请 queue)."""

    model = DeadlineExtension
    fields = ["requested_at", "unit", "current_deadline", "requested_deadline", "reason", "status", "decided_by",
              "refusal_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TaskEventInline(admin.TabularInline):
    model = TaskEvent
    fields = ["at", "kind", "from_status", "to_status", "actor", "reason", "changes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("办理记录(状态、时限、单位的每次变更)")

    def has_add_permission(self, request, obj=None):
        return False


class AcceptanceOverdueFilter(admin.SimpleListFilter):
    title = _("超时未签收")
    parameter_name = "acceptance_overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("超时未签收")), ("late", _("曾超时签收"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(acceptance_overdue_at__isnull=False, status=Task.Status.ASSIGNED)
        if self.value() == "late":
            return queryset.filter(acceptance_overdue_at__isnull=False)
        return queryset


class SubtaskFilter(admin.SimpleListFilter):
    title = _("二次交办")
    parameter_name = "split"

    def lookups(self, request, model_admin):
        return [("parents", _("已二次交办的任务")), ("subtasks", _("子任务")), ("top", _("一级任务"))]

    def queryset(self, request, queryset):
        if self.value() == "parents":
            return queryset.filter(Exists(Task.objects.filter(parent=OuterRef("pk"))))
        if self.value() == "subtasks":
            return queryset.filter(parent__isnull=False)
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        return queryset


@admin.register(Task)
class TaskAdmin(TaskImportMixin, NoticeMixin, LedgerExportMixin, admin.ModelAdmin):
    list_display = [
        "tracking_number",
        "title",
        "lead_unit",
        "deadline",
        "extension_count",
        "status",
        "light_badge",
        "is_overdue",
        "urge_count",
        "source_kind",
        "updated_at",
    ]
    list_filter = [
        "status", "light", "is_overdue", "source_kind", AcceptanceOverdueFilter, SubtaskFilter, "tracking_year",
        "lead_unit__kind", "meeting",
    ]
    search_fields = [
        "tracking_number", "title", "description", "lead_unit__name", "lead_unit__short_name", "responsible_person",
        "source_reference", "source_person",
    ]
    list_select_related = ["lead_unit", "meeting"]
    autocomplete_fields = ["lead_unit", "cooperating_units", "directive", "meeting"]
    readonly_fields = [
        "tracking_number",
        "status",
        "light",
        "is_overdue",
        "closed_on_time",
        "urge_count",
        "last_urged_at",
        "latest_progress",
        "parent",
        "original_deadline",
        "extension_count",
        "accept_by",
        "acceptance_overdue_at",
        "created_by",
        "created_at",
        "accepted_at",
        "close_requested_at",
        "closed_at",
    ]
    fieldsets = [
        (None, {"fields": ["tracking_number", "title", "description", "parent"]}),
        (
            _("来源"),
            {"fields": ["source_kind", "source_reference", "source_person", "source_date", "meeting", "directive"]},
        ),
        (
            _("责任"),
            {"fields": [
                "lead_unit", "cooperating_units", "responsible_person", "deadline", "open_ended", "original_deadline",
                "extension_count", "remarks", "change_reason",
            ]},
        ),
        (
            _("办理情况"),
            {
                "fields": [
                    "status",
                    "light",
                    "is_overdue",
                    "closed_on_time",
                    "latest_progress",
                    "urge_count",
                    "last_urged_at",
                    "created_by",
                    "created_at",
                    "accept_by",
                    "accepted_at",
                    "acceptance_overdue_at",
                    "close_requested_at",
                    "closed_at",
                ]
            },
        ),
    ]
    date_hierarchy = "deadline"
    inlines = [SubtaskInline, DeadlineExtensionInline, ProgressReportInline, TaskEventInline]

    def get_inline_instances(self, request, obj=None):
        """Sub-tasks and extension requests only where the task has some."""
        shown = []
        for inline in super().get_inline_instances(request, obj):
            if isinstance(inline, SubtaskInline) and not (obj and obj.subtasks.exists()):
                continue
            if isinstance(inline, DeadlineExtensionInline) and not (obj and obj.extensions.exists()):
                continue
            shown.append(inline)
        return shown
    actions = TASK_ACTIONS
    form = TaskAdminForm

    def get_readonly_fields(self, request, obj=None):
        """Where a task came from is fixed once it exists."""
        fields = list(super().get_readonly_fields(request, obj))
        source = ["meeting", "directive", "source_kind", "source_reference", "source_person", "source_date"]
        return fields + source if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            # Through the services, so every edit, deadline change and reassignment is kept in history.
            task_save_changes(request, obj, form)
        else:
            task_register(task=obj, created_by=request.user)

    def save_related(self, request, form, formsets, change):
        if not change:
            return super().save_related(request, form, formsets, change)
        # Cooperating units were set by task_reassign (with history); only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.display(description=_("警示灯"), ordering="light")
    def light_badge(self, task):
        return format_html(
            '<span style="color:{};font-weight:bold">●</span> {}',
            LIGHT_COLOURS.get(task.light, "#999"),
            task.get_light_display(),
        )


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "author", "created_at", "is_completion_evidence"]
    list_filter = ["is_completion_evidence", "created_at"]
    search_fields = ["task__tracking_number", "task__title", "text", "unit__name"]
    list_select_related = ["task", "unit", "author"]
    autocomplete_fields = ["task", "unit"]
    date_hierarchy = "created_at"


@admin.register(TaskEvent)
class TaskEventAdmin(admin.ModelAdmin):
    list_display = ["task", "kind", "from_status", "to_status", "actor", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["task__tracking_number", "task__title", "reason"]
    list_select_related = ["task", "actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrackingCounter)
class TrackingCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(DeadlineExtension, DeadlineExtensionAdmin)
