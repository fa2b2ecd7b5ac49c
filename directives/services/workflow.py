"""The task lifecycle: 交办 → 签收 → 办理中 → 申请办结 → 销号, or 退回 to 办理中.

Every move is checked against the workflow and recorded as a TaskEvent with
who, when, from, to and why. Permission (who may call which move) is checked
by ``check_*`` functions in ``directives.permissions`` before these
are called; these functions check only that the move itself is legal.
"""
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy

from ..extraction.deadlines import add_working_days
from ..models import ProgressReport, Task, TaskEvent, Unit
from .notifications.texts import Kind as NotificationKind
from .notifications.texts import tasks_notify_on_commit
from .tracking import tracking_numbers_issue

Status = Task.Status

# The moves the workflow allows: name -> (statuses it may start from, status it leads to).
MOVES: dict[str, tuple[frozenset, str]] = {
    "accept": (frozenset({Status.ASSIGNED}), Status.ACCEPTED),
    "start": (frozenset({Status.ACCEPTED}), Status.IN_PROGRESS),
    "request_close": (frozenset({Status.ACCEPTED, Status.IN_PROGRESS}), Status.CLOSE_REQUESTED),
    "close": (frozenset({Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.CLOSE_REQUESTED}), Status.CLOSED),
    "return": (frozenset({Status.CLOSE_REQUESTED}), Status.IN_PROGRESS),
}

MOVE_NAMES = {
    "accept": pgettext_lazy("action", "签收"),
    "start": gettext_lazy("开始办理"),
    "request_close": pgettext_lazy("action", "申请办结"),
    "close": pgettext_lazy("action", "销号"),
    "return": gettext_lazy("退回"),
}


class WorkflowError(ValidationError):
    """A move the workflow does not allow from the task's current status."""


def today() -> datetime.date:
    return timezone.localdate()


def allowed_moves(task: Task) -> list[str]:
    return [name for name, (sources, _target) in MOVES.items() if task.status in sources]


def _refresh_light(task: Task, day: datetime.date | None = None) -> list[str]:
    day = day or today()
    task.is_overdue = task.status != Status.CLOSED and task.deadline is not None and day > task.deadline
    task.light = task.light_on(day)
    return ["is_overdue", "light"]


def check_move(task: Task, move: str) -> None:
    """Raise WorkflowError if the workflow does not allow ``move`` from the task's status."""
    if task.status not in MOVES[move][0]:
        raise WorkflowError(
            _("“%(number)s”当前状态为“%(status)s”,不能%(move)s。")
            % {"number": task.tracking_number, "status": task.get_status_display(), "move": MOVE_NAMES[move]}
        )


def _move(task: Task, move: str, *, actor, reason: str = "", at=None) -> TaskEvent:
    check_move(task, move)
    target = MOVES[move][1]
    at = at or timezone.now()
    source = task.status
    task.status = target
    fields = ["status", "updated_at"]
    if target == Status.ACCEPTED:
        task.accepted_at = at
        fields.append("accepted_at")
    elif target == Status.CLOSE_REQUESTED:
        task.close_requested_at = at
        fields.append("close_requested_at")
    elif target == Status.CLOSED:
        task.closed_at = at
        local_day = timezone.localtime(at).date()
        task.closed_on_time = task.deadline is None or local_day <= task.deadline
        fields += ["closed_at", "closed_on_time"]
    fields += _refresh_light(task)
    task.save(update_fields=fields)
    return TaskEvent.objects.create(
        task=task, kind=TaskEvent.Kind.STATUS, from_status=source, to_status=target, actor=actor, at=at, reason=reason
    )


def accept_by_for(assigned_on: datetime.date) -> datetime.date:
    """签收时限 of a task assigned on ``assigned_on``: DUBAN_ACCEPTANCE_WORKDAYS working days later."""
    return add_working_days(assigned_on, getattr(settings, "DUBAN_ACCEPTANCE_WORKDAYS", 1))


def source_kind_for(*, directive=None, meeting=None) -> str:
    """The source a task has when none is given: a speech if it comes from a point or a meeting."""
    return Task.Source.SPEECH if directive is not None or meeting is not None else Task.Source.OTHER


def open_subtask_count(task: Task) -> int:
    return task.subtasks.exclude(status=Status.CLOSED).count()


def check_subtask_deadline(parent: Task | None, deadline: datetime.date | None) -> None:
    """A sub-task's deadline may not be later than its parent's (nor missing when the parent has one)."""
    if parent is None or parent.deadline is None:
        return
    if deadline is None or deadline > parent.deadline:
        raise ValidationError(
            _("子任务的完成时限不能晚于上级任务“%(number)s”的完成时限(%(deadline)s)。")
            % {"number": parent.tracking_number, "deadline": f"{parent.deadline:%Y-%m-%d}"}
        )


