"""Reads for the 督办台账 (ledger): task rows in chunks, with their cooperating units.

A ledger is fed any Task QuerySet (a changelist's filtered queryset, the
workspace's filtered list, a unit's tasks); these functions keep its filters
and only choose the columns, the order and the chunking. Each chunk costs one
query for its cooperating units, whatever its size, on top of the one query
that streams the tasks.
"""
import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import F, QuerySet
from django.utils import timezone

from ..models import Task

LEDGER_FIELDS = (
    "id",
    "tracking_number",
    "title",
    "meeting_id",
    "meeting__title",
    "directive_id",
    "directive__number",
    "directive__heading",
    "directive__speech__title",
    "directive__speech__speaker",
    "directive__speech__meeting_id",
    "directive__speech__meeting__title",
    "lead_unit_id",
    "lead_unit__name",
    "lead_unit__short_name",
    "lead_unit__tree_path",
    "responsible_person",
    "deadline",
    "open_ended",
    "original_deadline",
    "extension_count",
    "source_kind",
    "source_reference",
    "source_person",
    "source_date",
    "parent__tracking_number",
    "parent__lead_unit__name",
    "parent__lead_unit__short_name",
    "status",
    "light",
    "is_overdue",
    "latest_progress",
    "remarks",
    "closed_at",
)

# Orders that put the rows of one group together, the rest of the order kept inside a group.
GROUP_ORDERS = {
    "point": (
        F("source_meeting_held_on").asc(nulls_last=True),
        F("source_meeting_id").asc(nulls_last=True),
        F("directive__speech_id").asc(nulls_last=True),
        F("directive__position").asc(nulls_last=True),
        "tracking_year",
        "tracking_serial",
    ),
    "lead_unit": ("lead_unit__tree_path", "tracking_year", "tracking_serial"),
    "source": ("source_order", "tracking_year", "tracking_serial"),
}
# The order of source kinds in a ledger grouped by source: as listed in Task.Source.
SOURCE_ORDER = {value: index for index, value in enumerate(Task.Source.values)}


def ledger_queryset(tasks: QuerySet[Task], *, group_by: str | None = None) -> QuerySet:
    """The ledger's rows of ``tasks`` as dicts, in the list's order or grouped (``point`` / ``lead_unit`` /
    ``source``)."""
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Coalesce

    rows = tasks
    if group_by == "point":
        rows = rows.annotate(
            source_meeting_held_on=Coalesce("meeting__held_on", "directive__speech__meeting__held_on"),
            source_meeting_id=Coalesce("meeting_id", "directive__speech__meeting_id"),
        )
    if group_by == "source":
        rows = rows.annotate(source_order=Case(
            *[When(source_kind=value, then=Value(index)) for value, index in SOURCE_ORDER.items()],
            default=Value(len(SOURCE_ORDER)), output_field=IntegerField(),
        ))
    if group_by:
        rows = rows.order_by(*GROUP_ORDERS[group_by])
    elif not rows.ordered:
        rows = rows.order_by(*Task._meta.ordering)
    return rows.values(*LEDGER_FIELDS)


def cooperating_names(task_ids: list[int]) -> dict[int, list[str]]:
    """Short names of the cooperating units of each task, in tree order (one query)."""
    names: dict[int, list[str]] = defaultdict(list)
    if not task_ids:
        return names
    through = Task.cooperating_units.through
    pairs = (
        through.objects.filter(task_id__in=task_ids)
        .order_by("unit__tree_path")
        .values_list("task_id", "unit__short_name", "unit__name")
    )
    for task_id, short_name, name in pairs:
        names[task_id].append(short_name or name)
    return names


def ledger_chunks(
    tasks: QuerySet[Task], *, group_by: str | None = None, chunk_size: int = 2000
) -> Iterator[list[dict]]:
    """Yield lists of up to ``chunk_size`` row dicts, each with a ``cooperating`` list added.

    The tasks are streamed with ``.iterator(chunk_size)``; the cooperating
    units of a chunk come in one query, so a ledger of n rows runs
    1 + ceil(n / chunk_size) queries.
    """
    chunk: list[dict] = []
    for row in ledger_queryset(tasks, group_by=group_by).iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield _with_cooperating(chunk)
            chunk = []
    if chunk:
        yield _with_cooperating(chunk)


def _with_cooperating(chunk: list[dict]) -> list[dict]:
    names = cooperating_names([row["id"] for row in chunk])
    for row in chunk:
        row["cooperating"] = names.get(row["id"], ())
    return chunk


class _OverdueProbe:
    """Carries the three fields ``Task.overdue_days_on`` reads, so a row dict needs no model instance."""

    __slots__ = ("deadline", "status", "closed_at")


def overdue_days(row: dict, day: datetime.date, _probe=_OverdueProbe()) -> int:
    """``Task.overdue_days_on(day)`` for a ledger row dict."""
    if row["deadline"] is None:
        return 0
    _probe.deadline = row["deadline"]
    _probe.status = row["status"]
    _probe.closed_at = row["closed_at"]
    return Task.overdue_days_on(_probe, day)


def ledger_as_of() -> datetime.datetime:
    return timezone.localtime()


def workspace_tasks(*, user, params) -> QuerySet[Task]:
    """The tasks the workspace list shows ``user`` for the GET ``params``: the same FilterSet on the same rows.

    Invalid filters give no rows, as on the list page (django-filter's strict mode).
    """
    from ..filters.tasks import TaskFilter
    from ..permissions import can_see_everything, visible_tasks

    from .overview import overseen_task_filter

    tasks = visible_tasks(user)
    # A 分管领导's list shows their units' tasks unless ?all=1: so does its export.
    overseen = None if (params or {}).get("all") == "1" else overseen_task_filter(user)
    if overseen is not None:
        tasks = tasks.filter(overseen)
    filterset = TaskFilter(params or None, queryset=tasks, show_unit_filter=can_see_everything(user))
    if filterset.is_bound and not filterset.is_valid():
        return Task.objects.none()
    return filterset.qs
