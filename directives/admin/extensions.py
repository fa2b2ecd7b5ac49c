"""The office's queue of deadline extension requests (申请延期): approve in bulk, refuse with a reason."""
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms.task_flow import RefusalForm
from ..models import DeadlineExtension
from ..permissions import is_office
from ..services.extensions import extension_approve, extension_refuse


def _decide_each(model_admin, request, extensions, perform, done):
    succeeded, failed = [], []
    for extension in extensions:
        try:
            perform(extension)
        except ValidationError as error:
            failed.extend(f"{extension.task.tracking_number}:{m}" for m in error.messages)
        else:
            succeeded.append(extension.task.tracking_number)
    if succeeded:
        model_admin.message_user(
            request, done % {"count": len(succeeded), "numbers": "、".join(succeeded[:10])}, messages.SUCCESS
        )
    for message in failed:
        model_admin.message_user(request, message, messages.ERROR)


def _selected(queryset):
    return list(queryset.select_related("task", "unit").order_by("requested_at", "pk"))


@admin.action(description=gettext_lazy("同意所选延期申请"))
def approve_extensions(model_admin, request, queryset):
    if not is_office(request.user):
        model_admin.message_user(request, _("只有督查室工作人员可以审批延期申请。"), messages.ERROR)
        return None
    _decide_each(
        model_admin, request, _selected(queryset),
        lambda extension: extension_approve(extension=extension, actor=request.user),
        _("已同意%(count)d项延期申请:%(numbers)s"),
    )
    return None


@admin.action(description=gettext_lazy("不予批准所选延期申请"))
def refuse_extensions(model_admin, request, queryset):
    if not is_office(request.user):
        model_admin.message_user(request, _("只有督查室工作人员可以审批延期申请。"), messages.ERROR)
        return None
    extensions = _selected(queryset)
    form = RefusalForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        _decide_each(
            model_admin, request, extensions,
            lambda extension: extension_refuse(extension=extension, actor=request.user, reason=form.cleaned_data["reason"]),
            _("已不予批准%(count)d项延期申请:%(numbers)s"),
        )
        return None
    return TemplateResponse(request, "admin/directives/deadlineextension/refuse.html", {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta, "title": _("不予批准延期申请"), "extensions": extensions, "form": form,
        "action": request.POST.get("action", ""), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    })


class PendingFirstFilter(admin.SimpleListFilter):
    """The queue opens on the requests waiting for a decision."""

    title = gettext_lazy("审批状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*DeadlineExtension.Status.choices, ("all", _("全部"))]

    def choices(self, changelist):
        value = self.value() or DeadlineExtension.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or DeadlineExtension.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class DeadlineExtensionAdmin(admin.ModelAdmin):
    list_display = [
        "task_link", "unit", "current_deadline", "requested_deadline", "short_reason", "requested_at", "status",
        "decided_by",
    ]
    list_filter = [PendingFirstFilter, "unit__kind"]
    search_fields = ["task__tracking_number", "task__title", "unit__name", "reason"]
    list_select_related = ["task", "unit", "decided_by"]
    ordering = ["requested_at", "pk"]
    actions = [approve_extensions, refuse_extensions]
    readonly_fields = [
        "task", "unit", "requested_by", "requested_at", "current_deadline", "requested_deadline", "reason",
        "attachment_link", "status", "decided_by", "decided_at", "refusal_reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # a unit asks from its workspace

    def has_change_permission(self, request, obj=None):
        return False  # decided through the actions, which keep the history

    @admin.display(description=gettext_lazy("交办事项"), ordering="task__tracking_serial")
    def task_link(self, extension):
        return format_html('<a href="{}">{}</a><br>{}', reverse("workspace:task_detail", args=[extension.task_id]),
                           extension.task.tracking_number, extension.task.title[:30])

    @admin.display(description=gettext_lazy("延期理由"))
    def short_reason(self, extension):
        return extension.reason[:60]

    @admin.display(description=gettext_lazy("附件"))
    def attachment_link(self, extension):
        if not extension.attachment:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("workspace:extension_attachment", args=[extension.pk]),
                           _("下载附件"))
