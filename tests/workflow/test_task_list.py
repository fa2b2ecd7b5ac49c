"""The task list survives any page-size parameter and never shows more than its cap."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.services.workflow import tasks_create_many

LIST = "workspace:task_list"


@pytest.fixture
def tasks(unit_a, office_user):
    today = timezone.localdate()
    return tasks_create_many(
        [dict(title=f"第{i}项", lead_unit=unit_a, deadline=today + datetime.timedelta(days=i)) for i in range(5)],
        created_by=office_user,
    )


@pytest.mark.parametrize("per_page", ["-5", "0", "abc", ""])
def test_task_list_bad_per_page_shows_a_page(client, office_user, tasks, per_page):
    # given
    client.force_login(office_user)
    # when
    response = client.get(reverse(LIST), {"per_page": per_page})
    # then the list is shown, not a server error
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) >= 1


def test_task_list_per_page_is_capped(client, clerk_a, tasks, monkeypatch):
    # given a cap smaller than the unit's tasks
    monkeypatch.setattr("directives.views.tasks.MAX_PER_PAGE", 2)
    client.force_login(clerk_a)
    # when a huge page is asked for
    response = client.get(reverse(LIST), {"per_page": 100000})
    # then no more than the cap is rendered
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 2
