"""二次交办: a township or department splits its task into sub-tasks for the units under it.

A sub-task is a task of its own (tracking number, status, history, reports)
whose ``parent`` is the split task: its lead unit is below the parent's lead
unit, its deadline no later than the parent's, its source the parent's. The
parent is asked to close only when every sub-task is closed (see
``workflow.task_request_close``), unless the office closes it with a reason.
Permission (the parent's lead unit, head or clerk) is checked in
``directives.permissions`` before.
"""
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Task, TaskEvent, Unit
from .workflow import WorkflowError, _locked, _move, check_subtask_deadline, tasks_create_many

Status = Task.Status


def subtask_units(task: Task):
    """The units a task's sub-tasks may go to: active units below its lead unit."""
    return Unit.objects.active().in_branch(task.lead_unit).exclude(pk=task.lead_unit_id)


@transaction.atomic
def task_split(*, task: Task, actor, subtasks: Iterable[dict]) -> list[Task]:
    """Create sub-tasks of ``task``; each dict holds ``lead_unit``, ``title`` and optionally ``deadline``,
    ``description``, ``responsible_person``, ``cooperating_units``.

    A missing deadline is the parent's. A parent just accepted moves to 办理中.
    All or nothing: one bad sub-task and none is created.
    """
    task = _locked(task)
    if task.status == Status.ASSIGNED:
        raise WorkflowError(_("请先签收“%(number)s”,再二次交办。") % {"number": task.tracking_number})
    if task.status in (Status.CLOSE_REQUESTED, Status.CLOSED):
        raise WorkflowError(
            _("“%(number)s”当前状态为“%(status)s”,不能二次交办。")
            % {"number": task.tracking_number, "status": task.get_status_display()}
        )
    allowed = set(subtask_units(task).values_list("pk", flat=True))
    specs = []
    for index, wanted in enumerate(subtasks, 1):
        unit = wanted.get("lead_unit")
        title = (wanted.get("title") or task.title).strip()
        if unit is None:
            raise ValidationError(_("第%(n)s项子任务没有承办单位。") % {"n": index})
        if unit.pk not in allowed:
            raise ValidationError(
                _("“%(unit)s”不是“%(parent)s”的下级单位,不能二次交办给它。") % {"unit": unit, "parent": task.lead_unit}
            )
        deadline: datetime.date | None = wanted.get("deadline") or task.deadline
        check_subtask_deadline(task, deadline)
        cooperating = [u for u in wanted.get("cooperating_units", ()) if u.pk in allowed and u.pk != unit.pk]
        specs.append(
            dict(
                title=title,
                lead_unit=unit,
                description=wanted.get("description") or task.description,
                responsible_person=wanted.get("responsible_person", ""),
                cooperating_units=cooperating,
                deadline=deadline,
                directive=task.directive,
                meeting=task.meeting,
                source_kind=task.source_kind,
                source_reference=task.source_reference,
                source_person=task.source_person,
                source_date=task.source_date,
                parent=task,
                created_reason=_("由%(unit)s二次交办(上级任务%(number)s)")
                % {"unit": task.lead_unit, "number": task.tracking_number},
            )
        )
    if not specs:
        raise ValidationError(_("请至少填写一项子任务。"))
    created = tasks_create_many(specs, created_by=actor)
    if task.status == Status.ACCEPTED:
        _move(task, "start", actor=actor, reason=_("二次交办"))
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.SPLIT,
        actor=actor,
        reason=_("二次交办%(count)s项子任务:%(list)s") % {
            "count": len(created), "list": "、".join(f"{t.tracking_number} {t.lead_unit.name}" for t in created)},
        # Number → unit; a mapping, not an [old, new] pair, so the history does not show it as a field change.
        changes={"subtasks": {t.tracking_number: t.lead_unit.name for t in created}},
    )
    return created
