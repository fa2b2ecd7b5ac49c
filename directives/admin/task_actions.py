"""The office's moves on tasks in admin: bulk actions with an intermediate form, and history-keeping edits.

Every change goes through ``directives.services.workflow``, so it is recorded as
a TaskEvent with who, when and why; a task the workflow refuses is reported
by its tracking number while the others go through.
"""
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy

from ..forms.tasks import DeadlineForm, ReasonForm, ReassignForm
from ..models import Task
from ..permissions import is_office
from ..services.workflow import (
    TRACKED_FIELDS,
    task_change_deadline,
    task_close,
    task_edit,
    task_reassign,
    task_return,
    task_urge,
)


def task_save_changes(request, task: Task, form) -> None:
    """Apply a change form's edits through the services, so each is kept in the task's history."""
    data = form.cleaned_data
    reason = (data.get("change_reason") or "").strip()
    original = Task.objects.select_related("lead_unit").get(pk=task.pk)
    edits = {name: data[name] for name in TRACKED_FIELDS if name in data and data[name] != getattr(original, name)}
    if edits:
        task_edit(task=original, actor=request.user, reason=reason, **edits)
    if "deadline" in data and data["deadline"] != original.deadline:
        task_change_deadline(task=original, actor=request.user, deadline=data["deadline"], reason=reason)
    if "lead_unit" in data or "cooperating_units" in data:
        lead = data.get("lead_unit") or original.lead_unit
        cooperating = data.get("cooperating_units")
        task_reassign(
            task=original,
            actor=request.user,
            lead_unit=lead,
            cooperating_units=list(cooperating) if cooperating is not None else None,
            reason=reason,
        )


def _run(model_admin, request, queryset, *, title, form_class, perform, form_kwargs=None, done):
    """Show the action's form for the selected tasks; on “apply”, perform it task by task."""
    if not is_office(request.user):
        model_admin.message_user(request, _("只有督查室工作人员可以进行此操作。"), messages.ERROR)
        return None
    form_kwargs = form_kwargs or {}
    tasks = list(queryset.select_related("lead_unit").order_by("tracking_year", "tracking_serial"))
    if "apply" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            succeeded, failed = [], []
            for task in tasks:
                try:
                    perform(task=task, data=form.cleaned_data)
                except ValidationError as error:
                    failed.extend(
                        m if task.tracking_number in m else f"{task.tracking_number}:{m}" for m in error.messages
                    )
                else:
                    succeeded.append(task.tracking_number)
            if succeeded:
                model_admin.message_user(
                    request, done % {"count": len(succeeded), "numbers": "、".join(succeeded[:10])}, messages.SUCCESS
                )
            for message in failed:
                model_admin.message_user(request, message, messages.ERROR)
            return None
    else:
        form = form_class(**form_kwargs)
    return TemplateResponse(
        request,
        "admin/directives/task/action_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "tasks": tasks,
            "form": form,
            "media": model_admin.media + form.media,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=gettext_lazy("调整牵头单位(交办给其他单位)"))
def reassign_tasks(model_admin, request, queryset):
    def perform(*, task, data):
        task_reassign(
            task=task,
            actor=request.user,
            lead_unit=data["lead_unit"],
            cooperating_units=list(data["cooperating_units"]) or None,
            reason=data["reason"],
        )

    return _run(
        model_admin, request, queryset, title=_("调整牵头单位"), form_class=ReassignForm, perform=perform,
        done=_("已调整%(count)d项事项的单位:%(numbers)s"),
    )


@admin.action(description=gettext_lazy("调整完成时限"))
def change_deadline_tasks(model_admin, request, queryset):
    def perform(*, task, data):
        task_change_deadline(task=task, actor=request.user, deadline=data["deadline"], reason=data["reason"])

    return _run(
        model_admin, request, queryset, title=_("调整完成时限"), form_class=DeadlineForm, perform=perform,
        done=_("已调整%(count)d项事项的完成时限:%(numbers)s"),
    )


@admin.action(description=gettext_lazy("催办"))
def urge_tasks(model_admin, request, queryset):
    def perform(*, task, data):
        task_urge(task=task, actor=request.user, note=data["reason"])

    return _run(
        model_admin, request, queryset, title=_("催办"), form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_label": _("催办内容")}, done=_("已催办%(count)d项事项:%(numbers)s"),
    )


@admin.action(description=pgettext_lazy("action", "销号"))
def close_tasks(model_admin, request, queryset):
    def perform(*, task, data):
        task_close(task=task, actor=request.user, reason=data["reason"])

    return _run(
        model_admin, request, queryset, title=pgettext_lazy("action", "销号"), form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_label": _("销号意见")}, done=_("已销号%(count)d项事项:%(numbers)s"),
    )


@admin.action(description=gettext_lazy("退回(不同意办结)"))
def return_tasks(model_admin, request, queryset):
    def perform(*, task, data):
        task_return(task=task, actor=request.user, reason=data["reason"])

    return _run(
        model_admin, request, queryset, title=_("退回"), form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_required": True, "reason_label": _("退回理由")},
        done=_("已退回%(count)d项事项:%(numbers)s"),
    )


TASK_ACTIONS = [reassign_tasks, change_deadline_tasks, urge_tasks, close_tasks, return_tasks]
