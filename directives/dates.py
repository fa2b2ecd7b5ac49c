"""Days and moments from text (ISO ``YYYY-MM-DD`` / ``YYYY-MM-DDTHH:MM``), read with ``django.utils.dateparse``.

One reading everywhere: job commands and Celery tasks, export parameters, page
parameters, form fields sent by hand and the extraction contract's dates.
"""
import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_day(value) -> datetime.date | None:
    """Return the day ``value`` names: a date as it is, an ISO ``YYYY-MM-DD`` string read; None for None or "".

    Raise ValueError if ``value`` is anything else: a string that is not a day
    (``2026-13-01``, ``2026-02-30``, ``tomorrow``) or another type.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        raise ValueError(f"a day, not a moment: {value!r}")
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a day: {value!r}")
    day = parse_date(value.strip())  # itself raises ValueError for a well-formed impossible day
    if day is None:
        raise ValueError(f"not a day: {value!r}")
    return day


def day_or_none(value) -> datetime.date | None:
    """``parse_day``, but None where it would raise: for drafts where a date that cannot be read is no date."""
    try:
        return parse_day(value)
    except ValueError:
        return None


def parse_moment(value) -> datetime.datetime | None:
    """Return the moment of an ISO date-time string, a naive one read in the local time zone; None for None or "".

    Raise ValueError if ``value`` is not a date-time (``2026-02-30T15:00``, ``2026-11-10T25:00``).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str):
        moment = parse_datetime(value.strip())  # raises ValueError for a well-formed impossible moment
        if moment is None:
            raise ValueError(f"not a date-time: {value!r}")
    else:
        raise ValueError(f"not a date-time: {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
