"""The one reading of days and moments (directives.dates): no database needed."""
import datetime
import zoneinfo

import pytest

from directives.dates import day_or_none, parse_day, parse_moment

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-30", datetime.date(2026, 11, 30)),
        (" 2026-11-30 ", datetime.date(2026, 11, 30)),
        ("2026-1-5", datetime.date(2026, 1, 5)),
        (datetime.date(2026, 2, 28), datetime.date(2026, 2, 28)),
        (None, None),
        ("", None),
    ],
)
def test_parse_day_reads_iso_days_and_keeps_dates(value, expected):
    assert parse_day(value) == expected


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-13-01", "2026-04-31", "tomorrow", "2026-11-30T08:00", 20261130,
              datetime.datetime(2026, 11, 30, 8, 0)],
)
def test_parse_day_refuses_what_is_not_a_day(value):
    with pytest.raises(ValueError):
        parse_day(value)


@pytest.mark.parametrize("value", ["2026-02-30", "not a date", 7, None, ""])
def test_day_or_none_is_none_where_parse_day_would_refuse(value):
    assert day_or_none(value) is None


def test_day_or_none_reads_a_good_day():
    assert day_or_none("2027-01-04") == datetime.date(2027, 1, 4)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-10T15:00", datetime.datetime(2026, 11, 10, 15, 0, tzinfo=SHANGHAI)),
        ("2026-11-10 15:00:30", datetime.datetime(2026, 11, 10, 15, 0, 30, tzinfo=SHANGHAI)),
        ("2026-11-10T07:00+00:00", datetime.datetime(2026, 11, 10, 15, 0, tzinfo=SHANGHAI)),
        (None, None),
        ("", None),
    ],
)
def test_parse_moment_reads_a_naive_moment_in_local_time(value, expected):
    moment = parse_moment(value)
    assert moment == expected
    assert moment is None or moment.tzinfo is not None


@pytest.mark.parametrize("value", ["2026-02-30T15:00", "2026-11-10T25:00", "15:00", "soon", 1500])
def test_parse_moment_refuses_what_is_not_a_moment(value):
    with pytest.raises(ValueError):
        parse_moment(value)
