"""A small county with known figures: three row units, tasks in every state, a campaign with on-time and late reports."""
import datetime

import pytest
from django.utils import timezone

from directives.models import DailyReport, Task
from tests import factories
from tests.factories import CampaignFactory, make_task

Status = Task.Status


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def set_state(task, *, status, closed_on=None, on_time=None, overdue=False):
    """Put a task in a state as the workflow and the overdue sweep leave it."""
    Task.objects.filter(pk=task.pk).update(
        status=status,
        closed_at=at_noon(closed_on) if closed_on else None,
        closed_on_time=on_time,
        is_overdue=overdue,
        created_at=at_noon(days_ago(40)),
    )


@pytest.fixture
def township(county):
    return factories.UnitFactory(name="青石镇", kind="township", parent=county)


@pytest.fixture
def village(township):
    return factories.UnitFactory(name="青石镇东村", kind="village", parent=township)


@pytest.fixture
def county_figures(unit_a, unit_b, township, village, office_unit, meeting):
    """unit A: closed on time, closed late, overdue 4 days, not yet due; the village: overdue 10 days; unit B: closed on time."""
    tasks = {
        "a_on_time": make_task(lead_unit=unit_a, deadline=days_ago(8), meeting=meeting),
        "a_late": make_task(lead_unit=unit_a, deadline=days_ago(6), meeting=meeting),
        "a_overdue": make_task(lead_unit=unit_a, deadline=days_ago(4), meeting=meeting),
        "a_open": make_task(lead_unit=unit_a, deadline=days_ago(-20)),
        "village_overdue": make_task(lead_unit=village, deadline=days_ago(10), meeting=meeting),
        "b_on_time": make_task(lead_unit=unit_b, deadline=days_ago(3)),
    }
    set_state(tasks["a_on_time"], status=Status.CLOSED, closed_on=days_ago(9), on_time=True)
    set_state(tasks["a_late"], status=Status.CLOSED, closed_on=days_ago(2), on_time=False)
    set_state(tasks["a_overdue"], status=Status.IN_PROGRESS, overdue=True)
    set_state(tasks["a_open"], status=Status.ACCEPTED)
    set_state(tasks["village_overdue"], status=Status.ASSIGNED, overdue=True)
    set_state(tasks["b_on_time"], status=Status.CLOSED, closed_on=days_ago(5), on_time=True)
    campaign = CampaignFactory(first_day=days_ago(3), last_day=days_ago(-10), units=[unit_a, village])
    for n in (3, 2, 1):
        DailyReport.objects.create(campaign=campaign, unit=unit_a, date=days_ago(n), is_zero=True, is_late=False)
    DailyReport.objects.create(campaign=campaign, unit=village, date=days_ago(3), is_late=True)
    DailyReport.objects.create(campaign=campaign, unit=village, date=days_ago(2), is_late=False)
    return tasks, campaign
