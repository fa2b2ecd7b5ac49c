"""The admin is the supervision office's: staff status alone (a clerk or leader given is_staff) opens nothing in it."""
import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directives.models import Task
from tests.factories import make_task


@pytest.fixture
def task_of_b(unit_b, office_user):
    return make_task(lead_unit=unit_b, created_by=office_user, deadline=datetime.date(2099, 1, 10))


def _staff_with_every_permission(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="directives"))
    return user


@pytest.mark.parametrize("who", ["clerk_a", "leader_user"])
def test_admin_changelist_refused_to_staff_who_are_not_office(request, client, task_of_b, who):
    # given a clerk (or leader) with admin access and every permission of the app
    user = _staff_with_every_permission(request.getfixturevalue(who))
    client.force_login(user)
    # when they open the Task changelist and another unit's task
    changelist = client.get(reverse("admin:directives_task_changelist"))
    change = client.get(reverse("admin:directives_task_change", args=[task_of_b.pk]))
    # then the admin sends them to its login page and shows nothing of unit B
    for response in (changelist, change):
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_admin_change_form_refused_to_a_staff_clerk(client, clerk_a, task_of_b, unit_a):
    # given a staff clerk of unit A with every permission
    client.force_login(_staff_with_every_permission(clerk_a))
    # when they post the change form of unit B's task to take it over and move its deadline
    client.post(
        reverse("admin:directives_task_change", args=[task_of_b.pk]),
        {
            "title": task_of_b.title,
            "lead_unit": unit_a.pk,
            "deadline": "2099-12-31",
            "change_reason": "改期",
            "progress_reports-TOTAL_FORMS": "0",
            "progress_reports-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    # then nothing changed
    task_of_b.refresh_from_db()
    assert task_of_b.lead_unit_id != unit_a.pk
    assert task_of_b.deadline == datetime.date(2099, 1, 10)


def test_admin_open_to_office_staff(client, office_user):
    # given an office member with staff status and the app's permissions
    client.force_login(_staff_with_every_permission(office_user))
    # then the admin opens for them
    assert client.get(reverse("admin:directives_task_changelist")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_nav_link_only_for_office(client, clerk_a):
    # given a clerk who somehow has staff status
    clerk_a.is_staff = True
    clerk_a.save(update_fields=["is_staff"])
    client.force_login(clerk_a)
    # then the workspace does not offer them a link the admin would refuse
    assert reverse("admin:index") not in client.get(reverse("workspace:home")).content.decode()
    assert Task.objects.count() == 0


def test_admin_ledger_job_refused_to_a_staff_clerk(clerk_a):
    # given a staff clerk with every permission (as a queued background job would run for them)
    from django.core.exceptions import PermissionDenied

    from directives.models import ExportJob
    from directives.permissions import check_export

    user = _staff_with_every_permission(clerk_a)
    # then an admin-sourced ledger (every unit's tasks) is refused to them
    with pytest.raises(PermissionDenied):
        check_export(user, kind=ExportJob.Kind.LEDGER, params={"source": "admin", "query": ""})
