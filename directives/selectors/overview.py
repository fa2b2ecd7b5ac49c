"""The leader's overview (领导驾驶舱): rates by unit and by meeting, overdue over time, daily-report rates, a ranking.

Every figure comes from a fixed number of queries, whatever the number of tasks, units,
meetings and campaigns: counts are grouped in the database, and only the grouped rows
(a few per unit, meeting or day) come back to Python, where branches are rolled up.

Scope: the units a 分管领导 oversees (each with its branch), else the whole county.
Tasks count for their lead unit (牵头单位), rolled up to the top unit of its branch that
is shown as a row: the county's township or department, or the overseen unit itself.

Rates are percentages rounded to 0.1, None where nothing was due (see ``_rate``):

- 完成率 (completion): tasks closed (销号) ÷ all tasks.
- 按期办结率 (on-time closure): tasks closed on time ÷ tasks whose outcome is known by
  today (closed, on time or late, plus open tasks already past their deadline).
- 逾期天数 (overdue days): days past the deadline, summed over the open overdue tasks.
- 日报及时率 (report timeliness): reports filed before the cutoff ÷ reports owed, over
  every reporting day of the unit's campaigns up to yesterday.
- 综合得分 (score, 0–100): 50 % on-time closure + 30 % report timeliness + 20 % overdue
  (100 for no overdue days, 0 for the most overdue days among the units shown); a part a
  unit has no figure for (nothing due, no campaign) is left out and the other weights
  scaled up. A unit with neither an on-time closure rate nor a report timeliness is not
  ranked. Ranked by score, then fewer overdue days, then tree order.
"""
import dataclasses
import datetime

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, Sum, Value
from django.utils import timezone

from ..models import DailyReport, Meeting, Membership, ReportCampaign, Task, Unit
from ..permissions import membership_of

Status = Task.Status

SCORE_WEIGHTS = {"on_time": 50, "timeliness": 30, "overdue": 20}
OVERDUE_HISTORY_DAYS = 30
MEETINGS_SHOWN = 8
CAMPAIGNS_SHOWN = 3
CAMPAIGN_DAYS_SHOWN = 60


def rate(part: int, whole: int) -> float | None:
    """``part`` ÷ ``whole`` as a percentage rounded to 0.1, or None when ``whole`` is 0."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


# ---------------------------------------------------------------- scope


@dataclasses.dataclass(frozen=True)
class Scope:
    """The units the overview covers: ``units`` (each with its branch), or everything when ``units`` is None."""

    units: tuple[Unit, ...] | None
    overseen: bool  # the units are the viewer's 分管单位

    def task_filter(self) -> Q:
        """Tasks whose lead unit is in the scope."""
        return Q() if self.units is None else _branches_q(self.units, "lead_unit__")


def _branches_q(units, prefix: str = "") -> Q:
    """``prefix`` + unit in the branch of one of ``units``."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(**{f"{prefix}tree_path__startswith": unit.tree_path})
    return q


def overseen_units(user) -> list[Unit]:
    """The units a leader oversees (分管单位), in tree order; [] for everyone else."""
    membership = membership_of(user)
    if membership is None or membership.role != Membership.Role.LEADER:
        return []
    return list(membership.overseen_units.filter(is_active=True).order_by("tree_path"))


def overseen_task_filter(user) -> Q | None:
    """For a 分管领导, tasks led by their units' branches; None for everyone else (their lists are unchanged)."""
    units = overseen_units(user)
    return _branches_q(units, "lead_unit__") if units else None


def scope_for(user, *, everything: bool = False) -> Scope:
    """The viewer's default scope (their 分管单位 if any), or the whole county when ``everything``."""
    units = [] if everything else overseen_units(user)
    if units:
        return Scope(units=tuple(units), overseen=True)
    return Scope(units=None, overseen=False)


def _row_units(scope: Scope) -> list[Unit]:
    """The units shown as rows: the overseen units, else the county's units one level below the top."""
    if scope.units is not None:
        return list(scope.units)
    return list(
        Unit.objects.active()
        .filter(depth=1)
        .exclude(kind=Unit.Kind.OFFICE)
        .only("id", "name", "short_name", "tree_path", "kind", "depth")
        .order_by("tree_path")
    )


