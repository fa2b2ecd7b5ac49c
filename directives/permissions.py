"""Who a user is in the county, and what they may see and do: every permission rule in one place.

Naming carries the contract:

- ``is_*`` / ``can_*`` / ``unit_of`` answer questions about a user as plain
  values (for templates and for the rules below);
- ``visible_*`` return the QuerySet of what a user may see;
- ``access_*`` fetch one object the user may see, else raise Http404 (a clerk
  cannot even learn that another unit's task exists);
- ``check_*`` raise PermissionDenied (403) for something the user may not do.

The rules:

- Office staff (督查室) see every task and alone assign, close, send back,
  urge and change deadlines; they see every export job.
- Leaders see every task, campaign and bulletin, and change nothing.
- A clerk or unit head sees the tasks their unit leads or cooperates on; the
  lead unit accepts and asks to close; lead and cooperating units report
  progress and upload evidence. They file their own unit's daily reports.
- 二次交办: the lead unit's head or clerk splits its task into sub-tasks for
  the units under it, and sees all of them; a sub-task's unit sees its own
  sub-task, not its siblings' nor the parent.
- 申请延期: the lead unit asks, the office alone approves or refuses; a clerk
  sees the requests of its own unit (and of the units under it), never
  another unit's.
- Office staff and leaders read the campaign pages and export the report
  matrix and bulletins; a ledger export holds only the tasks its list shows
  the user, and only office staff with the admin's view permission export
  the admin's ledger.
- A background speech import is seen by the office member who started it,
  and by office staff who may change speeches.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import DeadlineExtension, ExportJob, Membership, ProgressReport, SpeechImportJob, Task, Unit

# ----------------------------------------------------------------- who the user is


def membership_of(user) -> Membership | None:
    """Return the user's membership, or None for users without a unit."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def is_office(user) -> bool:
    """Office staff: superusers and members of the supervision office."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    membership = membership_of(user)
    return membership is not None and membership.role == Membership.Role.OFFICE


def is_leader(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Membership.Role.LEADER


def can_see_everything(user) -> bool:
    """Office staff and leaders see all units (leaders only read)."""
    return is_office(user) or is_leader(user)


def unit_of(user) -> Unit | None:
    """The unit a clerk or head acts for, or None."""
    membership = membership_of(user)
    if membership is None or membership.role not in (Membership.Role.CLERK, Membership.Role.HEAD):
        return None
    return membership.unit


def check_office(user) -> None:
    """Raise PermissionDenied unless the user is office staff."""
    if not is_office(user):
        raise PermissionDenied(_("只有督查室工作人员可以进行此操作。"))


# ----------------------------------------------------------------- tasks


def visible_tasks(user) -> QuerySet[Task]:
    """Tasks the user may see: all for office and leaders; for clerks, their unit's (lead or cooperating)
    and the sub-tasks split from them (二次交办) — a village sees its own sub-task, never a sibling's."""
    if can_see_everything(user):
        return Task.objects.all()
    unit = unit_of(user)
    if unit is None:
        return Task.objects.none()
    # Three parts each answered from an index (lead unit, the cooperating table, the parents
    # led in the unit's branch), rather than a DISTINCT join of tasks and cooperating units.
    cooperating = Task.cooperating_units.through.objects.filter(unit=unit).values("task_id")
    split_below = Task.objects.filter(
        parent__isnull=False, parent__lead_unit__tree_path__startswith=unit.tree_path
    ).values("pk")
    return Task.objects.filter(Q(lead_unit=unit) | Q(pk__in=cooperating) | Q(pk__in=split_below))


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


def check_split(user, task: Task) -> Unit:
    """二次交办: the head or clerk of the task's lead unit splits it for the units under it."""
    if task_role_of(user, task) != "lead":
        raise PermissionDenied(_("只有牵头单位的负责人或经办人可以二次交办。"))
    return unit_of(user)


# ----------------------------------------------------------------- deadline extensions (申请延期)


def visible_extensions(user) -> QuerySet[DeadlineExtension]:
    """All for office and leaders; for clerks, requests of their unit and of the units under it, on tasks
    they can see — never another unit's."""
    if can_see_everything(user):
        return DeadlineExtension.objects.all()
    unit = unit_of(user)
    if unit is None:
        return DeadlineExtension.objects.none()
    return DeadlineExtension.objects.filter(
        unit__tree_path__startswith=unit.tree_path, task__in=visible_tasks(user).values("pk")
    )


