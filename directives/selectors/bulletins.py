"""Reads for a 通报 (bulletin): overdue tasks and missed or late daily reports over a date range, by unit.

- A task is overdue in the range when its deadline passed before the range's
  effective end (the end, or today if earlier) and it was not closed by its
  deadline: still open, or closed late on or after the range's first day.
- A task is 超时未签收 in the range when its 签收时限 passed before the
  effective end (or the sweep flagged it) and it was not accepted by then:
  still not accepted, or accepted on or after the range's first day.
- Missed and late reports come from each campaign's matrix over the part of
  the range it covers (``campaign_matrix``: the same states as the page).

Units are ranked worst first: most overdue tasks, then most missed reports,
then most late reports, then the longest overdue task.
"""
import dataclasses
import datetime

from django.db.models import Count, Q, QuerySet
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


def bulletin_acceptance_overdue_tasks(start: datetime.date, end: datetime.date, *, now=None) -> QuerySet[Task]:
    """Tasks 超时未签收 at some point between ``start`` and ``end`` (see the module's note)."""
    last = effective_end(end, now)
    late = Q(acceptance_overdue_at__date__lte=last) | Q(status=Task.Status.ASSIGNED, accept_by__lt=last)
    not_accepted_before = Q(status=Task.Status.ASSIGNED) | Q(accepted_at__date__gte=start)
    return (
        Task.objects.filter(late, not_accepted_before, accept_by__isnull=False)
        .select_related("lead_unit")
        .order_by("lead_unit__tree_path", "accept_by", "tracking_year", "tracking_serial")
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
    acceptance_overdue_tasks: list[dict] = dataclasses.field(default_factory=list)  # 超时未签收: number, title, accept_by
    gaps: list[ReportGap] = dataclasses.field(default_factory=list)  # every campaign it owed reports to
    rank: int = 0

    @property
    def overdue_count(self) -> int:
        return len(self.overdue_tasks)

    @property
    def acceptance_overdue_count(self) -> int:
        return len(self.acceptance_overdue_tasks)

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
        return (-self.overdue_count, -self.missing, -self.late, -self.acceptance_overdue_count, -self.longest_overdue,
                self.tree_path)


@dataclasses.dataclass
class Bulletin:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    units: list[UnitStanding]  # ranked, worst first; only units with something to report
    # Daily-report cells of every unit owing reports in the range, flagged or not (for the written 通报's rates).
    report_totals: report_selectors.Counts = dataclasses.field(default_factory=report_selectors.Counts)

    @property
    def overdue_total(self) -> int:
        return sum(u.overdue_count for u in self.units)

    @property
    def missing_total(self) -> int:
        return sum(u.missing for u in self.units)

    @property
    def late_total(self) -> int:
        return sum(u.late for u in self.units)

    @property
    def acceptance_overdue_total(self) -> int:
        return sum(u.acceptance_overdue_count for u in self.units)


def bulletin_build(start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None) -> Bulletin:
    """The bulletin's figures: 1 query for overdue tasks, 1 for 超时未签收, 1 for campaigns, 3 per campaign."""
    now = now or timezone.now()
    last = effective_end(end, now)
    standings: dict[int, UnitStanding] = {}
    report_totals = report_selectors.Counts()

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

    for task in bulletin_acceptance_overdue_tasks(start, end, now=now):
        unit = task.lead_unit
        standing(unit.pk, str(unit), unit.tree_path).acceptance_overdue_tasks.append(
            {
                "tracking_number": task.tracking_number,
                "title": task.title,
                "accept_by": task.accept_by,
                "accepted_at": task.accepted_at,
                "status": task.get_status_display(),
            }
        )

    if start <= last:
        for campaign in bulletin_campaigns(start, last):
            span_start, span_end = max(start, campaign.first_day), min(last, campaign.last_day)
            if span_start > span_end:
                continue
            matrix = report_selectors.campaign_matrix(campaign, span_start, span_end, now=now, with_ancestors=False)
            report_totals.add(matrix.totals)
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

    flagged = (u for u in standings.values() if u.overdue_count or u.missing or u.late or u.acceptance_overdue_count)
    ranked = sorted(flagged, key=UnitStanding.sort_key)
    for index, unit in enumerate(ranked, 1):
        unit.rank = index
    return Bulletin(start=start, end=end, as_of=last, units=ranked, report_totals=report_totals)


@dataclasses.dataclass(frozen=True)
class TaskTotals:
    """Tasks due in a range (deadline between its first day and its effective end) and how they stand."""

    due: int
    closed_on_time: int
    closed_late: int
    open_overdue: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100.0 * self.closed_on_time / self.due, 1) if self.due else None


def bulletin_task_totals(start: datetime.date, end: datetime.date, *, now=None) -> TaskTotals:
    """Counts of the tasks due between ``start`` and the effective end (1 query)."""
    last = effective_end(end, now)
    closed = Q(status=Task.Status.CLOSED)
    figures = Task.objects.filter(deadline__gte=start, deadline__lte=last).aggregate(
        n_due=Count("pk"),
        n_on_time=Count("pk", filter=closed & Q(closed_on_time=True)),
        n_late=Count("pk", filter=closed & Q(closed_on_time=False)),
        n_open_overdue=Count("pk", filter=~closed & Q(deadline__lt=last)),
    )
    return TaskTotals(due=figures["n_due"], closed_on_time=figures["n_on_time"], closed_late=figures["n_late"],
                      open_overdue=figures["n_open_overdue"])


def bulletin_row_estimate(start: datetime.date, end: datetime.date) -> int:
    """Rows a bulletin will have, roughly: its overdue tasks (gaps add one row per unit and campaign)."""
    return bulletin_overdue_tasks(start, end).count()