class _RowFinder:
    """Maps a unit's tree path to the row unit whose branch holds it (or None)."""

    def __init__(self, rows: list[Unit]):
        self.by_path = {unit.tree_path: unit.pk for unit in rows}

    def __call__(self, tree_path: str) -> int | None:
        parts = tree_path.split(".")
        for end in range(1, len(parts)):
            row = self.by_path.get(".".join(parts[:end]) + ".")
            if row is not None:
                return row
        return None


# ---------------------------------------------------------------- figures by unit


@dataclasses.dataclass
class UnitFigures:
    unit: Unit
    total: int = 0
    closed: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0
    overdue_days: int = 0
    reports_owed: int = 0
    reports_received: int = 0
    reports_on_time: int = 0
    score: float | None = None
    rank: int | None = None

    @property
    def decided(self) -> int:
        return self.closed + self.open_overdue

    @property
    def completion_rate(self) -> float | None:
        return rate(self.closed, self.total)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.closed_on_time, self.decided)

    @property
    def report_rate(self) -> float | None:
        return rate(self.reports_received, self.reports_owed)

    @property
    def report_timeliness(self) -> float | None:
        return rate(self.reports_on_time, self.reports_owed)

    @property
    def has_data(self) -> bool:
        return bool(self.total or self.reports_owed)


def _unit_task_figures(scope: Scope, rows: dict[int, UnitFigures], find_row, today: datetime.date) -> None:
    """Counts and overdue days by lead unit (one query), rolled up."""
    open_overdue = Q(is_overdue=True) & ~Q(status=Status.CLOSED)
    days_late = ExpressionWrapper(Value(today, output_field=DateField()) - F("deadline"), output_field=DurationField())
    grouped = Task.objects.filter(scope.task_filter()).values("lead_unit_id", "lead_unit__tree_path").annotate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        closed_late=Count("pk", filter=Q(status=Status.CLOSED, closed_on_time=False)),
        open_overdue=Count("pk", filter=open_overdue),
        overdue_days=Sum(days_late, filter=open_overdue & Q(deadline__isnull=False)),
    ).order_by()
    for entry in grouped:
        row = rows.get(find_row(entry["lead_unit__tree_path"]))
        if row is None:
            continue
        row.total += entry["total"]
        row.closed += entry["closed"]
        row.closed_late += entry["closed_late"]
        row.closed_on_time += entry["closed"] - entry["closed_late"]
        row.open_overdue += entry["open_overdue"]
        if entry["overdue_days"]:
            row.overdue_days += max(0, entry["overdue_days"].days)


def _unit_report_figures(scope: Scope, rows: dict[int, UnitFigures], find_row, today: datetime.date) -> None:
    """Reports owed, received and on time up to yesterday, by unit (three queries), rolled up."""
    campaigns = {c.pk: c for c in ReportCampaign.objects.filter(first_day__lt=today)}
    if not campaigns:
        return
    yesterday = today - datetime.timedelta(days=1)
    days_owed = {pk: sum(1 for _ in c.reporting_days(end=yesterday)) for pk, c in campaigns.items()}
    through = ReportCampaign.units.through
    members = through.objects.filter(reportcampaign_id__in=list(campaigns), unit__is_active=True)
    if scope.units is not None:
        members = members.filter(_branches_q(scope.units, "unit__"))
    for campaign_id, tree_path in members.values_list("reportcampaign_id", "unit__tree_path"):
        row = rows.get(find_row(tree_path))
        if row is not None:
            row.reports_owed += days_owed[campaign_id]
    # Only reports of a unit that owes them: a unit taken out of a campaign keeps none here.
    filed = (
        DailyReport.objects.filter(
            campaign_id__in=list(campaigns),
            date__lte=yesterday,
            unit__is_active=True,
            unit__report_campaigns=F("campaign_id"),
        )
        .values("unit__tree_path")
        .annotate(received=Count("pk"), on_time=Count("pk", filter=Q(is_late=False)))
        .order_by()
    )
    if scope.units is not None:
        filed = filed.filter(_branches_q(scope.units, "unit__"))
    for entry in filed:
        row = rows.get(find_row(entry["unit__tree_path"]))
        if row is not None:
            row.reports_received += entry["received"]
            row.reports_on_time += entry["on_time"]


