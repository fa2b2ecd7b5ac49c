"""Reads for a 通报 (bulletin): overdue tasks and missed or late daily reports over a date range, by unit.

- A task is overdue in the range when its deadline passed before the range's
  effective end (the end, or today if earlier) and it was not closed by its
  deadline: still open, or closed late on or after the range's first day.
- Missed and late reports come from each campaign's matrix over the part of
  the range it covers (``campaign_matrix``: the same states as the page).

Units are ranked worst first: most overdue tasks, then most missed reports,
then most late reports, then the longest overdue task.
"""
import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import ReportCampaign, Task, Unit
from . import reports as report_selectors


def effective_end(end: datetime.date, now: datetime.datetime | None = None) -> datetime.date:
    """The last day the bulletin can speak about: ``end``, or today if earlier."""
    return min(end, timezone.localdate(now or timezone.now()))


def bulletin_overdue_tasks(start: datetime.date, end: datetime.date, *, now=None) -> QuerySet[Task]:
    """Tasks overdue at some point between ``start`` and ``end`` (see the module's note)."""
    last = effective_end(end, now)
    closed_late_in_range = Q(closed_at__isnull=False, closed_on_time=False, closed_at__date__gte=start)
    return (
        Task.objects.filter(deadline__lt=last)
        .filter(~Q(status=Task.Status.CLOSED) | closed_late_in_range)
        .select_related("lead_unit")
        .order_by("lead_unit__tree_path", "deadline", "tracking_year", "tracking_serial")
    )


def bulletin_campaigns(start: datetime.date, end: datetime.date) -> QuerySet[ReportCampaign]:
    return ReportCampaign.objects.filter(first_day__lte=end, last_day__gte=start).order_by("first_day", "id")


@dataclasses.dataclass
class ReportGap:
    """One unit's missed and late days in one campaign."""

    campaign: str
    expected: int
    missing_days: list[datetime.date]
    late_days: list[datetime.date]


@dataclasses.dataclass
class UnitStanding:
    unit_id: int
    name: str
    tree_path: str
    overdue_tasks: list[dict] = dataclasses.field(default_factory=list)  # rows: number, title, deadline, days…
    gaps: list[ReportGap] = dataclasses.field(default_factory=list)  # every campaign it owed reports to
    rank: int = 0

    @property
    def overdue_count(self) -> int:
        return len(self.overdue_tasks)

    @property
    def longest_overdue(self) -> int:
        return max((t["overdue_days"] for t in self.overdue_tasks), default=0)

    @property
    def expected(self) -> int:
        return sum(g.expected for g in self.gaps)

    @property
    def missing(self) -> int:
        return sum(len(g.missing_days) for g in self.gaps)

    @property
    def late(self) -> int:
        return sum(len(g.late_days) for g in self.gaps)

    @property
    def reporting_rate(self) -> float | None:
        if not self.expected:
            return None
        return round(100.0 * (self.expected - self.missing) / self.expected, 1)

    def sort_key(self):
        return (-self.overdue_count, -self.missing, -self.late, -self.longest_overdue, self.tree_path)


@dataclasses.dataclass
class Bulletin:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    units: list[UnitStanding]  # ranked, worst first; only units with something to report

    @property
    def overdue_total(self) -> int:
        return sum(u.overdue_count for u in self.units)

    @property
    def missing_total(self) -> int:
        return sum(u.missing for u in self.units)

    @property
    def late_total(self) -> int:
        return sum(u.late for u in self.units)


def bulletin_build(start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None) -> Bulletin:
    """The bulletin's figures: 1 query for overdue tasks, 1 for campaigns, 3 per campaign."""
    now = now or timezone.now()
    last = effective_end(end, now)
    standings: dict[int, UnitStanding] = {}

    def standing(unit_id, name, tree_path):
        if unit_id not in standings:
            standings[unit_id] = UnitStanding(unit_id, name, tree_path)
        return standings[unit_id]

    for task in bulletin_overdue_tasks(start, end, now=now):
        unit = task.lead_unit
        standing(unit.pk, str(unit), unit.tree_path).overdue_tasks.append(
            {
                "tracking_number": task.tracking_number,
                "title": task.title,
                "deadline": task.deadline,
                "status": task.get_status_display(),
                "closed": task.status == Task.Status.CLOSED,
                "overdue_days": task.overdue_days_on(last),
                "latest_progress": task.latest_progress,
            }
        )

    if start <= last:
        for campaign in bulletin_campaigns(start, last):
            span_start, span_end = max(start, campaign.first_day), min(last, campaign.last_day)
            if span_start > span_end:
                continue
            matrix = report_selectors.campaign_matrix(campaign, span_start, span_end, now=now, with_ancestors=False)
            paths = dict(Unit.objects.filter(pk__in=[r.unit_id for r in matrix.rows]).values_list("pk", "tree_path"))
            for row in matrix.rows:
                missing = [d for d, s in zip(matrix.days, row.cells) if s == report_selectors.MISSING]
                late = [d for d, s in zip(matrix.days, row.cells) if s in (report_selectors.LATE,
                                                                             report_selectors.ZERO_LATE)]
                if not row.counts.expected:
                    continue
                standing(row.unit_id, row.name, paths.get(row.unit_id, "")).gaps.append(
                    ReportGap(campaign.name, row.counts.expected, missing, late)
                )

    flagged = (u for u in standings.values() if u.overdue_count or u.missing or u.late)
    ranked = sorted(flagged, key=UnitStanding.sort_key)
    for index, unit in enumerate(ranked, 1):
        unit.rank = index
    return Bulletin(start=start, end=end, as_of=last, units=ranked)


def bulletin_row_estimate(start: datetime.date, end: datetime.date) -> int:
    """Rows a bulletin will have, roughly: its overdue tasks (gaps add one row per unit and campaign)."""
    return bulletin_overdue_tasks(start, end).count()
