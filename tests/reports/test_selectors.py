"""Matrix states, rates and summaries on a small hand-built campaign with known answers.

The campaign runs on working days from 2026-10-07 to 2026-10-12: the 7th is
still the National Day holiday, the 10th (Saturday) is a make-up working day
(调休) and the 11th is a Sunday, so the reporting days are the 8th, 9th, 10th
and 12th. "Now" is the 12th, before or after its 16:00 cutoff.
"""
import datetime
from decimal import Decimal

import pytest

from directives.models import DailyReport, ReportIndicator
from directives.selectors import reports as sel
from directives.selectors.reports import (
    LATE,
    MISSING,
    NOT_REQUIRED,
    ON_TIME,
    PENDING,
    ZERO,
    ZERO_LATE,
    campaign_day_summary,
    campaign_matrix,
    campaign_rates,
    units_expected_on,
    units_missing_on,
)
from tests import factories
from tests.reports.conftest import at

D = datetime.date
START, END = D(2026, 10, 7), D(2026, 10, 12)
BEFORE_CUTOFF = at(END, "15:00:00")


@pytest.fixture
def example(county, unit_a):
    town = factories.UnitFactory(name="青石镇", kind="township", parent=county)
    v1 = factories.UnitFactory(name="青石镇东村", kind="village", parent=town)
    v2 = factories.UnitFactory(name="青石镇西村", kind="village", parent=town)
    campaign = factories.CampaignFactory(first_day=START, last_day=END, workdays_only=True, units=[unit_a, v1, v2])
    ReportIndicator.objects.create(campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer", order=1)
    ReportIndicator.objects.create(campaign=campaign, code="funds", name="投入资金", kind="decimal", unit_label="万元", order=2)
    ReportIndicator.objects.create(campaign=campaign, code="anomaly", name="异常情况", kind="text", order=3)

    def report(unit, day, *, zero=False, late=False, values=None, text=""):
        DailyReport.objects.create(
            campaign=campaign, unit=unit, date=day, is_zero=zero, is_late=late, values=values or {}, text=text
        )

    report(unit_a, D(2026, 10, 8), values={"returnees": 5}, text="甲")
    report(unit_a, D(2026, 10, 9), late=True, values={"returnees": 7, "funds": "1.25", "anomaly": "路面结冰"}, text="已处置")
    report(unit_a, D(2026, 10, 10), zero=True)
    report(unit_a, D(2026, 10, 12), zero=True)
    report(v1, D(2026, 10, 8), zero=True, late=True)
    report(v1, D(2026, 10, 10), values={"returnees": 3, "funds": "2.5"})
    return {"campaign": campaign, "county": county, "unit_a": unit_a, "town": town, "v1": v1, "v2": v2}


def test_campaign_matrix_cells_before_the_cutoff_of_today(example):
    matrix = campaign_matrix(example["campaign"], START, END, now=BEFORE_CUTOFF)

    assert matrix.days == [D(2026, 10, d) for d in range(7, 13)]
    assert matrix.reporting_days == {D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)}
    assert [(row.name, row.depth, row.is_member) for row in matrix.rows] == [
        ("示范县", 0, False),
        ("县卫健委", 1, True),
        ("青石镇", 1, False),
        ("青石镇东村", 2, True),
        ("青石镇西村", 2, True),
    ]
    cells = {row.name: row.cells for row in matrix.member_rows()}
    assert cells == {
        "县卫健委": [NOT_REQUIRED, ON_TIME, LATE, ZERO, NOT_REQUIRED, ZERO],
        "青石镇东村": [NOT_REQUIRED, ZERO_LATE, MISSING, ON_TIME, NOT_REQUIRED, PENDING],
        "青石镇西村": [NOT_REQUIRED, MISSING, MISSING, MISSING, NOT_REQUIRED, PENDING],
    }