def _score(rows: list[UnitFigures]) -> None:
    """Give each row with data its score and rank (see the module's note)."""
    worst_days = max((r.overdue_days for r in rows), default=0)
    for row in rows:
        if not row.has_data:
            continue
        parts = {}
        if row.on_time_rate is not None:
            parts["on_time"] = row.on_time_rate
        if row.report_timeliness is not None:
            parts["timeliness"] = row.report_timeliness
        if row.total:
            parts["overdue"] = 100.0 if not worst_days else 100.0 * (1 - row.overdue_days / worst_days)
        if "on_time" not in parts and "timeliness" not in parts:
            continue  # nothing due and no reports owed: no figure to compare, not ranked
        weight = sum(SCORE_WEIGHTS[k] for k in parts)
        row.score = round(sum(SCORE_WEIGHTS[k] * v for k, v in parts.items()) / weight, 1) if weight else None
    ranked = sorted(
        (r for r in rows if r.score is not None), key=lambda r: (-r.score, r.overdue_days, r.unit.tree_path)
    )
    for position, row in enumerate(ranked, 1):
        row.rank = position


# ---------------------------------------------------------------- by meeting, over time, daily reports


@dataclasses.dataclass(frozen=True)
class MeetingFigures:
    meeting: Meeting
    assigned: int
    working: int  # 签收 + 办理中
    close_requested: int
    closed: int
    overdue: int

    @property
    def total(self) -> int:
        return self.assigned + self.working + self.close_requested + self.closed

    @property
    def completion_rate(self) -> float | None:
        return rate(self.closed, self.total)


def meetings_progress(scope: Scope, limit: int = MEETINGS_SHOWN) -> list[MeetingFigures]:
    """How far each recent meeting's tasks have got, newest meeting first (two queries)."""
    tasks = Task.objects.filter(scope.task_filter())
    meetings = list(
        Meeting.objects.filter(pk__in=tasks.filter(meeting__isnull=False).values("meeting_id"))
        .only("id", "title", "held_on")
        .order_by("-held_on", "-id")[:limit]
    )
    counts = {
        entry["meeting_id"]: entry
        for entry in tasks.filter(meeting__in=meetings)
        .values("meeting_id")
        .annotate(
            assigned=Count("pk", filter=Q(status=Status.ASSIGNED)),
            working=Count("pk", filter=Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS])),
            close_requested=Count("pk", filter=Q(status=Status.CLOSE_REQUESTED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            overdue=Count("pk", filter=Q(is_overdue=True) & ~Q(status=Status.CLOSED)),
        )
        .order_by()
    } if meetings else {}
    empty = {"assigned": 0, "working": 0, "close_requested": 0, "closed": 0, "overdue": 0}
    result = []
    for meeting in meetings:
        entry = counts.get(meeting.pk, empty)
        result.append(MeetingFigures(meeting=meeting, **{k: entry[k] for k in empty}))
    return result


@dataclasses.dataclass(frozen=True)
class DayCount:
    date: datetime.date
    count: int


def overdue_history(scope: Scope, today: datetime.date, days: int = OVERDUE_HISTORY_DAYS) -> list[DayCount]:
    """Tasks overdue at the end of each of the last ``days`` days (one query).

    A task counts on day d when it existed then, its deadline was before d and it was not
    yet closed at the end of d; deadlines are taken as they stand now.
    """
    counts = {}
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    for index, day in enumerate(dates):
        end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
        counts[f"d{index}"] = Count(
            "pk",
            filter=Q(deadline__lt=day, created_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end)),
        )
    # Only tasks overdue on some day of the window: past the deadline by its last day, not closed before its first.
    first_end = timezone.make_aware(datetime.datetime.combine(dates[0] + datetime.timedelta(days=1), datetime.time()))
    candidates = Task.objects.filter(scope.task_filter(), deadline__lt=today).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=first_end)
    )
    figures = candidates.aggregate(**counts)
    return [DayCount(date=day, count=figures[f"d{index}"] or 0) for index, day in enumerate(dates)]


@dataclasses.dataclass(frozen=True)
class CampaignDay:
    date: datetime.date
    expected: int
    received: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return rate(self.on_time, self.expected)


@dataclasses.dataclass(frozen=True)
class CampaignFigures:
    campaign: ReportCampaign
    units: int
    days: list[CampaignDay]

    @property
    def received(self) -> int:
        return sum(d.received for d in self.days)

    @property
    def expected(self) -> int:
        return sum(d.expected for d in self.days)

    @property
    def on_time(self) -> int:
        return sum(d.on_time for d in self.days)

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return rate(self.on_time, self.expected)


