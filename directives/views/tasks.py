"""The unit's workspace: the task list, a task's page, and the moves made from it.

Views stay thin: ``access_task`` (404 for a task the user may not see),
then a ``check_*`` (403 for a move they may not make), then a form, then a
service. A move the workflow refuses comes back as a message on the page.
"""
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ..filters.tasks import TaskFilter
from ..selectors.overview import overseen_task_filter
from ..forms.tasks import DeadlineForm, EvidenceForm, ProgressReportForm, ReasonForm, RequestCloseForm
from ..models import Task
from ..permissions import (
    access_progress_report,
    access_task,
    can_see_everything,
    check_lead_unit,
    check_office,
    check_task_unit,
    task_permissions,
    visible_tasks,
)
from ..services.workflow import (
    WorkflowError,
    task_accept,
    task_change_deadline,
    task_close,
    task_report_progress,
    task_request_close,
    task_return,
    task_urge,
)
from ..tables.tasks import TaskTable

MAX_PER_PAGE = 200


class TaskListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """Tasks the user may see, filtered, sorted and paginated in a constant number of queries."""

    filterset_class = TaskFilter
    table_class = TaskTable
    table_pagination = {"per_page": 50}
    template_name = "workspace/task_list.html"

    def get_queryset(self):
        tasks = visible_tasks(self.request.user).select_related("lead_unit", "meeting").defer(
            "description", "remarks", "meeting__notes"
        )
        # A 分管领导's list defaults to the units they oversee; ?all=1 shows every unit.
        overseen = None if self.request.GET.get("all") == "1" else overseen_task_filter(self.request.user)
        self.overseen_only = overseen is not None
        return tasks if overseen is None else tasks.filter(overseen)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overseen_only"] = self.overseen_only
        return context

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["show_unit_filter"] = can_see_everything(self.request.user)
        return kwargs

    def get_table_pagination(self, table):
        pagination = dict(super().get_table_pagination(table) or {})
        try:
            per_page = int(self.request.GET.get("per_page", pagination.get("per_page", 50)))
        except ValueError:
            per_page = 50
        pagination["per_page"] = max(1, min(per_page, MAX_PER_PAGE))
        # RequestConfig would read ?per_page again, unchecked (a negative one is a 500, a huge one renders every
        # task): the value clamped above is the only one.
        table.per_page_field = "_per_page_set_by_view"
        return pagination


def _detail_queryset():
    return Task.objects.select_related("lead_unit", "meeting", "directive__speech", "created_by")


def _shown(value):
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def _with_change_rows(events):
    """Give each event ``change_rows``: (field label, old, new) for what it changed."""
    fields = {f.name: f.verbose_name for f in Task._meta.get_fields() if hasattr(f, "verbose_name")}
    events = list(events)
    for event in events:
        event.change_rows = [
            (fields.get(name, name), _shown(change[0]), _shown(change[1]))
            for name, change in (event.changes or {}).items()
            if isinstance(change, list) and len(change) == 2
        ]
    return events


@login_required
def task_detail(request, pk):
    task = access_task(request.user, pk, queryset=_detail_queryset())
    events = _with_change_rows(task.events.select_related("actor"))
    return render(
        request,
        "workspace/task_detail.html",
        {
            "task": task,
            "cooperating_units": list(task.cooperating_units.all()),
            "events": events,
            "returned": task.last_return(events),
            "reports": list(task.progress_reports.select_related("unit", "author")),
            "can": task_permissions(request.user, task),
            "reason_form": ReasonForm(),
            "deadline_form": DeadlineForm(initial={"deadline": task.deadline}),
        },
    )