def test_campaign_matrix_rates_follow_dhis2(example):
    matrix = campaign_matrix(example["campaign"], START, END, now=BEFORE_CUTOFF)
    rows = {row.name: row.counts for row in matrix.rows}

    a = rows["县卫健委"]
    assert (a.expected, a.received, a.on_time, a.late, a.zero, a.missing) == (4, 4, 3, 1, 2, 0)
    assert (a.reporting_rate, a.timeliness) == (100.0, 75.0)
    v1 = rows["青石镇东村"]
    assert (v1.expected, v1.received, v1.on_time, v1.missing, v1.pending) == (3, 2, 1, 1, 1)
    assert (v1.reporting_rate, v1.timeliness) == (66.7, 33.3)
    v2 = rows["青石镇西村"]
    assert (v2.expected, v2.received, v2.missing, v2.pending) == (3, 0, 3, 1)
    assert (v2.reporting_rate, v2.timeliness) == (0.0, 0.0)
    # the township row sums its branch
    town = rows["青石镇"]
    assert (town.expected, town.received, town.on_time) == (6, 2, 1)
    assert (town.reporting_rate, town.timeliness) == (33.3, 16.7)
    # overall: 6 of 10 received, 4 of 10 on time
    t = matrix.totals
    assert (t.expected, t.received, t.on_time, t.late, t.zero, t.missing, t.pending) == (10, 6, 4, 2, 3, 4, 2)
    assert (t.reporting_rate, t.timeliness) == (60.0, 40.0)
    # per day: the 12th has one report in and two pending
    twelfth = matrix.day_counts[-1]
    assert (twelfth.expected, twelfth.received, twelfth.pending) == (1, 1, 2)


@pytest.mark.parametrize(
    ("moment", "state"),
    [("15:59:59", PENDING), ("16:00:00", PENDING), ("16:00:01", MISSING)],
)
def test_campaign_matrix_today_without_report_is_pending_until_the_cutoff(example, moment, state):
    matrix = campaign_matrix(example["campaign"], END, END, now=at(END, moment))
    assert [row.cells for row in matrix.member_rows()] == [[ZERO], [state], [state]]


def test_campaign_matrix_branch_filter_keeps_only_the_branch(example):
    matrix = campaign_matrix(example["campaign"], START, END, example["town"], now=BEFORE_CUTOFF)
    assert [(row.name, row.depth, row.is_member) for row in matrix.rows] == [
        ("青石镇", 0, False),
        ("青石镇东村", 1, True),
        ("青石镇西村", 1, True),
    ]
    assert (matrix.totals.expected, matrix.totals.received, matrix.totals.on_time) == (6, 2, 1)


def test_campaign_matrix_days_outside_the_campaign_are_not_required(example):
    matrix = campaign_matrix(example["campaign"], D(2026, 10, 12), D(2026, 10, 14), now=at(D(2026, 10, 20), "09:00:00"))
    assert matrix.member_rows()[0].cells == [ZERO, NOT_REQUIRED, NOT_REQUIRED]
    assert matrix.totals.expected == 3  # the 12th only, now due for everyone


def test_campaign_matrix_future_days_are_pending_not_expected(example):
    matrix = campaign_matrix(example["campaign"], START, END, now=at(D(2026, 10, 9), "10:00:00"))
    v2 = {row.name: row for row in matrix.rows}["青石镇西村"]
    assert v2.cells == [NOT_REQUIRED, MISSING, PENDING, PENDING, NOT_REQUIRED, PENDING]
    assert v2.counts.expected == 1


def test_campaign_matrix_ignores_inactive_units(example):
    example["v2"].is_active = False
    example["v2"].save()
    matrix = campaign_matrix(example["campaign"], START, END, now=BEFORE_CUTOFF)
    assert [row.name for row in matrix.member_rows()] == ["县卫健委", "青石镇东村"]


def test_campaign_rates_sorts_worst_first(example):
    rates = campaign_rates(example["campaign"], START, END, now=BEFORE_CUTOFF)
    assert [(r.name, r.counts.reporting_rate) for r in rates.units] == [
        ("青石镇西村", 0.0),
        ("青石镇东村", 66.7),
        ("县卫健委", 100.0),
    ]
    assert (rates.overall.reporting_rate, rates.overall.timeliness) == (60.0, 40.0)