def _locked(task: Task) -> Task:
    """Re-read the task under a row lock so two moves at once cannot both pass the check."""
    return Task.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def task_create(
    *,
    title: str,
    lead_unit: Unit,
    created_by=None,
    description: str = "",
    cooperating_units: Iterable[Unit] = (),
    responsible_person: str = "",
    deadline: datetime.date | None = None,
    directive=None,
    meeting=None,
    remarks: str = "",
    year: int | None = None,
    source_kind: str | None = None,
    source_reference: str = "",
    source_person: str = "",
    source_date: datetime.date | None = None,
    parent: Task | None = None,
) -> Task:
    """Create a task in status 交办 with the next tracking number of the year."""
    return tasks_create_many(
        [
            dict(
                title=title,
                lead_unit=lead_unit,
                description=description,
                cooperating_units=list(cooperating_units),
                responsible_person=responsible_person,
                deadline=deadline,
                directive=directive,
                meeting=meeting,
                remarks=remarks,
                source_kind=source_kind,
                source_reference=source_reference,
                source_person=source_person,
                source_date=source_date,
                parent=parent,
            )
        ],
        created_by=created_by,
        year=year,
    )[0]


@transaction.atomic
def tasks_create_many(specs: list[dict], *, created_by=None, year: int | None = None) -> list[Task]:
    """Create several tasks at once, with consecutive tracking numbers.

    Each spec holds the keyword arguments of ``task_create`` (except
    ``created_by`` and ``year``), and may hold ``created_reason``, kept on the
    creation event. A task's 原时限 is its deadline at creation; its 签收时限
    is counted in working days from today.
    """
    if not specs:
        return []
    for spec in specs:
        if not (spec.get("title") or "").strip():
            raise ValidationError(_("工作任务不能为空。"))
        if spec.get("lead_unit") is None:
            raise ValidationError(_("“%(title)s”没有牵头单位。") % {"title": spec["title"]})
    now = timezone.now()
    year = year or timezone.localtime(now).year
    accept_by = accept_by_for(timezone.localtime(now).date())
    numbers = tracking_numbers_issue(year=year, count=len(specs))
    tasks = []
    for spec, (serial, number) in zip(specs, numbers):
        meeting = spec.get("meeting") or (spec["directive"].speech.meeting if spec.get("directive") else None)
        task = Task(
            tracking_year=year,
            tracking_serial=serial,
            tracking_number=number,
            title=spec["title"].strip()[:300],
            description=spec.get("description", ""),
            lead_unit=spec["lead_unit"],
            responsible_person=spec.get("responsible_person", ""),
            deadline=spec.get("deadline"),
            open_ended=bool(spec.get("open_ended")) and spec.get("deadline") is None,
            original_deadline=spec.get("deadline"),
            accept_by=accept_by,
            directive=spec.get("directive"),
            meeting=meeting,
            remarks=spec.get("remarks", ""),
            source_kind=spec.get("source_kind") or source_kind_for(directive=spec.get("directive"), meeting=meeting),
            source_reference=(spec.get("source_reference") or "").strip()[:100],
            source_person=(spec.get("source_person") or "").strip()[:50],
            source_date=spec.get("source_date"),
            parent=spec.get("parent"),
            created_by=created_by,
            created_at=now,
        )
        _refresh_light(task)
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    through = Task.cooperating_units.through
    links = [
        through(task_id=task.pk, unit_id=unit.pk)
        for task, spec in zip(tasks, specs)
        for unit in {u.pk: u for u in spec.get("cooperating_units", ()) if u.pk != task.lead_unit_id}.values()
    ]
    through.objects.bulk_create(links)
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task=task, kind=TaskEvent.Kind.CREATED, to_status=Status.ASSIGNED, actor=created_by, at=now,
                reason=spec.get("created_reason", ""),
            )
            for task, spec in zip(tasks, specs)
        ]
    )
    tasks_notify_on_commit(kind=NotificationKind.TASK_ASSIGNED, task_ids=[task.pk for task in tasks])
    return tasks


@transaction.atomic
def task_accept(*, task: Task, actor) -> Task:
    task = _locked(task)
    _move(task, "accept", actor=actor)
    return task


