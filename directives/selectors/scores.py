"""Scoring (考核): a score per unit per month or quarter, each traceable to the tasks and reports behind it.

A unit's score is the weighted mean (weights: ``ScoreWeights``) of four parts,
each 0–100, over what the unit was answerable for in the period:

- 按期办结 (on time): of the tasks it leads due in the period (deadline in it),
  the share closed by the deadline; a task still open counts (as not on
  time) once its deadline has passed, and is left out (not yet due) until then;
- 逾期天数 (overdue days): 100 minus the deduction per day times the days its
  tasks were overdue within the period (a task due before the period and
  still open counts its days in the period), never below 0;
- 签收及时 (acceptance): of the tasks assigned to it in the period, the share
  accepted by their 签收时限; one not accepted counts once the limit passed;
- 日报及时 (daily reports): of the reports it owed in the period, the share
  filed by the cutoff (a 零报告 is a filing), as the report matrix counts them.

The score is computed from the parts as the ranking shows them (each rounded
to 0.1), so it can be checked by hand from the workbook.
A part with nothing to judge is left out and its weight shared by the others;
a unit with no part at all has no score. The period is looked at up to today
(its end, or today if earlier). Only the units assessed are ranked: the office
and the county itself are not. Ranks are shared by equal scores (1, 1, 3).
Queries: weights 1, tasks 1, campaigns 1 plus 2 per campaign, units 1.
"""
import dataclasses
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ReportCampaign, ScoreWeights, Task, Unit
from . import reports as report_selectors

NOT_ASSESSED_KINDS = (Unit.Kind.OFFICE, Unit.Kind.COUNTY)


def status_labels() -> dict[str, str]:
    """Status → label in the active language."""
    return {value: str(label) for value, label in Task.Status.choices}
PARTS = ("on_time", "overdue", "acceptance", "report")


# ---------------------------------------------------------------- periods


@dataclasses.dataclass(frozen=True)
class ScorePeriod:
    """A month (``2026-11``) or a quarter (``2026-Q4``)."""

    year: int
    month: int | None = None
    quarter: int | None = None

    @classmethod
    def parse(cls, value: str) -> "ScorePeriod":
        """``YYYY-MM`` or ``YYYY-Qn``; raise ValidationError with a clear message otherwise."""
        text = (value or "").strip().upper()
        try:
            year_text, rest = text.split("-", 1)
            year = int(year_text)
            if not 2000 <= year <= 2100:
                raise ValueError
            if rest.startswith("Q"):
                quarter = int(rest[1:])
                if not 1 <= quarter <= 4:
                    raise ValueError
                return cls(year, quarter=quarter)
            month = int(rest)
            if not 1 <= month <= 12:
                raise ValueError
            return cls(year, month=month)
        except ValueError:
            raise ValidationError(_("考核期间应为“年-月”(如2026-11)或“年-Q季度”(如2026-Q4):%(value)s")
                                  % {"value": value}) from None

    @classmethod
    def month_of(cls, day: datetime.date) -> "ScorePeriod":
        return cls(day.year, month=day.month)

    @classmethod
    def quarter_of(cls, day: datetime.date) -> "ScorePeriod":
        return cls(day.year, quarter=(day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        month = self.month if self.month else (self.quarter - 1) * 3 + 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        last_month = self.month if self.month else self.quarter * 3
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        if self.month:
            return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}
        quarter = (_("第一季度"), _("第二季度"), _("第三季度"), _("第四季度"))[self.quarter - 1]
        return _("%(year)s年%(quarter)s") % {"year": self.year, "quarter": quarter}


# ---------------------------------------------------------------- what a score is made of


ON_TIME, LATE, NOT_DUE = "on_time", "late", "not_due"


@dataclasses.dataclass
class TaskItem:
    """One task behind a unit's score, and what it counted for."""

    task_id: int
    tracking_number: str
    title: str
    deadline: datetime.date | None
    status: str
    closed_on: datetime.date | None
    closure: str | None  # on_time | late | not_due, for a task due in the period; None otherwise
    overdue_days: int  # days overdue within the period
    assigned_on: datetime.date
    accept_by: datetime.date | None
    accepted_on: datetime.date | None
    acceptance: str | None  # on_time | late | not_due, for a task assigned in the period; None otherwise


@dataclasses.dataclass
class ReportItem:
    """One campaign's daily reports behind a unit's score."""

    campaign: str
    expected: int
    on_time: int
    late: int
    missing: int
    late_days: list[datetime.date]
    missing_days: list[datetime.date]


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclasses.dataclass
class UnitScore:
    unit_id: int
    name: str
    tree_path: str
    deduction: Decimal
    tasks: list[TaskItem] = dataclasses.field(default_factory=list)
    reports: list[ReportItem] = dataclasses.field(default_factory=list)
    score: float | None = None
    rank: int = 0

    # due tasks
    @property
    def tasks_due(self) -> int:
        return sum(1 for t in self.tasks if t.closure in (ON_TIME, LATE))

    @property
    def tasks_on_time(self) -> int:
        return sum(1 for t in self.tasks if t.closure == ON_TIME)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.tasks_on_time, self.tasks_due)

    # overdue days
    @property
    def overdue_days(self) -> int:
        return sum(t.overdue_days for t in self.tasks)

    @property
    def overdue_score(self) -> float | None:
        if not self.tasks_due and not self.overdue_days:
            return None
        return max(0.0, round(100.0 - float(self.deduction) * self.overdue_days, 1))

    # acceptance
    @property
    def acceptance_assessed(self) -> int:
        return sum(1 for t in self.tasks if t.acceptance in (ON_TIME, LATE))

    @property
    def accepted_in_time(self) -> int:
        return sum(1 for t in self.tasks if t.acceptance == ON_TIME)

    @property
    def acceptance_rate(self) -> float | None:
        return _rate(self.accepted_in_time, self.acceptance_assessed)

    # daily reports
    @property
    def reports_expected(self) -> int:
        return sum(r.expected for r in self.reports)

    @property
    def reports_on_time(self) -> int:
        return sum(r.on_time for r in self.reports)

    @property
    def report_rate(self) -> float | None:
        return _rate(self.reports_on_time, self.reports_expected)

    def parts(self) -> dict[str, float | None]:
        return {"on_time": self.on_time_rate, "overdue": self.overdue_score, "acceptance": self.acceptance_rate,
                "report": self.report_rate}

    def compute(self, weights: dict[str, int]) -> float | None:
        """The weighted mean of the parts that have something to judge (None if none has)."""
        total = weight = 0.0
        for name, value in self.parts().items():
            if value is not None and weights[name]:
                total += weights[name] * value
                weight += weights[name]
        self.score = round(total / weight, 1) if weight else None
        return self.score

    def sort_key(self):
        return (-(self.score or 0.0), -(self.on_time_rate or 0.0), self.tree_path)


