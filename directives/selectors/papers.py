"""Reads for the papers an office files (督办通知书, 督查通报): the office's name, a task's source, tasks by unit."""
import dataclasses

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Task, Unit


def office_name() -> str:
    """The supervision office's full name (the first active unit of kind 督查室), or 督查室."""
    name = (
        Unit.objects.filter(kind=Unit.Kind.OFFICE, is_active=True).order_by("tree_path").values_list("name", flat=True)
        .first()
    )
    return name or _("督查室")


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def task_source_text(task: Task) -> str:
    """Where the task comes from, as a notice writes it: the meeting and speech, or the source's reference."""
    parts = []
    if task.meeting_id:
        meeting = task.meeting
        parts.append(f"{_day(meeting.held_on)}{meeting.title}")
        directive = task.directive
        if directive is not None:
            speaker = directive.speech.speaker
            parts.append(_("%(speaker)s讲话") % {"speaker": speaker} if speaker else _("会议讲话"))
            if directive.number:
                parts.append(_("要点%(number)s") % {"number": directive.number.strip("、.,, ")})
    kind = task.source_kind
    if kind and kind not in (Task.Source.SPEECH, Task.Source.OTHER) or (kind == Task.Source.OTHER and not parts):
        reference = [task.get_source_kind_display()]
        if task.source_person:
            reference.append(_("%(person)s批示") % {"person": task.source_person}
                             if kind == Task.Source.INSTRUCTION else task.source_person)
        if task.source_reference:
            reference.append(task.source_reference)
        if task.source_date:
            reference.append(_day(task.source_date))
        if len(reference) > 1 or not parts:
            parts.append(" ".join(reference))
    return " · ".join(parts) or "—"


def task_basis_text(task: Task) -> str:
    """What the task is done on the strength of, as a notice's opening says it (根据……要求): "" if unknown."""
    if task.meeting_id:
        meeting = task.meeting
        speaker = task.directive.speech.speaker if task.directive_id else ""
        if speaker:
            return _("%(day)s%(meeting)s上%(speaker)s同志的讲话") % {
                "day": _day(meeting.held_on), "meeting": meeting.title, "speaker": speaker}
        return f"{_day(meeting.held_on)}{meeting.title}"
    kind = task.source_kind
    if kind == Task.Source.INSTRUCTION and task.source_person:
        return _("%(person)s同志%(day)s的批示") % {"person": task.source_person, "day": _day(task.source_date)}
    if kind in (Task.Source.DOCUMENT, Task.Source.MINUTES) and task.source_reference:
        return _("%(reference)s%(kind)s") % {"reference": task.source_reference,
                                             "kind": _("文件") if kind == Task.Source.DOCUMENT else _("会议纪要")}
    return ""


def notice_tasks(task_ids) -> QuerySet[Task]:
    """The tasks of a notice, with what it prints, in lead-unit then tracking-number order (2 queries)."""
    return (
        Task.objects.filter(pk__in=list(task_ids))
        .select_related("lead_unit", "meeting", "directive__speech")
        .prefetch_related("cooperating_units")
        .order_by("lead_unit__tree_path", "tracking_year", "tracking_serial")
    )


@dataclasses.dataclass
class UnitNotice:
    """The tasks one lead unit is notified of in one notice."""

    unit: Unit
    tasks: list[Task]


def notices_by_unit(tasks) -> list[UnitNotice]:
    """Group tasks (already ordered by lead unit) into one notice per lead unit."""
    notices: list[UnitNotice] = []
    for task in tasks:
        if not notices or notices[-1].unit.pk != task.lead_unit_id:
            notices.append(UnitNotice(task.lead_unit, []))
        notices[-1].tasks.append(task)
    return notices