@transaction.atomic
def task_report_progress(
    *, task: Task, unit: Unit, author, text: str, attachment=None, is_completion_evidence: bool = False
) -> ProgressReport:
    """Record a progress report (进展反馈); a first report on an accepted task moves it to 办理中."""
    if not (text or "").strip():
        raise ValidationError(_("进展情况不能为空。"))
    task = _locked(task)
    if task.status in (Status.ASSIGNED,):
        raise WorkflowError(_("请先签收“%(number)s”,再反馈进展。") % {"number": task.tracking_number})
    if task.status == Status.CLOSED:
        raise WorkflowError(_("“%(number)s”已销号,不能再反馈进展。") % {"number": task.tracking_number})
    now = timezone.now()
    report = ProgressReport.objects.create(
        task=task,
        unit=unit,
        author=author,
        text=text.strip(),
        attachment=attachment or "",
        is_completion_evidence=is_completion_evidence,
        created_at=now,
    )
    if task.status == Status.ACCEPTED:
        _move(task, "start", actor=author, at=now)
    task.latest_progress = report.text
    task.latest_progress_at = now
    task.save(update_fields=["latest_progress", "latest_progress_at", "updated_at"])
    TaskEvent.objects.create(
        task=task, kind=TaskEvent.Kind.PROGRESS, actor=author, at=now, reason=report.text[:500],
        changes={"progress_report": report.pk},
    )
    return report


@transaction.atomic
def task_request_close(*, task: Task, unit: Unit, actor, text: str, attachment=None) -> Task:
    """The unit asks to close the task; its statement (and evidence) is kept as a progress report."""
    if not (text or "").strip():
        raise ValidationError(_("申请办结须说明完成情况。"))
    task = _locked(task)
    check_move(task, "request_close")
    still_open = open_subtask_count(task)
    if still_open:
        raise WorkflowError(
            _("“%(number)s”还有%(count)s项子任务未销号,子任务全部销号后才能申请办结。")
            % {"number": task.tracking_number, "count": still_open}
        )
    task_report_progress(
        task=task, unit=unit, author=actor, text=text, attachment=attachment, is_completion_evidence=True
    )
    task.refresh_from_db()
    event = _move(task, "request_close", actor=actor, reason=text.strip())
    tasks_notify_on_commit(
        kind=NotificationKind.TASK_CLOSE_REQUESTED, task_ids=[task.pk], event_id=event.pk, note=text.strip()
    )
    return task


@transaction.atomic
def task_close(*, task: Task, actor, reason: str = "") -> Task:
    """The office verifies the work and closes the task (销号).

    A task whose sub-tasks are not all closed is closed only with a reason (the
    office overrides), and the number left open is kept in the history.
    """
    task = _locked(task)
    still_open = open_subtask_count(task)
    if still_open and not (reason or "").strip():
        raise ValidationError(
            _("“%(number)s”还有%(count)s项子任务未销号;如确需销号,请说明理由。")
            % {"number": task.tracking_number, "count": still_open}
        )
    event = _move(task, "close", actor=actor, reason=(reason or "").strip())
    if still_open:
        event.changes = {"open_subtasks": still_open}
        event.save(update_fields=["changes"])
    tasks_notify_on_commit(kind=NotificationKind.TASK_CLOSED, task_ids=[task.pk], note=reason)
    return task


@transaction.atomic
def task_return(*, task: Task, actor, reason: str) -> Task:
    """The office refuses a close request (退回): the task is in progress again."""
    if not (reason or "").strip():
        raise ValidationError(_("退回须说明理由。"))
    task = _locked(task)
    event = _move(task, "return", actor=actor, reason=reason.strip())
    tasks_notify_on_commit(
        kind=NotificationKind.TASK_RETURNED, task_ids=[task.pk], event_id=event.pk, note=reason.strip()
    )
    return task


@transaction.atomic
def task_urge(*, task: Task, actor, note: str = "") -> TaskEvent:
    """Press the unit about an open task (催办): counted, recorded, and notified."""
    task = _locked(task)
    if task.status == Status.CLOSED:
        raise WorkflowError(_("“%(number)s”已销号,无需催办。") % {"number": task.tracking_number})
    now = timezone.now()
    task.urge_count += 1
    task.last_urged_at = now
    task.save(update_fields=["urge_count", "last_urged_at", "updated_at"])
    event = TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.URGE, actor=actor, at=now, reason=note)
    tasks_notify_on_commit(kind=NotificationKind.TASK_URGED, task_ids=[task.pk], event_id=event.pk, note=note)
    return event


@transaction.atomic
def task_change_deadline(*, task: Task, actor, deadline: datetime.date | None, reason: str) -> Task:
    """Move the deadline; the reason and the old date are kept."""
    if not (reason or "").strip():
        raise ValidationError(_("调整时限须说明理由。"))
    task = _locked(task)
    if task.status == Status.CLOSED:
        raise WorkflowError(_("“%(number)s”已销号,不能调整时限。") % {"number": task.tracking_number})
    old = task.deadline
    if old == deadline:
        return task
    check_subtask_deadline(task.parent, deadline)
    task.deadline = deadline
    fields = ["deadline", "updated_at", *_refresh_light(task)]
    if deadline is not None and task.open_ended:
        task.open_ended = False  # a date settles it: no longer 长期
        fields.append("open_ended")
    if task.original_deadline is None:
        task.original_deadline = deadline
        fields.append("original_deadline")
    task.save(update_fields=fields)
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.DEADLINE,
        actor=actor,
        reason=reason.strip(),
        changes={"deadline": [old.isoformat() if old else None, deadline.isoformat() if deadline else None]},
    )
    return task


