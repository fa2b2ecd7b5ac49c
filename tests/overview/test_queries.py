"""The overview's query count does not grow with tasks, units, meetings or campaigns."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives.models import DailyReport, Task
from tests import factories
from tests.factories import CampaignFactory, make_task
from tests.overview.conftest import days_ago

pytestmark = pytest.mark.django_db

# Session, user, membership, unread count and the unit in the top bar (5); the overseen units (1); the row units
# (1, none for a 分管领导: the overseen units are the rows); tasks by unit (1), daily reports by unit (3),
# meetings (2), overdue history (1), campaigns by day (3).
OVERVIEW_QUERIES = {False: 17, True: 16}


def grow(county, n):
    """Add ``n`` townships each with a village, tasks in mixed states, a meeting and a campaign they report to."""
    meeting = factories.MeetingFactory(held_on=days_ago(n))
    units = []
    for i in range(n):
        town = factories.UnitFactory(name=f"增长镇{n}-{i}", kind="township", parent=county)
        village = factories.UnitFactory(name=f"增长村{n}-{i}", kind="village", parent=town)
        units += [town, village]
        for j, unit in enumerate((town, village, town)):
            task = make_task(lead_unit=unit, deadline=days_ago(j * 3 - 2), meeting=meeting)
            Task.objects.filter(pk=task.pk).update(is_overdue=j == 0, status=["in_progress", "assigned", "closed"][j])
    campaign = CampaignFactory(name=f"日报{n}", first_day=days_ago(5), last_day=days_ago(-5), units=units)
    for unit in units[::2]:
        DailyReport.objects.create(campaign=campaign, unit=unit, date=days_ago(1), is_zero=True)


def overview_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workspace:overview"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("overseen", [False, True])
def test_overview_page_query_count_is_fixed(client, county, leader_user, overseen):
    client.force_login(leader_user)
    grow(county, 2)
    if overseen:
        leader_user.membership.overseen_units.set(county.children.all()[:2])
    small = overview_queries(client)
    grow(county, 12)
    large = overview_queries(client)
    assert small == large == OVERVIEW_QUERIES[overseen]
