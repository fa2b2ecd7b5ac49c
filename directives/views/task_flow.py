"""The workspace's 申请延期 and 二次交办 pages: a unit asks for more time or splits its task; the office decides.

Thin like ``views.tasks``: access (404), check (403), form, service.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ..forms.task_flow import ExtensionDecisionForm, ExtensionRequestForm, SplitForm
from ..permissions import (
    access_extension,
    access_task,
    check_extension_decide,
    check_extension_request,
    check_split,
)
from ..services.extensions import extension_approve, extension_refuse, extension_request
from ..services.subtasks import subtask_units, task_split
from ..services.workflow import WorkflowError
from .tasks import attachment_response


def _page(request, task, form, title, status=200, extra=None, template="workspace/task_action.html"):
    context = {"task": task, "form": form, "title": title, **(extra or {})}
    return render(request, template, context, status=status)


def _refused(form, error: ValidationError) -> int:
    for message in error.messages:
        form.add_error(None, message)
    return 409 if isinstance(error, WorkflowError) else 400


@login_required
def extension_request_view(request, pk):
    task = access_task(request.user, pk)
    unit = check_extension_request(request.user, task)
    title = _("申请延期")
    form = ExtensionRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extension_request(
                task=task, unit=unit, actor=request.user, requested_deadline=data["requested_deadline"],
                reason=data["reason"], attachment=data.get("attachment"),
            )
        except ValidationError as error:
            return _page(request, task, form, title, status=_refused(form, error))
        messages.success(request, _("已提交“%(number)s”的延期申请,等待督查室审批。") % {"number": task.tracking_number})
        return redirect(task)
    return _page(request, task, form, title, status=400 if form.is_bound else 200)


@login_required
def extension_decide_view(request, extension_id):
    extension = access_extension(request.user, extension_id)
    check_extension_decide(request.user)
    task = extension.task
    title = _("审批延期申请")
    form = ExtensionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                extension_approve(extension=extension, actor=request.user, note=data["reason"])
                done = _("已同意“%(number)s”延期至%(day)s。")
            else:
                extension_refuse(extension=extension, actor=request.user, reason=data["reason"])
                done = _("已不予批准“%(number)s”的延期申请(申请延至%(day)s)。")
        except ValidationError as error:
            return _page(request, task, form, title, status=_refused(form, error), extra={"extension": extension},
                         template="workspace/extension_decide.html")
        messages.success(
            request, done % {"number": task.tracking_number, "day": f"{extension.requested_deadline:%Y-%m-%d}"}
        )
        return redirect(task)
    return _page(request, task, form, title, status=400 if form.is_bound else 200, extra={"extension": extension},
                         template="workspace/extension_decide.html")


@login_required
def extension_attachment_download(request, extension_id):
    """The request's attachment, to those who may see the request and to nobody else."""
    extension = access_extension(request.user, extension_id)
    return attachment_response(extension.attachment, missing=_("这项延期申请没有附件。"))


@login_required
def task_split_view(request, pk):
    task = access_task(request.user, pk)
    check_split(request.user, task)
    title = _("二次交办")
    units = subtask_units(task)
    form = SplitForm(request.POST or None, units=units, task=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = task_split(
                task=task, actor=request.user,
                subtasks=[
                    {"lead_unit": unit, "title": data["title"], "description": data["description"],
                     "deadline": data["deadline"]}
                    for unit in data["units"]
                ],
            )
        except ValidationError as error:
            return _page(request, task, form, title, status=_refused(form, error))
        messages.success(request, _("已将“%(number)s”二次交办给%(count)s个单位。") % {
            "number": task.tracking_number, "count": len(created)})
        return redirect(task)
    if not form.is_bound and not units.exists():
        form.add_error(None, _("“%(unit)s”没有下级单位,不能二次交办。") % {"unit": task.lead_unit})
    return _page(request, task, form, title, status=400 if form.is_bound else 200)


urlpatterns = [
    path("<int:pk>/extension/", extension_request_view, name="task_extension"),
    path("extensions/<int:extension_id>/decide/", extension_decide_view, name="extension_decide"),
    path("extensions/<int:extension_id>/attachment/", extension_attachment_download, name="extension_attachment"),
    path("<int:pk>/split/", task_split_view, name="task_split"),
]