def _refused(request, task, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(task)


@require_POST
@login_required
def task_accept_view(request, pk):
    task = access_task(request.user, pk)
    check_lead_unit(request.user, task)
    try:
        task_accept(task=task, actor=request.user)
    except ValidationError as error:
        return _refused(request, task, error)
    messages.success(request, _("已签收“%(number)s”。") % {"number": task.tracking_number})
    return redirect(task)


def _form_action(request, pk, *, check, form_class, perform, title, done, form_kwargs=None):
    """GET shows the form; POST validates it and performs the move, or shows why not."""
    task = access_task(request.user, pk, queryset=_detail_queryset())
    unit = check(request.user, task)
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                perform(task=task, unit=unit, data=form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                status = 409 if isinstance(error, WorkflowError) else 400
                return render(
                    request, "workspace/task_action.html", {"task": task, "form": form, "title": title}, status=status
                )
            messages.success(request, done % {"number": task.tracking_number})
            return redirect(task)
    else:
        form = form_class(**form_kwargs)
    return render(request, "workspace/task_action.html", {"task": task, "form": form, "title": title})


@login_required
def task_progress_view(request, pk):
    def perform(*, task, unit, data):
        task_report_progress(
            task=task, unit=unit, author=request.user, text=data["text"], attachment=data.get("attachment")
        )

    return _form_action(
        request, pk, check=check_task_unit, form_class=ProgressReportForm, perform=perform,
        title=gettext_lazy("进展反馈"), done=_("已提交“%(number)s”的进展反馈。"),
    )


@login_required
def task_evidence_view(request, pk):
    def perform(*, task, unit, data):
        task_report_progress(
            task=task, unit=unit, author=request.user, text=data["text"], attachment=data["attachment"],
            is_completion_evidence=True,
        )

    return _form_action(
        request, pk, check=check_task_unit, form_class=EvidenceForm, perform=perform,
        title=gettext_lazy("上传佐证材料"), done=_("已上传“%(number)s”的佐证材料。"),
    )


@login_required
def task_request_close_view(request, pk):
    def perform(*, task, unit, data):
        task_request_close(task=task, unit=unit, actor=request.user, text=data["text"], attachment=data.get("attachment"))

    return _form_action(
        request, pk, check=check_lead_unit, form_class=RequestCloseForm, perform=perform,
        title=pgettext_lazy("action", "申请办结"), done=_("已申请办结“%(number)s”,等待督查室审核销号。"),
    )


def _office(user, task):
    check_office(user)


@login_required
def task_close_view(request, pk):
    def perform(*, task, unit, data):
        task_close(task=task, actor=request.user, reason=data["reason"])

    return _form_action(
        request, pk, check=_office, form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_label": gettext_lazy("销号意见")},
        title=pgettext_lazy("action", "销号"), done=_("“%(number)s”已销号。"),
    )


@login_required
def task_return_view(request, pk):
    def perform(*, task, unit, data):
        task_return(task=task, actor=request.user, reason=data["reason"])

    return _form_action(
        request, pk, check=_office, form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_required": True, "reason_label": gettext_lazy("退回理由")},
        title=gettext_lazy("退回"), done=_("已退回“%(number)s”,单位将继续办理。"),
    )


@login_required
def task_urge_view(request, pk):
    def perform(*, task, unit, data):
        task_urge(task=task, actor=request.user, note=data["reason"])

    return _form_action(
        request, pk, check=_office, form_class=ReasonForm, perform=perform,
        form_kwargs={"reason_label": gettext_lazy("催办内容")},
        title=gettext_lazy("催办"), done=_("已催办“%(number)s”。"),
    )


@login_required
def task_deadline_view(request, pk):
    def perform(*, task, unit, data):
        task_change_deadline(task=task, actor=request.user, deadline=data["deadline"], reason=data["reason"])

    return _form_action(
        request, pk, check=_office, form_class=DeadlineForm, perform=perform,
        title=gettext_lazy("调整完成时限"), done=_("已调整“%(number)s”的完成时限。"),
    )


@login_required
def attachment_download(request, report_id):
    """Serve a progress report's attachment to those who may see its task, and to nobody else."""
    report = access_progress_report(request.user, report_id)
    return attachment_response(report.attachment, missing=_("这条进展反馈没有附件。"))


def attachment_response(attachment, *, missing: str) -> FileResponse:
    """The stored file as a download; 404 with ``missing`` when there is none, or when the file is gone."""
    if not attachment:
        raise Http404(missing)
    try:
        handle = attachment.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件已不存在。"))
    name = PurePath(attachment.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


urlpatterns = [
    path("", TaskListView.as_view(), name="task_list"),
    path("<int:pk>/", task_detail, name="task_detail"),
    path("<int:pk>/accept/", task_accept_view, name="task_accept"),
    path("<int:pk>/progress/", task_progress_view, name="task_progress"),
    path("<int:pk>/evidence/", task_evidence_view, name="task_evidence"),
    path("<int:pk>/request-close/", task_request_close_view, name="task_request_close"),
    path("<int:pk>/close/", task_close_view, name="task_close"),
    path("<int:pk>/return/", task_return_view, name="task_return"),
    path("<int:pk>/urge/", task_urge_view, name="task_urge"),
    path("<int:pk>/deadline/", task_deadline_view, name="task_deadline"),
    path("attachments/<int:report_id>/", attachment_download, name="task_attachment"),
]
