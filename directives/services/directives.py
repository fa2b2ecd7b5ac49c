"""Reviewing a speech's points and turning the chosen ones into tasks (交办).

Staff correct a point, drop it, merge two adjacent points or split one, and
then assign the points they choose in one action. A point already turned
into tasks is never assigned again, and is no longer edited here: its tasks
carry their own history.
"""
import datetime
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..dates import day_or_none
from ..models import Directive, Speech, Task, Unit
from ..selectors.units import UNIT_GROUPS, UnitDirectory, group_for_name, units_in_group
from .workflow import tasks_create_many

Review = Directive.Review

EDITABLE_FIELDS = ("number", "kind", "heading", "text", "deadline", "open_ended", "lead_unit", "review_status", "recurrence")


def _label(directive: Directive) -> str:
    return f"{directive.number} {directive.heading}".strip()[:40]


def _check_not_assigned(directive: Directive) -> None:
    if directive.review_status == Review.ASSIGNED or directive.tasks.exists():
        raise ValidationError(
            _("要点“%(point)s”已交办,不能再修改、合并或拆分;请到交办事项中调整。") % {"point": _label(directive)}
        )


def _locked(directive: Directive) -> Directive:
    return Directive.objects.select_for_update().get(pk=directive.pk)


@transaction.atomic
def directive_update(*, directive: Directive, cooperating_units: Iterable[Unit] | None = None, **values) -> Directive:
    """Correct a point's fields as staff settle them in review."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"directive_update cannot change {sorted(unknown)}")
    directive = _locked(directive)
    _check_not_assigned(directive)
    if values.get("review_status") == Review.ASSIGNED:
        raise ValidationError(_("交办请使用“交办选中要点”。"))
    if "heading" in values and not (values["heading"] or "").strip():
        raise ValidationError(_("要点标题不能为空。"))
    if "text" in values and not (values["text"] or "").strip():
        raise ValidationError(_("要点原文不能为空。"))
    if values.get("deadline"):
        values["open_ended"] = False  # a date settles it: the point is no longer 长期
    changed = []
    for name, value in values.items():
        if getattr(directive, name) != value:
            setattr(directive, name, value)
            changed.append(name)
    if changed:
        directive.save(update_fields=changed)
    if cooperating_units is not None:
        lead_id = directive.lead_unit_id
        directive.cooperating_units.set([u for u in cooperating_units if u.pk != lead_id])
    return directive


@transaction.atomic
def directive_drop(*, directive: Directive) -> Directive:
    """Leave a point out of the assignment (it stays visible in review, marked as dropped)."""
    directive = _locked(directive)
    _check_not_assigned(directive)
    directive.review_status = Review.DROPPED
    directive.save(update_fields=["review_status"])
    return directive


@transaction.atomic
def directive_restore(*, directive: Directive) -> Directive:
    """Bring a dropped point back for review."""
    directive = _locked(directive)
    _check_not_assigned(directive)
    directive.review_status = Review.PROPOSED
    directive.save(update_fields=["review_status"])
    return directive


def _union(first: list, second: list) -> list:
    return first + [item for item in second if item not in first]


@transaction.atomic
def directives_merge(*, first: Directive, second: Directive) -> Directive:
    """Merge ``second`` into ``first``: they must be adjacent points of one speech under the same parent.

    The merged point keeps the first's number and heading, the text of both,
    every deadline and unit either had, and the second's sub-points.
    """
    first, second = _locked(first), _locked(second)
    if first.speech_id != second.speech_id:
        raise ValidationError(_("只能合并同一篇讲话中的要点。"))
    if first.position > second.position:
        first, second = second, first
    for directive in (first, second):
        _check_not_assigned(directive)
    siblings = Directive.objects.filter(speech_id=first.speech_id, parent_id=first.parent_id)
    between = siblings.filter(position__gt=first.position, position__lt=second.position).exists()
    if first.pk == second.pk or second.parent_id != first.parent_id or between:
        raise ValidationError(
            _("只能合并相邻的两条同级要点:“%(a)s”和“%(b)s”不相邻。") % {"a": _label(first), "b": _label(second)}
        )
    speech = first.speech
    if first.start_offset is not None and second.end_offset is not None and second.end_offset > first.start_offset:
        first.text = speech.text[first.start_offset:second.end_offset]
        first.end_offset = second.end_offset
    else:
        first.text = f"{first.text.rstrip()}\n{second.text.lstrip()}"
        first.end_offset = None
    first.extracted_deadlines = _union(first.extracted_deadlines, second.extracted_deadlines)
    first.extracted_lead_units = _union(first.extracted_lead_units, second.extracted_lead_units)
    first.extracted_units = _union(first.extracted_units, second.extracted_units)
    first.unknown_unit_names = _union(first.unknown_unit_names, second.unknown_unit_names)
    deadlines = [d for d in (first.deadline, second.deadline) if d]
    first.deadline = min(deadlines) if deadlines else None
    first.lead_unit = first.lead_unit or second.lead_unit
    if first.kind != second.kind:
        first.kind = Directive.Kind.DIRECTIVE
    if first.review_status == Review.DROPPED and second.review_status != Review.DROPPED:
        first.review_status = second.review_status
    cooperating = {u.pk: u for u in [*first.cooperating_units.all(), *second.cooperating_units.all()]}
    if second.lead_unit_id and second.lead_unit_id != first.lead_unit_id:
        cooperating.setdefault(second.lead_unit_id, second.lead_unit)
    first.save()
    first.cooperating_units.set([u for pk, u in cooperating.items() if pk != first.lead_unit_id])
    second.children.update(parent=first)
    second.delete()
    return first


_SENTENCE_END = re.compile(r"[。;;!!??\n]")


def _heading_of(text: str) -> str:
    text = text.strip()
    match = _SENTENCE_END.search(text)
    heading = text[: match.start()] if match else text
    return (heading.strip(" ,,、:") or text)[:60]


@transaction.atomic
def directive_split(*, directive: Directive, at: int | str) -> tuple[Directive, Directive]:
    """Split a point in two at a character offset of its text, or where the given words begin.

    The new point follows at the same level; each part keeps the deadlines
    and unit names written in it. Return (first part, new second part).
    """
    directive = _locked(directive)
    _check_not_assigned(directive)
    text = directive.text
    if isinstance(at, str):
        words = at.strip()
        offset = text.find(words) if words else -1
        if offset < 0:
            raise ValidationError(_("在要点原文中找不到“%(words)s”,无法拆分。") % {"words": words[:30]})
    else:
        offset = at
    if not (0 < offset < len(text)) or not text[:offset].strip() or not text[offset:].strip():
        raise ValidationError(_("拆分位置必须在要点原文中间,两部分都不能为空。"))
    head, tail = text[:offset].rstrip(), text[offset:].strip()

    def belongs(item_text: str, part: str) -> bool:
        return bool(item_text) and item_text in part

    directory = UnitDirectory()
    tail_deadlines = [d for d in directive.extracted_deadlines if belongs(d.get("text"), tail)]
    head_deadlines = [d for d in directive.extracted_deadlines if d not in tail_deadlines]
    tail_leads = [n for n in directive.extracted_lead_units if belongs(n, tail)]
    tail_units = [n for n in directive.extracted_units if belongs(n, tail)]
    tail_match = directory.match(tail_leads + tail_units)
    tail_lead = directory.match(tail_leads).units[:1] or tail_match.units[:1]
    tail_lead = tail_lead[0] if tail_lead else None

    Directive.objects.filter(speech_id=directive.speech_id, position__gt=directive.position).update(
        position=F("position") + 1
    )
    new = Directive.objects.create(
        speech_id=directive.speech_id,
        parent_id=directive.parent_id,
        position=directive.position + 1,
        level=directive.level,
        number="",
        kind=directive.kind,
        heading=_heading_of(tail),
        text=tail,
        start_offset=(directive.start_offset + text.index(tail, offset)) if directive.start_offset is not None else None,
        end_offset=directive.end_offset,
        extracted_deadlines=tail_deadlines,
        extracted_lead_units=tail_leads,
        extracted_units=tail_units,
        recurrence=directive.recurrence,
        review_status=Review.PROPOSED if directive.review_status != Review.DROPPED else Review.DROPPED,
        deadline=next((d for d in (day_or_none(x.get("date")) for x in tail_deadlines) if d), None),
        lead_unit=tail_lead,
        unknown_unit_names=[n for n in directive.unknown_unit_names if belongs(n, tail)],
    )
    new.cooperating_units.set([u for u in tail_match.units if u != tail_lead])

    directive.text = head
    if directive.start_offset is not None:
        directive.end_offset = directive.start_offset + len(head)
    directive.extracted_deadlines = head_deadlines
    directive.extracted_lead_units = [n for n in directive.extracted_lead_units if n not in tail_leads or n in head]
    directive.extracted_units = [n for n in directive.extracted_units if n not in tail_units or n in head]
    directive.unknown_unit_names = [
        n for n in directive.unknown_unit_names if n in head or n not in new.unknown_unit_names
    ]
    head_dates = [d for d in (day_or_none(x.get("date")) for x in head_deadlines) if d]
    tail_dates = [d for d in (day_or_none(x.get("date")) for x in tail_deadlines) if d]
    if directive.deadline in tail_dates and directive.deadline not in head_dates:
        # The proposed deadline was written in the part that moved away.
        directive.deadline = head_dates[0] if head_dates else None
    directive.save()
    return directive, new


def directive_groups(directive: Directive) -> list[str]:
    """Keys of the unit groups (各乡镇(街道), 各村 …) the point addresses, in the order written."""
    keys = []
    for name in [*directive.extracted_lead_units, *directive.extracted_units]:
        group = group_for_name(name)
        if group is not None and group.key not in keys:
            keys.append(group.key)
    return keys


def _fan_out_scope(speech: Speech) -> Unit | None:
    """The branch a group is read in: a township's own meeting fans out to its villages only."""
    organizer = speech.meeting.organizer
    if organizer is not None and organizer.kind in (Unit.Kind.TOWNSHIP, Unit.Kind.STREET, Unit.Kind.COUNTY):
        return organizer
    return None


