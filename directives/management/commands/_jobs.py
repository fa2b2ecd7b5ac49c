"""Shared argument parsing for the job commands."""
import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def day_argument(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:  # well formed but not a date (2026-02-30)
        day = None
    if day is None:
        raise CommandError(f"日期格式应为 YYYY-MM-DD:{value}")
    return day


def moment_argument(value: str | None) -> datetime.datetime | None:
    """An ISO date-time; a naive one is read in the local time zone (Asia/Shanghai)."""
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed but not a moment (2026-02-30T15:00, 25:00)
        moment = None
    if moment is None:
        raise CommandError(f"时间格式应为 YYYY-MM-DDTHH:MM:{value}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def report(command, figures: dict) -> None:
    command.stdout.write(", ".join(f"{key}={value}" for key, value in figures.items()))
