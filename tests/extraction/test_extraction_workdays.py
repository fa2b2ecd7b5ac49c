import datetime

import pytest

from directives.extraction.workdays import is_workday, statutory_holidays

D = datetime.date


@pytest.mark.parametrize(
    "day, workday",
    [
        (D(2026, 10, 1), False),  # published: National Day
        (D(2026, 10, 10), True),  # published: make-up Saturday (调休)
        (D(2026, 11, 26), True),
        (D(2027, 1, 1), False),  # beyond the published years: 元旦, a Friday
        (D(2027, 1, 4), True),
        (D(2027, 2, 5), False),  # lunar new year's eve 2027 (a Friday)
        (D(2027, 2, 8), False),  # the third day of the new year (a Monday)
        (D(2027, 2, 10), True),
        (D(2027, 5, 3), True),  # Labour Day is 1–2 May by statute; extra days come from 调休, unknown yet
        (D(2027, 10, 1), False),
        (D(2027, 10, 4), True),
        (D(2027, 1, 9), False),  # Saturday
    ],
)
def test_is_workday_published_calendar_and_statutory_fallback(day, workday):
    assert is_workday(day) is workday


def test_statutory_holidays_of_a_year_include_spring_festival_and_qingming():
    days = statutory_holidays(2028)
    assert D(2028, 1, 25) in days and D(2028, 1, 26) in days  # 除夕 and 正月初一
    assert D(2028, 4, 4) in days
    assert len(days) == 11


def test_working_day_limit_across_new_year_beyond_the_published_calendar():
    from directives.extraction import extract_text

    text = "在全县冬季安全工作会议上的讲话\n(2026年12月30日)\n一、抓好排查\n县应急局要在3个工作日内完成排查。\n"
    point = extract_text(text).speeches[0].directives[0]
    # 31 Dec (1), 1 Jan is 元旦, 2–3 Jan weekend, 4 Jan (2), 5 Jan (3)
    assert [(d.text, d.date) for d in point.deadlines] == [("3个工作日内", D(2027, 1, 5))]