@transaction.atomic
def directives_assign(
    *,
    directives: Iterable[Directive],
    created_by,
    fan_out: Mapping[int, str] | None = None,
    responsible_persons: Mapping[int, str] | None = None,
    deadlines: Mapping[int, datetime.date | None] | None = None,
    open_ended: Iterable[int] = (),
) -> list[Task]:
    """Turn the chosen points into tasks (交办) in one action, with consecutive tracking numbers.

    Each point becomes one task for its lead unit, with its cooperating
    units, deadline and responsible person; a point whose id is in
    ``fan_out`` becomes instead one task per unit of that group (e.g.
    ``{point.pk: "townships"}``), each unit leading its own and the point's
    named units cooperating. ``deadlines`` gives the 完成时限 settled in
    review (kept on the point too); a point in ``open_ended`` is 长期/无固定时限
    on purpose. Nothing is created if any point cannot be assigned: dropped,
    a context point, already assigned, without a lead unit, or with neither a
    deadline nor the 长期 choice. The ValidationError then maps each refused
    point's id (as a string) to its reasons, so the screen can show them
    beside its rows.
    """
    fan_out = dict(fan_out or {})
    responsible_persons = dict(responsible_persons or {})
    deadlines = dict(deadlines or {})
    open_ended = set(open_ended)
    ids = [d.pk for d in directives]
    if not ids:
        raise ValidationError(_("请先勾选要交办的要点。"))
    points = list(
        Directive.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("speech__meeting__organizer", "lead_unit")
        .order_by("speech_id", "position")
    )
    already = set(Task.objects.filter(directive_id__in=ids).values_list("directive_id", flat=True))
    errors: dict[str, list[str]] = {}
    specs, assigned = [], []

    def refuse(point, message):
        errors.setdefault(str(point.pk), []).append(message)

    for point in points:
        label = _label(point)
        if point.pk in already or point.review_status == Review.ASSIGNED:
            refuse(point, _("要点“%(point)s”已经交办过,不会重复交办。") % {"point": label})
            continue
        if point.review_status == Review.DROPPED:
            refuse(point, _("要点“%(point)s”已舍弃,如需交办请先恢复。") % {"point": label})
            continue
        if point.kind == Directive.Kind.CONTEXT:
            refuse(point, _("要点“%(point)s”是情况描述,不是工作要求;如需交办请先把类型改为“工作要求”。") % {"point": label})
            continue
        deadline = deadlines.get(point.pk, point.deadline)
        is_open_ended = point.pk in open_ended and deadline is None
        if deadline is None and not is_open_ended:
            refuse(point, _("要点“%(point)s”没有完成时限:请填写完成时限,或勾选“长期”。") % {"point": label})
        cooperating = list(point.cooperating_units.all())
        person = (responsible_persons.get(point.pk) or "").strip()[:100]
        base = dict(
            title=point.heading,
            description=point.text,
            deadline=deadline,
            open_ended=is_open_ended,
            directive=point,
            meeting=point.speech.meeting,
            responsible_person=person,
        )
        group_key = fan_out.get(point.pk)
        if group_key:
            if group_key not in UNIT_GROUPS:
                refuse(point, _("要点“%(point)s”:没有“%(group)s”这个单位分组。") % {"point": label, "group": group_key})
                continue
            members = list(units_in_group(group_key, within=_fan_out_scope(point.speech)))
            if not members:
                refuse(
                    point,
                    _("要点“%(point)s”:单位目录中没有属于“%(group)s”的单位,无法分解交办。")
                    % {"point": label, "group": UNIT_GROUPS[group_key].label},
                )
                continue
            # The unit the point names (e.g. "县应急管理局负责督导") helps every member's task.
            helpers = ([point.lead_unit] if point.lead_unit else []) + cooperating
            point_specs = [dict(base, lead_unit=member, cooperating_units=[u for u in helpers if u != member]) for member in members]
        else:
            if point.lead_unit is None:
                refuse(point, _("要点“%(point)s”没有牵头单位:请指定牵头单位,或选择分解到各单位。") % {"point": label})
                continue
            point_specs = [dict(base, lead_unit=point.lead_unit, cooperating_units=cooperating)]
        if str(point.pk) in errors:
            continue
        specs += point_specs
        point.deadline, point.open_ended = deadline, is_open_ended
        assigned.append(point)
    if errors:
        raise ValidationError(errors)
    tasks = tasks_create_many(specs, created_by=created_by)
    Directive.objects.bulk_update(assigned, ["deadline", "open_ended"])
    Directive.objects.filter(pk__in=[p.pk for p in assigned]).update(review_status=Review.ASSIGNED)
    Speech.objects.filter(pk__in={p.speech_id for p in assigned}).update(status=Speech.Status.ASSIGNED)
    return tasks