@dataclasses.dataclass
class ScoreBoard:
    period: ScorePeriod
    as_of: datetime.date
    weights: dict[str, int]
    deduction: Decimal
    units: list[UnitScore]  # ranked, best first

    def unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


# ---------------------------------------------------------------- computing


def _local_day(moment: datetime.datetime | None, tz=None) -> datetime.date | None:
    return moment.astimezone(tz or timezone.get_current_timezone()).date() if moment else None


@dataclasses.dataclass(frozen=True)
class TaskRow:
    """The fields of a task a score reads (rows, not model instances: a quarter of a county is ~10,000 tasks)."""

    id: int
    tracking_number: str
    title: str
    deadline: datetime.date | None
    status: str
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    accept_by: datetime.date | None
    accepted_at: datetime.datetime | None
    close_requested_at: datetime.datetime | None
    lead_unit_id: int


TASK_ROW_FIELDS = [field.name for field in dataclasses.fields(TaskRow)]


def _overdue_days_within(deadline, stop: datetime.date, start: datetime.date, last: datetime.date) -> int:
    """Days after ``deadline`` up to ``stop`` that fall between ``start`` and ``last``."""
    if deadline is None:
        return 0
    first = max(deadline + datetime.timedelta(days=1), start)
    return max(0, (min(stop, last) - first).days + 1)


def score_tasks(start: datetime.date, end: datetime.date, last: datetime.date):
    """Tasks that count in a period: due in it, overdue into it from before, or assigned in it (1 query)."""
    tz = timezone.get_current_timezone()
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz)
    after_last = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1),
                                                               datetime.time.min), tz)
    due = Q(deadline__gte=start, deadline__lte=end)
    overdue_into = Q(deadline__lt=start) & (~Q(status=Task.Status.CLOSED) | Q(closed_at__gte=start_at))
    assigned = Q(created_at__gte=start_at, created_at__lt=after_last)
    rows = (
        Task.objects.filter(due | overdue_into | assigned)
        .exclude(lead_unit__kind__in=NOT_ASSESSED_KINDS)
        .order_by("tracking_year", "tracking_serial")
        .values_list(*TASK_ROW_FIELDS)
    )
    return (TaskRow(*row) for row in rows)


