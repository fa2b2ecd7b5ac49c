"""Tracking numbers (督办编号): 督〔2026〕17号, one sequence per year."""
from django.conf import settings
from django.db import transaction

from ..models import TrackingCounter


def format_tracking_number(year: int, serial: int) -> str:
    return f"{settings.DUBAN_TRACKING_PREFIX}〔{year}〕{serial}号"


@transaction.atomic
def tracking_numbers_issue(*, year: int, count: int = 1) -> list[tuple[int, str]]:
    """Reserve ``count`` consecutive serials of ``year``; return (serial, number) pairs.

    The counter row is locked, so two offices issuing at once never get the
    same number; the unique constraint on Task is the last guard.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    TrackingCounter.objects.get_or_create(year=year)
    counter = TrackingCounter.objects.select_for_update().get(year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [(serial, format_tracking_number(year, serial)) for serial in range(first, first + count)]
