"""Reads for daily zero-reports (日报告零报告): who owes a report, who filed, the matrix and rates.

Every function returns plain data (QuerySets of units, dataclasses, dicts) and
runs a fixed number of queries whatever the number of units and days: the
matrix of 500 units × 90 days is one query for units and one for reports.

Vocabulary of a (unit, day) cell, as the office reads it:

- not required (``not_required``): not a reporting day of the campaign, outside
  its first/last day, or the unit is not one of its units;
- pending (``pending``): no report yet, but it is not due yet (today before the
  cutoff, or a future day);
- missing (``missing``, 缺报): due and nothing filed;
- on time / late (``on_time`` / ``late``, 迟报): a report with figures or text,
  filed by the cutoff or after it;
- zero (``zero`` / ``zero_late``, 零报告): an explicit "nothing to report",
  a filing and never the same as missing.

Rates follow DHIS2: reporting rate = received ÷ expected, timeliness = on time
÷ expected, where expected counts only due cells (pending cells are left out
until they are due; a report filed early today counts as expected and
received).

``ReportCampaign.is_active`` is not considered here: it says whether the
campaign is offered to clerks and reminded about, not what happened on a day.
Callers that act on active campaigns only (reminders) filter on it themselves.
"""
import collections
import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils import timezone

from ..models import DailyReport, ReportCampaign, ReportIndicator, Unit

ON_TIME = "on_time"
LATE = "late"
ZERO = "zero"
ZERO_LATE = "zero_late"
MISSING = "missing"
PENDING = "pending"
NOT_REQUIRED = "not_required"

RECEIVED_STATES = frozenset({ON_TIME, LATE, ZERO, ZERO_LATE})
ON_TIME_STATES = frozenset({ON_TIME, ZERO})
EXPECTED_STATES = RECEIVED_STATES | {MISSING}


# ---------------------------------------------------------------- who owes a report


def campaign_units(campaign: ReportCampaign, branch: Unit | None = None) -> QuerySet[Unit]:
    """The active units of ``campaign`` (within ``branch`` if given), in tree order."""
    units = campaign.units.filter(is_active=True)
    if branch is not None:
        units = units.filter(tree_path__startswith=branch.tree_path)
    return units.order_by("tree_path")


def units_expected_on(campaign: ReportCampaign, day: datetime.date) -> QuerySet[Unit]:
    """The units that owe ``campaign`` a report on ``day``; empty when it is not a reporting day."""
    if not campaign.is_reporting_day(day):
        return Unit.objects.none()
    return campaign_units(campaign)


def units_missing_on(campaign: ReportCampaign, day: datetime.date) -> QuerySet[Unit]:
    """The expected units that have filed nothing for ``day`` (whether or not the cutoff has passed)."""
    filed = DailyReport.objects.filter(campaign=campaign, date=day).values("unit_id")
    return units_expected_on(campaign, day).exclude(pk__in=filed)


def campaigns_of_unit(unit: Unit, *, active_only: bool = True) -> QuerySet[ReportCampaign]:
    """The campaigns ``unit`` reports to, newest first."""
    campaigns = ReportCampaign.objects.filter(units=unit)
    if active_only:
        campaigns = campaigns.filter(is_active=True)
    return campaigns.order_by("-first_day", "-id")


def unit_reports(campaign: ReportCampaign, unit: Unit) -> QuerySet[DailyReport]:
    """One unit's reports to a campaign, newest day first."""
    return (
        DailyReport.objects.filter(campaign=campaign, unit=unit)
        .select_related("submitted_by")
        .order_by("-date")
    )


# ---------------------------------------------------------------- one day's summary


@dataclasses.dataclass(frozen=True)
class UnitRef:
    id: int
    name: str


@dataclasses.dataclass(frozen=True)
class IndicatorTotal:
    code: str
    name: str
    kind: str
    unit_label: str
    total: int | Decimal
    count: int  # reports that carried a value


@dataclasses.dataclass(frozen=True)
class ReportText:
    unit_id: int
    unit: str
    label: str  # "" for the report's own text, else the text indicator's name
    text: str


