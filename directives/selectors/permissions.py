"""Who may see and do what with a task.

``access_*`` fetch an object the user may see, else raise Http404 (a clerk
cannot even learn that another unit's task exists); ``check_*`` raise
PermissionDenied (403) for a move the user may not make on a task they may
see; ``can_*`` answer the same questions as booleans for templates.

- Office staff (督查室) see every task and alone assign, close, send back,
  urge and change deadlines.
- Leaders see every task and change nothing.
- A clerk or unit head sees the tasks their unit leads or cooperates on; the
  lead unit accepts and asks to close; lead and cooperating units report
  progress and upload evidence.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import ProgressReport, Task, Unit
from .access import is_office, unit_of, visible_tasks


def access_task(user, task_id, queryset=None) -> Task:
    """Return the task if ``user`` may see it; raise Http404 otherwise (also for a bad id)."""
    queryset = visible_tasks(user) if queryset is None else queryset.filter(pk__in=visible_tasks(user).values("pk"))
    try:
        return queryset.get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这个交办事项,或您无权查看。"))


def access_progress_report(user, report_id) -> ProgressReport:
    """Return the progress report if ``user`` may see its task; raise Http404 otherwise."""
    try:
        return ProgressReport.objects.select_related("task").get(
            pk=int(report_id), task__in=visible_tasks(user).values("pk")
        )
    except (ProgressReport.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这个附件,或您无权查看。"))


def task_role_of(user, task: Task) -> str | None:
    """``"lead"`` or ``"cooperating"`` when the user's unit has that part in the task, else None."""
    unit = unit_of(user)
    if unit is None:
        return None
    if task.lead_unit_id == unit.pk:
        return "lead"
    if task.cooperating_units.filter(pk=unit.pk).exists():
        return "cooperating"
    return None


def check_office(user) -> None:
    """Raise PermissionDenied unless the user is office staff."""
    if not is_office(user):
        raise PermissionDenied(_("只有督查室工作人员可以进行此操作。"))


def check_lead_unit(user, task: Task) -> Unit:
    """Return the clerk's unit if it leads the task; raise PermissionDenied otherwise."""
    if task_role_of(user, task) != "lead":
        raise PermissionDenied(_("只有牵头单位的经办人可以进行此操作。"))
    return unit_of(user)


def check_task_unit(user, task: Task) -> Unit:
    """Return the clerk's unit if it leads or cooperates on the task; raise PermissionDenied otherwise."""
    if task_role_of(user, task) is None:
        raise PermissionDenied(_("只有牵头单位或配合单位的经办人可以反馈进展。"))
    return unit_of(user)


def task_permissions(user, task: Task) -> dict[str, bool]:
    """What the user may do with a task they can see, for the detail page's buttons."""
    office = is_office(user)
    role = None if office else task_role_of(user, task)
    return {
        "is_office": office,
        "role": role,
        "can_accept": role == "lead",
        "can_report": role is not None,
        "can_request_close": role == "lead",
        "can_close": office,
        "can_return": office,
        "can_urge": office,
        "can_change_deadline": office,
    }
