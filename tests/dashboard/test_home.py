import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import DailyReport
from directives.services import workflow
from tests.factories import CampaignFactory, make_task

TODAY = timezone.localdate


@pytest.fixture
def tasks(unit_a, unit_b, office_user):
    overdue = make_task(lead_unit=unit_a, title="甲单位逾期事项", deadline=TODAY() - datetime.timedelta(days=3))
    make_task(lead_unit=unit_a, title="甲单位正常事项", deadline=TODAY() + datetime.timedelta(days=30))
    other = make_task(lead_unit=unit_b, title="乙单位事项", deadline=TODAY() - datetime.timedelta(days=1))
    return overdue, other


def test_home_clerk_counts_only_their_units_tasks(client, clerk_a, tasks):
    # when
    client.force_login(clerk_a)
    response = client.get(reverse("workspace:home"))
    # then
    counts = response.context["counts"]
    assert counts["open"] == 2
    assert counts["overdue"] == 1
    page = response.content.decode()
    assert "甲单位逾期事项" in page  # needs action: to accept, and overdue
    assert "乙单位事项" not in page
    assert response.context["overdue_units"] == []


def test_home_office_sees_units_ranked_by_overdue_and_close_requests(client, office_user, clerk_a, unit_a, tasks):
    # given a close request from unit A
    overdue, _other = tasks
    workflow.task_accept(task=overdue, actor=clerk_a)
    workflow.task_request_close(task=overdue, unit=unit_a, actor=clerk_a, text="已完成")
    # when
    client.force_login(office_user)
    response = client.get(reverse("workspace:home"))
    # then
    assert response.context["counts"]["open"] == 3
    assert [row["lead_unit__name"] for row in response.context["overdue_units"]] == ["县卫生健康委员会", "县交通运输局"]
    assert [t.pk for t in response.context["action_tasks"]] == [overdue.pk]


def test_home_shows_todays_campaign_for_the_clerks_unit(client, clerk_a, unit_a, unit_b):
    # given
    campaign = CampaignFactory(first_day=TODAY() - datetime.timedelta(days=2), last_day=TODAY() + datetime.timedelta(days=5), units=[unit_a, unit_b])
    client.force_login(clerk_a)
    assert "本单位今日尚未报送" in client.get(reverse("workspace:home")).content.decode()
    # when the unit files
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=TODAY(), is_zero=True)
    # then
    item = client.get(reverse("workspace:home")).context["campaigns_today"][0]
    assert (item.expected, item.received, item.filed_by_my_unit) == (2, 1, True)


def test_home_in_a_fixed_number_of_queries(client, office_user, unit_a, unit_b, django_assert_max_num_queries):
    # given many tasks and two campaigns
    for index in range(40):
        make_task(lead_unit=unit_a if index % 2 else unit_b, deadline=TODAY() - datetime.timedelta(days=index % 5))
    for _ in range(2):
        CampaignFactory(first_day=TODAY(), last_day=TODAY(), units=[unit_a, unit_b])
    workflow.tasks_refresh_lights()
    client.force_login(office_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workspace:home"))
    assert response.status_code == 200
    assert response.context["counts"]["overdue"] > 0