@dataclasses.dataclass(frozen=True)
class DaySummary:
    campaign_id: int
    date: datetime.date
    is_reporting_day: bool
    expected: int
    received: int
    on_time: int
    late: int
    zero: int
    missing_units: list[UnitRef]
    indicator_totals: list[IndicatorTotal]
    texts: list[ReportText]

    @property
    def missing(self) -> int:
        return len(self.missing_units)

    @property
    def reporting_rate(self) -> float | None:
        return _rate(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return _rate(self.on_time, self.expected)

    def as_dict(self) -> dict:
        """JSON-safe form (decimals as strings), e.g. for ``DailySummary``'s fields."""
        return {
            "campaign_id": self.campaign_id,
            "date": self.date.isoformat(),
            "is_reporting_day": self.is_reporting_day,
            "expected": self.expected,
            "received": self.received,
            "on_time": self.on_time,
            "late": self.late,
            "zero": self.zero,
            "missing": self.missing,
            "missing_units": [{"id": u.id, "name": u.name} for u in self.missing_units],
            "indicator_totals": {
                t.code: {
                    "name": t.name,
                    "kind": t.kind,
                    "unit_label": t.unit_label,
                    "total": str(t.total) if isinstance(t.total, Decimal) else t.total,
                    "count": t.count,
                }
                for t in self.indicator_totals
            },
            "texts": [
                {"unit_id": t.unit_id, "unit": t.unit, "label": t.label, "text": t.text} for t in self.texts
            ],
        }


def _rate(part: int, whole: int) -> float | None:
    """``part`` ÷ ``whole`` as a percentage rounded to 0.1, or None when nothing was expected."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def _number(kind: str, raw):
    """A stored indicator value as int or Decimal; None if absent or not a number."""
    if raw is None or raw == "":
        return None
    try:
        if kind == ReportIndicator.Kind.INTEGER:
            return int(raw)
        return Decimal(str(raw))
    except (TypeError, ValueError, InvalidOperation):
        return None


def campaign_day_summary(campaign: ReportCampaign, day: datetime.date) -> DaySummary:
    """Counts, missing units, sums of numeric indicators and non-zero texts of one day (3 queries)."""
    reporting = campaign.is_reporting_day(day)
    units = list(campaign_units(campaign).only("id", "name", "short_name")) if reporting else []
    unit_ids = {u.pk for u in units}
    reports = list(
        DailyReport.objects.filter(campaign=campaign, date=day, unit_id__in=unit_ids)
        .order_by("unit__tree_path")
        .values("unit_id", "is_zero", "is_late", "values", "text")
    ) if unit_ids else []
    indicators = list(campaign.indicators.order_by("order", "id"))
    names = {u.pk: str(u) for u in units}

    filed = {r["unit_id"] for r in reports}
    late = sum(1 for r in reports if r["is_late"])
    zero = sum(1 for r in reports if r["is_zero"])
    totals = []
    for indicator in indicators:
        if indicator.kind == ReportIndicator.Kind.TEXT:
            continue
        total = 0 if indicator.kind == ReportIndicator.Kind.INTEGER else Decimal("0")
        count = 0
        for report in reports:
            if report["is_zero"]:
                continue
            value = _number(indicator.kind, (report["values"] or {}).get(indicator.code))
            if value is not None:
                total += value
                count += 1
        totals.append(
            IndicatorTotal(
                code=indicator.code,
                name=indicator.name,
                kind=indicator.kind,
                unit_label=indicator.unit_label,
                total=total,
                count=count,
            )
        )
    texts = []
    text_indicators = [i for i in indicators if i.kind == ReportIndicator.Kind.TEXT]
    for report in reports:
        if report["is_zero"]:
            continue
        unit_name = names[report["unit_id"]]
        for indicator in text_indicators:
            value = str((report["values"] or {}).get(indicator.code) or "").strip()
            if value:
                texts.append(ReportText(report["unit_id"], unit_name, indicator.name, value))
        if report["text"].strip():
            texts.append(ReportText(report["unit_id"], unit_name, "", report["text"].strip()))
    return DaySummary(
        campaign_id=campaign.pk,
        date=day,
        is_reporting_day=reporting,
        expected=len(units),
        received=len(reports),
        on_time=len(reports) - late,
        late=late,
        zero=zero,
        missing_units=[UnitRef(u.pk, str(u)) for u in units if u.pk not in filed],
        indicator_totals=totals,
        texts=texts,
    )


# ---------------------------------------------------------------- the matrix and rates


@dataclasses.dataclass
class Counts:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    zero: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def reporting_rate(self) -> float | None:
        return _rate(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        return _rate(self.on_time, self.expected)

    def add_state(self, state: str) -> None:
        if state in EXPECTED_STATES:
            self.expected += 1
        if state in RECEIVED_STATES:
            self.received += 1
        if state in ON_TIME_STATES:
            self.on_time += 1
        if state in (LATE, ZERO_LATE):
            self.late += 1
        if state in (ZERO, ZERO_LATE):
            self.zero += 1
        if state == MISSING:
            self.missing += 1
        if state == PENDING:
            self.pending += 1

    @classmethod
    def from_states(cls, states: "collections.Counter[str]") -> "Counts":
        """Counts from a tally of cell states (what ``add_state`` gives one by one, in one step)."""
        late = states[LATE] + states[ZERO_LATE]
        zero = states[ZERO] + states[ZERO_LATE]
        received = states[ON_TIME] + states[LATE] + zero
        return cls(
            expected=received + states[MISSING],
            received=received,
            on_time=states[ON_TIME] + states[ZERO],
            late=late,
            zero=zero,
            missing=states[MISSING],
            pending=states[PENDING],
        )

    def add(self, other: "Counts") -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


@dataclasses.dataclass
class MatrixRow:
    unit_id: int
    name: str
    depth: int  # indentation below the shallowest row (0 = top)
    is_member: bool  # False for an ancestor shown only to keep the tree: no cells of its own
    cells: list[str]  # one state per day of ``CampaignMatrix.days``
    counts: Counts  # the unit's own cells; for a non-member, the sum of its branch


@dataclasses.dataclass
class CampaignMatrix:
    campaign_id: int
    start: datetime.date
    end: datetime.date
    days: list[datetime.date]
    reporting_days: set[datetime.date]
    rows: list[MatrixRow]
    totals: Counts
    day_counts: list[Counts]  # one per day of ``days``

    def member_rows(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.is_member]


def _due(campaign: ReportCampaign, day: datetime.date, now: datetime.datetime) -> bool:
    """Whether a report for ``day`` not yet filed counts as missing at ``now``."""
    today = timezone.localdate(now)
    if day < today:
        return True
    if day > today:
        return False
    return now > campaign.cutoff_at(day)


def cell_state(*, reporting: bool, due: bool, report: tuple[bool, bool] | None) -> str:
    """The state of one cell from whether the day is a reporting day, is due, and (is_zero, is_late) of its report."""
    if not reporting:
        return NOT_REQUIRED
    if report is None:
        return MISSING if due else PENDING
    is_zero, is_late = report
    if is_zero:
        return ZERO_LATE if is_late else ZERO
    return LATE if is_late else ON_TIME


def campaign_matrix(
    campaign: ReportCampaign,
    start: datetime.date,
    end: datetime.date,
    branch: Unit | None = None,
    *,
    now: datetime.datetime | None = None,
    with_ancestors: bool = True,
) -> CampaignMatrix:
    """Units × days of ``campaign`` between ``start`` and ``end`` (inclusive), with counts and rates.

    Rows are the campaign's active units (within ``branch`` if given) in tree
    order; with ``with_ancestors`` their ancestors that are not campaign units
    are added as grouping rows (counts = their branch). Runs 3 queries (2
    without ancestors), whatever the number of units and days.
    """
    now = now or timezone.now()
    # Counted, not stepped past ``end``: a range ending on date.max must not overflow.
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    reporting = set(campaign.reporting_days(start, end)) if days else set()
    due = {d: _due(campaign, d, now) for d in days}

    units = list(campaign_units(campaign, branch).only("id", "name", "short_name", "tree_path", "depth"))
    # (unit id, day) -> state of a filed report.
    filed: dict[tuple[int, datetime.date], str] = {}
    if units and days:
        reports = DailyReport.objects.filter(campaign=campaign, date__gte=start, date__lte=end)
        if branch is not None:
            reports = reports.filter(unit__tree_path__startswith=branch.tree_path)
        for unit_id, date, is_zero, is_late in reports.values_list("unit_id", "date", "is_zero", "is_late"):
            filed[(unit_id, date)] = cell_state(reporting=True, due=True, report=(is_zero, is_late))

    member_paths = {u.tree_path for u in units}
    ancestors: dict[str, Unit] = {}
    if with_ancestors and units:
        top = branch.tree_path if branch is not None else ""
        wanted = set()
        for unit in units:
            parts = unit.tree_path.split(".")[:-1]
            for i in range(1, len(parts)):
                path = ".".join(parts[:i]) + "."
                if len(path) >= len(top) and path not in member_paths:
                    wanted.add(int(parts[i - 1]))
        if wanted:
            for unit in Unit.objects.filter(pk__in=wanted).only("id", "name", "short_name", "tree_path", "depth"):
                ancestors[unit.tree_path] = unit

    # The state of a cell without a report, per day: not required, pending or missing.
    empty = [cell_state(reporting=d in reporting, due=due[d], report=None) for d in days]
    open_days = [(index, d) for index, d in enumerate(days) if d in reporting]
    totals = Counts()
    rows_by_path: dict[str, MatrixRow] = {}
    for unit in units:
        pk = unit.pk
        cells = list(empty)
        for index, d in open_days:
            state = filed.get((pk, d))
            if state is not None:
                cells[index] = state
        counts = Counts.from_states(collections.Counter(cells))
        totals.add(counts)
        rows_by_path[unit.tree_path] = MatrixRow(pk, str(unit), unit.depth, True, cells, counts)
    columns = zip(*(row.cells for row in rows_by_path.values()), strict=True) if rows_by_path else []
    day_counts = [Counts.from_states(collections.Counter(column)) for column in columns] or [Counts() for _ in days]
    for path, unit in ancestors.items():
        branch_counts = Counts()
        for member_path, row in rows_by_path.items():
            if row.is_member and member_path.startswith(path):
                branch_counts.add(row.counts)
        rows_by_path[path] = MatrixRow(unit.pk, str(unit), unit.depth, False, [], branch_counts)

    rows = [rows_by_path[path] for path in sorted(rows_by_path)]
    if rows:
        shallowest = min(row.depth for row in rows)
        for row in rows:
            row.depth -= shallowest
    return CampaignMatrix(
        campaign_id=campaign.pk,
        start=start,
        end=end,
        days=days,
        reporting_days=reporting,
        rows=rows,
        totals=totals,
        day_counts=day_counts,
    )


@dataclasses.dataclass(frozen=True)
class UnitRate:
    unit_id: int
    name: str
    counts: Counts


@dataclasses.dataclass(frozen=True)
class CampaignRates:
    overall: Counts
    units: list[UnitRate]  # worst reporting rate first, then timeliness, then tree order


def campaign_rates(
    campaign: ReportCampaign,
    start: datetime.date,
    end: datetime.date,
    branch: Unit | None = None,
    *,
    now: datetime.datetime | None = None,
) -> CampaignRates:
    """Reporting rate and timeliness per unit and overall (2 queries)."""
    matrix = campaign_matrix(campaign, start, end, branch, now=now, with_ancestors=False)
    units = [UnitRate(row.unit_id, row.name, row.counts) for row in matrix.rows]
    units.sort(
        key=lambda r: (
            r.counts.reporting_rate if r.counts.reporting_rate is not None else 101.0,
            r.counts.timeliness if r.counts.timeliness is not None else 101.0,
        )
    )
    return CampaignRates(overall=matrix.totals, units=units)


# ---------------------------------------------------------------- one unit's own history


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    date: datetime.date
    state: str
    report: DailyReport | None


def unit_history(
    campaign: ReportCampaign, unit: Unit, *, now: datetime.datetime | None = None
) -> list[HistoryEntry]:
    """Every reporting day of ``campaign`` up to today for ``unit``, newest first, with its state and report (1 query)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reports = {r.date: r for r in unit_reports(campaign, unit).filter(date__lte=today)}
    entries = []
    for day in campaign.reporting_days(end=today):
        report = reports.get(day)
        state = cell_state(
            reporting=True,
            due=_due(campaign, day, now),
            report=(report.is_zero, report.is_late) if report else None,
        )
        entries.append(HistoryEntry(day, state, report))
    entries.reverse()
    return entries