_CN_DIGITS = "一二三四五六七八九十百零〇"
_LEADING_NUMBER = re.compile(
    rf"^\s*(?:(?P<paren>[((](?:[{_CN_DIGITS}]+|\d+)[))])"
    rf"|(?P<shi>[{_CN_DIGITS}]+[是要])"
    rf"|(?P<di>第[{_CN_DIGITS}]+)(?=[,,、条:])"
    rf"|(?P<cn>[{_CN_DIGITS}]+)(?=[、.．])"
    r"|(?P<num>\d{1,2})(?=[.、．](?!\d)))"
)


_NUMBER_STYLES = (
    ("paren-cn", re.compile(rf"[((][{_CN_DIGITS}]+[))]")),
    ("paren-num", re.compile(r"[((]\d+[))]")),
    ("shi", re.compile(rf"[{_CN_DIGITS}]+是")),
    ("yao", re.compile(rf"[{_CN_DIGITS}]+要")),
    ("di", re.compile(rf"第[{_CN_DIGITS}]+条?")),
    ("cn", re.compile(rf"[{_CN_DIGITS}]+")),
    ("num", re.compile(r"\d+")),
)


def _number_style(number: str) -> str:
    """The kind of enumerator a point's number is (一、 / (一) / 一是 / 1. / (1) / 第一…), to find its siblings."""
    number = (number or "").strip()
    return next((style for style, pattern in _NUMBER_STYLES if pattern.fullmatch(number)), "")