def access_extension(user, extension_id) -> DeadlineExtension:
    """Return the request if ``user`` may see it; raise Http404 otherwise (also for a bad id)."""
    try:
        return visible_extensions(user).select_related("task").get(pk=int(extension_id))
    except (DeadlineExtension.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这项延期申请,或您无权查看。"))


def check_extension_request(user, task: Task) -> Unit:
    """Only the lead unit asks for a later deadline."""
    if task_role_of(user, task) != "lead":
        raise PermissionDenied(_("只有牵头单位的经办人可以申请延期。"))
    return unit_of(user)


def check_extension_decide(user) -> None:
    """Only the office approves or refuses a request."""
    if not is_office(user):
        raise PermissionDenied(_("只有督查室工作人员可以审批延期申请。"))


def task_permissions(user, task: Task) -> dict[str, bool]:
    """What the user may do with a task they can see, for the detail page's buttons."""
    office = is_office(user)
    role = None if office else task_role_of(user, task)
    return {
        "is_office": office,
        "role": role,
        "can_accept": role == "lead",
        "can_report": role is not None,
        # A parent of sub-tasks (二次交办) is asked to close once they are all closed.
        "can_request_close": role == "lead" and not task.subtasks.exclude(status=Task.Status.CLOSED).exists(),
        "can_close": office,
        "can_return": office,
        "can_urge": office,
        "can_change_deadline": office,
        "can_request_extension": role == "lead" and task.status != Task.Status.CLOSED,
        "can_split": role == "lead" and task.status in (Task.Status.ACCEPTED, Task.Status.IN_PROGRESS),
    }


# ----------------------------------------------------------------- daily reports


def check_reporting_unit(user) -> Unit:
    """Return the unit the user files daily reports for; raise PermissionDenied for users who act for none."""
    unit = unit_of(user)
    if unit is None:
        raise PermissionDenied(_("只有单位经办人或负责人可以报送日报。"))
    return unit


def check_campaign_reader(user) -> None:
    """Raise PermissionDenied unless the user reads the campaign pages (office staff and leaders)."""
    if not can_see_everything(user):
        raise PermissionDenied(_("只有督查室和领导可以查看报送情况。"))


def check_score_reader(user) -> None:
    """Raise PermissionDenied unless the user reads the units' scores (office staff and leaders)."""
    if not can_see_everything(user):
        raise PermissionDenied(_("只有督查室和领导可以查看考核得分。"))


# ----------------------------------------------------------------- exports


def check_export(user, *, kind: str, params: dict) -> None:
    """Raise PermissionDenied if ``user`` may not make this export (ledgers are filtered to what they see)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    if kind == ExportJob.Kind.LEDGER:
        if params.get("source") == "admin" and not (
            user.is_staff and is_office(user) and user.has_perm("directives.view_task")
        ):
            raise PermissionDenied(_("您无权从管理后台导出台账。"))
        return
    if not can_see_everything(user):
        raise PermissionDenied(_("只有督查室和领导可以导出日报矩阵和通报。"))


def access_export_job(user, job_id) -> ExportJob:
    """The job if ``user`` requested it or is office staff; raise Http404 otherwise (also for a bad id)."""
    try:
        job = ExportJob.objects.get(pk=int(job_id))
    except (ExportJob.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这个导出任务,或您无权查看。"))
    if job.requested_by_id != user.pk and not is_office(user):
        raise Http404(_("没有这个导出任务,或您无权查看。"))
    return job


# ----------------------------------------------------------------- speech import jobs


def access_speech_import_job(user, job_id) -> SpeechImportJob:
    """The job if ``user`` is office staff who may import speeches; raise Http404 otherwise (also for a bad id)."""
    try:
        job = SpeechImportJob.objects.get(pk=int(job_id))
    except (SpeechImportJob.DoesNotExist, TypeError, ValueError):
        raise Http404(_("没有这个导入任务,或您无权查看。"))
    if not (is_office(user) and (job.requested_by_id == user.pk or user.has_perm("directives.change_speech"))):
        raise Http404(_("没有这个导入任务,或您无权查看。"))
    return job
