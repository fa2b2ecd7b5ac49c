"""Scoring (考核): every figure recomputed by hand from the tasks and reports set up here."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from directives.models import DailyReport, ScoreWeights, Task
from directives.selectors.scores import LATE, NOT_DUE, ON_TIME, ScorePeriod, score_board, score_overview
from tests import factories

NOVEMBER = ScorePeriod(2026, month=11)
AFTER = timezone.make_aware(datetime.datetime(2026, 12, 5, 10, 0))  # the period is over


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def set_task(task, **values):
    Task.objects.filter(pk=task.pk).update(**values)


@pytest.fixture
def november(db, office_unit, unit_a, unit_b):
    """Tasks and reports of November 2026 whose figures are worked out by hand in the tests below."""
    a1 = factories.make_task(lead_unit=unit_a, title="A1 按期办结", deadline=d(11, 20))
    set_task(a1, created_at=at(d(11, 2)), accept_by=d(11, 3), accepted_at=at(d(11, 3), 15), status="closed",
             closed_at=at(d(11, 18)), closed_on_time=True)
    a2 = factories.make_task(lead_unit=unit_a, title="A2 逾期3天办结、超时签收", deadline=d(11, 25))
    set_task(a2, created_at=at(d(11, 2)), accept_by=d(11, 3), accepted_at=at(d(11, 5)), status="closed",
             closed_at=at(d(11, 28)), closed_on_time=False)
    a3 = factories.make_task(lead_unit=unit_a, title="A3 十月到期仍未办结", deadline=d(10, 31))
    set_task(a3, created_at=at(d(10, 10)), accept_by=d(10, 11), accepted_at=at(d(10, 10)), status="in_progress")
    b1 = factories.make_task(lead_unit=unit_b, title="B1 未签收", deadline=d(12, 15))
    set_task(b1, created_at=at(d(11, 10)), accept_by=d(11, 11), status="assigned")
    b2 = factories.make_task(lead_unit=unit_b, title="B2 11月30日到期未办结", deadline=d(11, 30))
    set_task(b2, created_at=at(d(11, 10)), accept_by=d(11, 11), accepted_at=at(d(11, 10), 16), status="in_progress")
    office = factories.make_task(lead_unit=office_unit, title="督查室自己的事项", deadline=d(11, 3))
    set_task(office, created_at=at(d(11, 1)))
    # A campaign every day of November from the 2nd (29 days): unit_a late 3 times and missing twice, unit_b never.
    campaign = factories.CampaignFactory(units=[unit_a, unit_b], first_day=d(11, 2), last_day=d(11, 30))
    days = [d(11, 2) + datetime.timedelta(days=n) for n in range(29)]
    late, missing = set(days[:3]), set(days[3:5])
    for day in days:
        if day not in missing:
            DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, is_zero=True,
                                       submitted_at=at(day, 18 if day in late else 10), is_late=day in late)
        DailyReport.objects.create(campaign=campaign, unit=unit_b, date=day, is_zero=True, submitted_at=at(day, 10))
    return {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2}


def test_score_parts_and_total_match_the_hand_computation(november, unit_a, unit_b):
    # when November is scored with the default weights (40/20/15/25, 2 points a day overdue)
    board = score_board(NOVEMBER, now=AFTER)
    a, b = board.unit(unit_a.pk), board.unit(unit_b.pk)
    # then unit_a: 1 of 2 due tasks on time; 3 (A2) + 30 (A3, all November) days overdue; 1 of 2 accepted in time;
    # 24 of 29 reports on time
    assert (a.tasks_due, a.tasks_on_time, a.on_time_rate) == (2, 1, 50.0)
    assert (a.overdue_days, a.overdue_score) == (33, 100 - 2 * 33)
    assert (a.acceptance_assessed, a.accepted_in_time, a.acceptance_rate) == (2, 1, 50.0)
    assert (a.reports_expected, a.reports_on_time, a.report_rate) == (29, 24, round(100 * 24 / 29, 1))
    assert a.score == round((40 * 50.0 + 20 * 34.0 + 15 * 50.0 + 25 * 82.8) / 100, 1) == 55.0
    # unit_b: B2 (due 30 November, still open on 5 December) is not on time; no day overdue within November;
    # B1 never accepted, B2 accepted the day it came; every report on time
    assert (b.tasks_due, b.on_time_rate, b.overdue_days, b.overdue_score) == (1, 0.0, 0, 100.0)
    assert (b.acceptance_assessed, b.acceptance_rate, b.report_rate) == (2, 50.0, 100.0)
    assert b.score == round((40 * 0 + 20 * 100 + 15 * 50 + 25 * 100) / 100, 1) == 52.5
    # the office is not assessed; the ranking is best first
    assert [(u.rank, u.name) for u in board.units] == [(1, "县卫健委"), (2, "县交通局")]


def test_each_score_lists_the_tasks_and_reports_behind_it(november, unit_a, unit_b):
    board = score_board(NOVEMBER, now=AFTER)
    a = {item.title: item for item in board.unit(unit_a.pk).tasks}
    assert (a["A1 按期办结"].closure, a["A1 按期办结"].acceptance, a["A1 按期办结"].overdue_days) == (ON_TIME, ON_TIME, 0)
    assert (a["A2 逾期3天办结、超时签收"].closure, a["A2 逾期3天办结、超时签收"].acceptance) == (LATE, LATE)
    assert a["A2 逾期3天办结、超时签收"].overdue_days == 3
    # assigned in October: its acceptance is October's, its days overdue in November are November's
    assert (a["A3 十月到期仍未办结"].closure, a["A3 十月到期仍未办结"].acceptance) == (None, None)
    assert a["A3 十月到期仍未办结"].overdue_days == 30
    [reports] = board.unit(unit_a.pk).reports
    assert (reports.expected, reports.on_time, reports.late, reports.missing) == (29, 24, 3, 2)
    assert reports.missing_days == [d(11, 5), d(11, 6)]
    b = {item.title: item.acceptance for item in board.unit(unit_b.pk).tasks}
    assert b == {"B1 未签收": LATE, "B2 11月30日到期未办结": ON_TIME}


def test_weights_set_by_the_office_change_the_ranking(november, unit_a, unit_b):
    # given weights that count only overdue days, 1 point a day
    ScoreWeights.objects.create(on_time_weight=0, overdue_weight=100, acceptance_weight=0, report_weight=0,
                                overdue_day_deduction=Decimal("1"))
    # when scored
    board = score_board(NOVEMBER, now=AFTER)
    # then unit_b (no day overdue) comes first: 100 against 100 - 33
    assert [(u.name, u.score) for u in board.units] == [("县交通局", 100.0), ("县卫健委", 67.0)]


def test_a_part_without_anything_to_judge_is_left_out(db, unit_a):
    # given a unit that only owed daily reports in November, all on time
    campaign = factories.CampaignFactory(units=[unit_a], first_day=d(11, 2), last_day=d(11, 3))
    for day in (d(11, 2), d(11, 3)):
        DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, is_zero=True, submitted_at=at(day))
    board = score_board(NOVEMBER, now=AFTER)
    [a] = board.units
    assert a.parts() == {"on_time": None, "overdue": None, "acceptance": None, "report": 100.0}
    assert a.score == 100.0


def test_a_task_not_yet_due_is_left_out_until_its_deadline(db, unit_a):
    task = factories.make_task(lead_unit=unit_a, title="月底到期", deadline=d(11, 30))
    set_task(task, created_at=at(d(11, 2)), accept_by=d(11, 3), accepted_at=at(d(11, 2)), status="in_progress")
    board = score_board(NOVEMBER, now=at(d(11, 20)))
    [item] = board.unit(unit_a.pk).tasks
    assert item.closure == NOT_DUE and board.unit(unit_a.pk).tasks_due == 0
    assert board.unit(unit_a.pk).score == 100.0  # only its acceptance, in time


def test_equal_scores_share_a_rank(db, unit_a, unit_b):
    campaign = factories.CampaignFactory(units=[unit_a, unit_b], first_day=d(11, 2), last_day=d(11, 2))
    for unit in (unit_a, unit_b):
        DailyReport.objects.create(campaign=campaign, unit=unit, date=d(11, 2), is_zero=True, submitted_at=at(d(11, 2)))
    assert [u.rank for u in score_board(NOVEMBER, now=AFTER).units] == [1, 1]


def test_score_board_runs_a_fixed_number_of_queries(november, county, django_assert_num_queries):
    # weights, tasks, campaigns, (units, reports) of the one campaign, units
    with django_assert_num_queries(6):
        score_board(NOVEMBER, now=AFTER)
    for n in range(10):
        unit = factories.UnitFactory(name=f"乡镇{n}", kind="township", parent=county)
        factories.make_task(lead_unit=unit, title=f"事项{n}", deadline=d(11, 10))
    with django_assert_num_queries(6):
        score_board(NOVEMBER, now=AFTER)


@pytest.mark.parametrize("value, start, end, label", [
    ("2026-11", d(11, 1), d(11, 30), "2026年11月"),
    ("2026-12", d(12, 1), d(12, 31), "2026年12月"),
    ("2026-Q4", d(10, 1), d(12, 31), "2026年第四季度"),
    ("2027-q1", d(1, 1, 2027), d(3, 31, 2027), "2027年第一季度"),
])
def test_score_period_parses_months_and_quarters(value, start, end, label):
    period = ScorePeriod.parse(value)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("value", ["2026-13", "2026-Q5", "2026", "十一月", "", "2026-Q", "1999-01"])
def test_score_period_refuses_bad_input_with_a_clear_message(value):
    with pytest.raises(ValidationError, match="考核期间应为"):
        ScorePeriod.parse(value)


def test_score_overview_gives_the_current_month_for_the_leader(november, unit_a, unit_b):
    overview = score_overview(now=at(d(11, 30), 20))
    assert overview.period == "2026年11月" and overview.period_key == "2026-11"
    assert overview.ranked == 2
    assert [u.name for u in overview.top] == [u.name for u in score_board(NOVEMBER, now=at(d(11, 30), 20)).units]
    assert overview.average == round(sum(u.score for u in overview.top) / 2, 1)


def test_weights_must_not_all_be_zero(db):
    weights = ScoreWeights(on_time_weight=0, overdue_weight=0, acceptance_weight=0, report_weight=0)
    with pytest.raises(ValidationError, match="不能都为0"):
        weights.full_clean()