def _leading_number(text: str) -> str:
    match = _LEADING_NUMBER.match(text)
    return next((value for value in match.groupdict().values() if value), "") if match else ""


def _found_in(text: str, meeting_date: datetime.date | None) -> tuple[list[dict], list[str], list[str]]:
    """The deadlines, lead units and units the extractor reads in a passage staff picked by hand."""
    from ..extraction.deadlines import find_deadlines
    from ..extraction.textutil import fold_width
    from ..extraction.units import UnitFinder

    analysis = fold_width(text)
    deadlines = [
        {"text": text[start:end], "date": date.isoformat() if date else None}
        for start, end, date in find_deadlines(analysis, meeting_date)
    ]
    leads, names = UnitFinder(analysis, text).find(0, len(analysis))
    return deadlines, list(dict.fromkeys(leads)), list(dict.fromkeys(names))


@transaction.atomic
def directive_add(*, speech: Speech, start: int, end: int) -> Directive:
    """Add a point the extractor missed, from a passage of the speech text (character offsets).

    It is placed in reading order. A passage numbered like points before it
    (三是… after 一是…, 二是…) becomes their sibling, and the text of the
    sibling it was read into ends where it begins; a numbered passage of a
    new kind, or an unnumbered one inside a point, becomes a sub-point of the
    point before it; otherwise it follows that point at its level. Its
    deadlines and units are read as the extractor reads them.
    """
    speech = Speech.objects.select_for_update().get(pk=speech.pk)
    text = speech.text
    if not (0 <= start < end <= len(text)):
        raise ValidationError(_("请先在讲话原文中选中要新增的要点文字。"))
    passage = text[start:end]
    start += len(passage) - len(passage.lstrip())
    end -= len(passage) - len(passage.rstrip())
    passage = text[start:end]
    if len(passage) < 4:
        raise ValidationError(_("选中的文字太短,请选中要点的完整句子。"))
    points = list(speech.directives.order_by("position"))
    if any(p.start_offset == start and p.end_offset == end for p in points):
        raise ValidationError(_("选中的文字已经是一条要点。"))
    located = [p for p in points if p.start_offset is not None]
    before = [p for p in located if p.start_offset <= start]
    previous = max(before, key=lambda p: (p.start_offset, p.position)) if before else None

    number = _leading_number(passage)
    style = _number_style(number)
    sibling = None
    if style:
        sibling = next((p for p in sorted(before, key=lambda p: -p.start_offset) if _number_style(p.number) == style), None)
    cut = None
    if sibling is not None:
        parent, level = sibling.parent, sibling.level
        cut = next((p for p in sorted(before, key=lambda p: -p.start_offset) if p.level >= level), None)
    elif previous is not None and (style or (previous.end_offset is not None and start < previous.end_offset)):
        parent, level = previous, previous.level + 1
    elif previous is not None:
        parent, level = previous.parent, previous.level
    else:
        parent, level = None, 1
    if cut is not None and cut.end_offset is not None and cut.end_offset > start and cut.start_offset < start:
        _check_not_assigned(cut)
        cut.text = text[cut.start_offset:start].rstrip()
        cut.end_offset = cut.start_offset + len(cut.text)
        cut.save(update_fields=["text", "end_offset"])

    # Reading order: after every point that starts before it (and their unplaced neighbours).
    position = (max(p.position for p in points if p.start_offset is not None and p.start_offset <= start)
                if before else 0) + 1
    Directive.objects.filter(speech=speech, position__gte=position).update(position=F("position") + 1)

    deadlines, lead_names, unit_names = _found_in(passage, speech.reference_date)
    directory = UnitDirectory()
    leads = directory.match(lead_names)
    everyone = directory.match(lead_names + unit_names)
    lead_unit = (leads.units or everyone.units or [None])[0]
    body = passage[len(number):].lstrip(" 、.．,,:") if number else passage
    new = Directive.objects.create(
        speech=speech,
        parent=parent,
        position=position,
        level=level,
        number=number[:20],
        kind=Directive.Kind.DIRECTIVE,
        heading=_heading_of(body),
        text=passage,
        start_offset=start,
        end_offset=end,
        extracted_deadlines=deadlines,
        extracted_lead_units=lead_names,
        extracted_units=unit_names,
        deadline=next((d for d in (day_or_none(x["date"]) for x in deadlines) if d), None),
        lead_unit=lead_unit,
        unknown_unit_names=everyone.unknown,
    )
    new.cooperating_units.set([u for u in everyone.units if u != lead_unit])
    return new