def task_item(task: TaskRow, start: datetime.date, end: datetime.date, last: datetime.date,
              today: datetime.date, *, labels: dict[str, str] | None = None,
              accept_by_of: dict[datetime.date, datetime.date] | None = None, tz=None) -> TaskItem:
    """What one task counts for in the period (see the module's note).

    ``labels`` (status → label) and ``accept_by_of`` (assignment day → 签收时限, filled as met) spare a whole
    board the per-task translation lookups and working-day counts.
    """
    from ..services.workflow import accept_by_for

    closed = task.status == Task.Status.CLOSED
    tz = tz or timezone.get_current_timezone()
    closed_on = _local_day(task.closed_at, tz) if closed else None
    closure = None
    if task.deadline is not None and start <= task.deadline <= end:
        if closed:
            closure = ON_TIME if closed_on is None or closed_on <= task.deadline else LATE
        else:
            closure = LATE if task.deadline < today else NOT_DUE
    overdue = _overdue_days_within(task.deadline, closed_on or last, start, last) if task.deadline else 0
    assigned_on = _local_day(task.created_at, tz)
    accept_by = task.accept_by
    if accept_by is None:
        if accept_by_of is None:
            accept_by = accept_by_for(assigned_on)
        else:
            accept_by = accept_by_of.get(assigned_on) or accept_by_of.setdefault(assigned_on, accept_by_for(assigned_on))
    # A task the office moved on before the unit accepted it counts as accepted when it moved.
    accepted_on = _local_day(task.accepted_at or task.close_requested_at or task.closed_at, tz)
    acceptance = None
    if start <= assigned_on <= last:
        if accepted_on is not None:
            acceptance = ON_TIME if accepted_on <= accept_by else LATE
        else:
            acceptance = LATE if today > accept_by else NOT_DUE
    status = (labels or status_labels())[task.status]
    return TaskItem(task.id, task.tracking_number, task.title, task.deadline, status, closed_on,
                    closure, overdue, assigned_on, accept_by, accepted_on, acceptance)


def score_board(period: ScorePeriod, *, now: datetime.datetime | None = None,
                weights: ScoreWeights | None = None) -> ScoreBoard:
    """Every assessed unit's score for ``period``, ranked best first, with the tasks and reports behind it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, end = period.start, period.end
    last = min(end, today)
    weights = weights or ScoreWeights.current()
    parts = weights.as_parts()
    deduction = weights.overdue_day_deduction
    units: dict[int, UnitScore] = {}

    def unit_score(unit_id: int) -> UnitScore:
        if unit_id not in units:
            units[unit_id] = UnitScore(unit_id, "", "", deduction)
        return units[unit_id]

    if start <= last:
        labels, tz = status_labels(), timezone.get_current_timezone()
        accept_by_of: dict[datetime.date, datetime.date] = {}
        for task in score_tasks(start, end, last):
            item = task_item(task, start, end, last, today, labels=labels, accept_by_of=accept_by_of, tz=tz)
            if item.closure is None and item.acceptance is None and not item.overdue_days:
                continue
            unit_score(task.lead_unit_id).tasks.append(item)
        campaigns = ReportCampaign.objects.filter(first_day__lte=last, last_day__gte=start).order_by("first_day", "id")
        for campaign in campaigns:
            span_start, span_end = max(start, campaign.first_day), min(last, campaign.last_day)
            matrix = report_selectors.campaign_matrix(campaign, span_start, span_end, now=now, with_ancestors=False)
            for row in matrix.rows:
                if not row.counts.expected:
                    continue
                states = list(zip(matrix.days, row.cells))
                unit_score(row.unit_id).reports.append(ReportItem(
                    campaign.name, row.counts.expected, row.counts.on_time, row.counts.late, row.counts.missing,
                    [d for d, s in states if s in (report_selectors.LATE, report_selectors.ZERO_LATE)],
                    [d for d, s in states if s == report_selectors.MISSING],
                ))

    assessed = Unit.objects.filter(pk__in=list(units)).exclude(kind__in=NOT_ASSESSED_KINDS).only(
        "id", "name", "short_name", "tree_path")
    ranked = []
    for unit in assessed:
        score = units[unit.pk]
        score.name, score.tree_path = str(unit), unit.tree_path
        if score.compute(parts) is not None:
            ranked.append(score)
    ranked.sort(key=UnitScore.sort_key)
    for index, score in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        score.rank = previous.rank if previous and previous.score == score.score else index + 1
    return ScoreBoard(period, last, parts, deduction, ranked)


# ---------------------------------------------------------------- for the leader's overview


@dataclasses.dataclass(frozen=True)
class ScoreOverview:
    """A few figures of the current period's scores, for the leader's overview."""

    period: str  # e.g. 2026年12月
    period_key: str  # e.g. 2026-12, for a link to the ranking workbook
    ranked: int  # units with a score
    average: float | None
    top: list[UnitScore]  # best first
    bottom: list[UnitScore]  # worst first


def score_overview(*, now: datetime.datetime | None = None, quarter: bool = False, size: int = 5) -> ScoreOverview:
    """The current month's (or quarter's) best and worst units by score, and the average score."""
    today = timezone.localdate(now or timezone.now())
    period = ScorePeriod.quarter_of(today) if quarter else ScorePeriod.month_of(today)
    board = score_board(period, now=now)
    scores = [u.score for u in board.units]
    average = round(sum(scores) / len(scores), 1) if scores else None
    bottom = list(reversed(board.units[-size:])) if len(board.units) > size else []
    return ScoreOverview(period.label, period.key, len(board.units), average, board.units[:size], bottom)