def test_units_expected_and_missing_on(example):
    campaign = example["campaign"]
    assert set(units_expected_on(campaign, D(2026, 10, 10))) == {example["unit_a"], example["v1"], example["v2"]}
    assert list(units_expected_on(campaign, D(2026, 10, 11))) == []  # Sunday
    assert list(units_expected_on(campaign, D(2026, 10, 7))) == []  # holiday
    assert list(units_missing_on(campaign, D(2026, 10, 10))) == [example["v2"]]
    assert list(units_missing_on(campaign, D(2026, 10, 12))) == [example["v1"], example["v2"]]


def test_campaign_day_summary_counts_sums_and_texts(example):
    summary = campaign_day_summary(example["campaign"], D(2026, 10, 9))
    assert (summary.expected, summary.received, summary.on_time, summary.late, summary.zero) == (3, 1, 0, 1, 0)
    assert [u.name for u in summary.missing_units] == ["青石镇东村", "青石镇西村"]
    totals = {t.code: (t.total, t.count) for t in summary.indicator_totals}
    assert totals == {"returnees": (7, 1), "funds": (Decimal("1.25"), 1)}
    assert [(t.unit, t.label, t.text) for t in summary.texts] == [("县卫健委", "异常情况", "路面结冰"), ("县卫健委", "", "已处置")]
    assert (summary.reporting_rate, summary.timeliness) == (33.3, 0.0)


def test_campaign_day_summary_zero_reports_add_nothing_to_sums_or_texts(example):
    summary = campaign_day_summary(example["campaign"], D(2026, 10, 10))
    assert (summary.expected, summary.received, summary.on_time, summary.zero, summary.missing) == (3, 2, 2, 1, 1)
    totals = {t.code: t.total for t in summary.indicator_totals}
    assert totals == {"returnees": 3, "funds": Decimal("2.5")}
    assert summary.texts == []


def test_campaign_day_summary_as_dict_is_json_safe(example):
    import json

    data = campaign_day_summary(example["campaign"], D(2026, 10, 9)).as_dict()
    assert json.loads(json.dumps(data))["indicator_totals"]["funds"]["total"] == "1.25"
    assert data["missing_units"] == [{"id": example["v1"].pk, "name": "青石镇东村"}, {"id": example["v2"].pk, "name": "青石镇西村"}]


def test_campaign_day_summary_of_a_non_reporting_day_is_empty(example):
    summary = campaign_day_summary(example["campaign"], D(2026, 10, 11))
    assert (summary.is_reporting_day, summary.expected, summary.received, summary.missing_units) == (False, 0, 0, [])


def _grow(example, units, days):
    """Add ``units`` more villages, each with a report on each of the reporting days."""
    campaign = example["campaign"]
    villages = [
        factories.UnitFactory(name=f"青石镇{i}村", kind="village", parent=example["town"]) for i in range(units)
    ]
    campaign.units.add(*villages)
    DailyReport.objects.bulk_create(
        DailyReport(campaign=campaign, unit=v, date=d, is_zero=True)
        for v in villages
        for d in sorted(campaign.reporting_days())[:days]
    )


def test_selectors_run_a_fixed_number_of_queries(example, django_assert_num_queries):
    campaign = example["campaign"]
    for size in (0, 25):
        _grow(example, size, 4)
        with django_assert_num_queries(3):
            campaign_matrix(campaign, START, END, now=BEFORE_CUTOFF)
        with django_assert_num_queries(2):
            campaign_matrix(campaign, START, END, example["town"], now=BEFORE_CUTOFF, with_ancestors=False)
        with django_assert_num_queries(2):
            campaign_rates(campaign, START, END, now=BEFORE_CUTOFF)
        with django_assert_num_queries(3):
            campaign_day_summary(campaign, D(2026, 10, 9))
        with django_assert_num_queries(1):
            list(units_missing_on(campaign, D(2026, 10, 9)))
    assert len(campaign_matrix(campaign, START, END, now=BEFORE_CUTOFF).member_rows()) == 28


def test_unit_history_lists_reporting_days_newest_first(example):
    history = sel.unit_history(example["campaign"], example["v1"], now=BEFORE_CUTOFF)
    assert [(e.date.day, e.state) for e in history] == [(12, PENDING), (10, ON_TIME), (9, MISSING), (8, ZERO_LATE)]