@transaction.atomic
def task_reassign(
    *, task: Task, actor, lead_unit: Unit, cooperating_units: Iterable[Unit] | None = None, reason: str = ""
) -> Task:
    """Change the lead unit (and optionally the cooperating units), keeping the old ones in history."""
    task = _locked(task)
    old_lead = task.lead_unit
    old_coop = sorted(task.cooperating_units.values_list("name", flat=True))
    task.lead_unit = lead_unit
    task.save(update_fields=["lead_unit", "updated_at"])
    if cooperating_units is not None:
        task.cooperating_units.set([u for u in cooperating_units if u.pk != lead_unit.pk])
    new_coop = sorted(task.cooperating_units.values_list("name", flat=True))
    changes = {}
    if old_lead.pk != lead_unit.pk:
        changes["lead_unit"] = [old_lead.name, lead_unit.name]
    if old_coop != new_coop:
        changes["cooperating_units"] = [old_coop, new_coop]
    if changes:
        TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.REASSIGN, actor=actor, reason=reason, changes=changes)
    return task


TRACKED_FIELDS = ("title", "description", "responsible_person", "remarks", "open_ended")


@transaction.atomic
def task_edit(*, task: Task, actor, reason: str = "", **values) -> Task:
    """Edit the task's wording or responsible person; each changed field is kept in history."""
    unknown = set(values) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"task_edit cannot change {sorted(unknown)}")
    task = _locked(task)
    changes = {}
    for field, value in values.items():
        old = getattr(task, field)
        if old != value:
            changes[field] = [old, value]
            setattr(task, field, value)
    if changes:
        task.save(update_fields=[*changes, "updated_at"])
        TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.EDIT, actor=actor, reason=reason, changes=changes)
    return task


def tasks_refresh_lights(*, day: datetime.date | None = None, chunk_size: int = 2000) -> int:
    """Recompute overdue flags and lights of open tasks in bulk; return how many changed.

    Four UPDATE statements whatever the number of tasks: the overdue sweep.
    """
    from django.conf import settings

    day = day or today()
    yellow_until = day + datetime.timedelta(days=settings.DUBAN_YELLOW_DAYS)
    open_tasks = Task.objects.open()
    changed = 0
    changed += open_tasks.filter(deadline__lt=day).exclude(light=Task.Light.RED, is_overdue=True).update(
        is_overdue=True, light=Task.Light.RED
    )
    changed += open_tasks.filter(deadline__gte=day, deadline__lte=yellow_until).exclude(
        light=Task.Light.YELLOW, is_overdue=False
    ).update(is_overdue=False, light=Task.Light.YELLOW)
    changed += open_tasks.filter(deadline__gt=yellow_until).exclude(light=Task.Light.GREEN, is_overdue=False).update(
        is_overdue=False, light=Task.Light.GREEN
    )
    changed += open_tasks.filter(deadline__isnull=True).exclude(light=Task.Light.NONE, is_overdue=False).update(
        is_overdue=False, light=Task.Light.NONE
    )
    return changed


@transaction.atomic
def task_register(*, task: Task, created_by=None) -> Task:
    """Save a task built elsewhere (e.g. the admin form) as newly assigned, with a tracking number."""
    # The year in Asia/Shanghai: created_at is aware (UTC), and 1 January before 08:00 is still 31 December in UTC.
    year = timezone.localtime(task.created_at).year if task.created_at else timezone.localdate().year
    (serial, number), = tracking_numbers_issue(year=year, count=1)
    task.tracking_year, task.tracking_serial, task.tracking_number = year, serial, number
    task.status = Status.ASSIGNED
    task.created_by = created_by
    if task.original_deadline is None:
        task.original_deadline = task.deadline
    task.accept_by = accept_by_for(timezone.localtime(task.created_at).date() if task.created_at else today())
    if not task.source_kind:
        task.source_kind = source_kind_for(directive=task.directive, meeting=task.meeting)
    _refresh_light(task)
    task.save()
    TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.CREATED, to_status=Status.ASSIGNED, actor=created_by)
    tasks_notify_on_commit(kind=NotificationKind.TASK_ASSIGNED, task_ids=[task.pk])
    return task
