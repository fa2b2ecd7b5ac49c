"""Shared argument parsing for the job commands."""
import datetime

from django.core.management.base import CommandError

from directives.dates import parse_day, parse_moment


def day_argument(value: str | None) -> datetime.date | None:
    """The ``--day`` option; raise CommandError unless it is a YYYY-MM-DD day."""
    try:
        return parse_day(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD:{value}") from None


def moment_argument(value: str | None) -> datetime.datetime | None:
    """The ``--now`` option, a naive one read in the local time zone (Asia/Shanghai); raise CommandError if bad."""
    try:
        return parse_moment(value)
    except ValueError:
        raise CommandError(f"时间格式应为 YYYY-MM-DDTHH:MM:{value}") from None


def report(command, figures: dict) -> None:
    command.stdout.write(", ".join(f"{key}={value}" for key, value in figures.items()))