def campaigns_progress(scope: Scope, today: datetime.date, limit: int = CAMPAIGNS_SHOWN) -> list[CampaignFigures]:
    """Reporting rate and timeliness per day of the active campaigns (three queries), newest campaign first.

    Days up to today; today counts only after its cutoff. A unit's count is its campaigns' active units in scope.
    """
    now = timezone.now()
    campaigns = list(
        ReportCampaign.objects.filter(is_active=True, first_day__lte=today).order_by("-first_day", "-id")[:limit]
    )
    if not campaigns:
        return []
    through = ReportCampaign.units.through
    members = through.objects.filter(reportcampaign__in=campaigns, unit__is_active=True)
    reports = DailyReport.objects.filter(campaign__in=campaigns, unit__is_active=True, date__lte=today)
    if scope.units is not None:
        members = members.filter(_branches_q(scope.units, "unit__"))
        reports = reports.filter(_branches_q(scope.units, "unit__"))
    units = dict(members.values("reportcampaign_id").annotate(n=Count("pk")).values_list("reportcampaign_id", "n"))
    filed = {
        (entry["campaign_id"], entry["date"]): entry
        for entry in reports.filter(unit__report_campaigns=F("campaign_id"))
        .values("campaign_id", "date")
        .annotate(received=Count("pk"), on_time=Count("pk", filter=Q(is_late=False)))
        .order_by()
    }
    result = []
    for campaign in campaigns:
        expected = units.get(campaign.pk, 0)
        if not expected:
            continue
        end = today if now >= campaign.cutoff_at(today) else today - datetime.timedelta(days=1)
        start = max(campaign.first_day, end - datetime.timedelta(days=CAMPAIGN_DAYS_SHOWN - 1))
        days = []
        for day in campaign.reporting_days(start=start, end=end):
            entry = filed.get((campaign.pk, day), {"received": 0, "on_time": 0})
            days.append(CampaignDay(date=day, expected=expected, received=entry["received"], on_time=entry["on_time"]))
        result.append(CampaignFigures(campaign=campaign, units=expected, days=days))
    return result


# ---------------------------------------------------------------- the whole page


@dataclasses.dataclass(frozen=True)
class Overview:
    today: datetime.date
    scope: Scope
    units: list[UnitFigures]  # tree order
    meetings: list[MeetingFigures]
    overdue: list[DayCount]
    campaigns: list[CampaignFigures]

    @property
    def ranking(self) -> list[UnitFigures]:
        ranked = sorted((u for u in self.units if u.rank is not None), key=lambda u: u.rank)
        return ranked + [u for u in self.units if u.rank is None]

    @property
    def totals(self) -> UnitFigures:
        total = UnitFigures(unit=None)
        for row in self.units:
            for field in ("total", "closed", "closed_on_time", "closed_late", "open_overdue", "overdue_days",
                          "reports_owed", "reports_received", "reports_on_time"):
                setattr(total, field, getattr(total, field) + getattr(row, field))
        return total

    @property
    def units_by_load(self) -> list[UnitFigures]:
        """Units with tasks, most tasks first, then lowest completion."""
        return sorted((u for u in self.units if u.total), key=lambda u: (-u.total, u.completion_rate, u.unit.tree_path))


def unit_figures(scope: Scope, today: datetime.date) -> list[UnitFigures]:
    """Per row unit: task counts, overdue days, daily reports, score and rank (five queries)."""
    units = _row_units(scope)
    rows = {unit.pk: UnitFigures(unit=unit) for unit in units}
    find_row = _RowFinder(units)
    _unit_task_figures(scope, rows, find_row, today)
    _unit_report_figures(scope, rows, find_row, today)
    result = [rows[unit.pk] for unit in units]
    _score(result)
    return result


def overview(user, *, everything: bool = False, today: datetime.date | None = None) -> Overview:
    """Every figure of the leader's overview, in a fixed number of queries."""
    today = today or timezone.localdate()
    scope = scope_for(user, everything=everything)
    return Overview(
        today=today,
        scope=scope,
        units=unit_figures(scope, today),
        meetings=meetings_progress(scope),
        overdue=overdue_history(scope, today),
        campaigns=campaigns_progress(scope, today),
    )
