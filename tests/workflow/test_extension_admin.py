"""The admin's queue of 延期申请: pending first, approved in bulk, refused only with a reason."""
import datetime

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from directives.models import DeadlineExtension, Task
from directives.services.extensions import extension_request
from tests.factories import make_task

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:directives_deadlineextension_changelist"
DEADLINE = datetime.date(2099, 1, 10)


@pytest.fixture
def requests_(unit_a, clerk_a, office_user):
    made = []
    for i in range(3):
        task = make_task(lead_unit=unit_a, title=f"整治隐患{i}", deadline=DEADLINE, created_by=office_user)
        made.append(extension_request(task=task, unit=unit_a, actor=clerk_a,
                                      requested_deadline=DEADLINE + datetime.timedelta(days=10 + i), reason="材料未齐"))
    return made


def _act(client, action, extensions, **data):
    payload = {"action": action, helpers.ACTION_CHECKBOX_NAME: [e.pk for e in extensions], **data}
    return client.post(reverse(CHANGELIST), payload, follow=True)


def test_the_queue_shows_pending_requests_first(office_client, requests_, office_user):
    from directives.services.extensions import extension_refuse

    extension_refuse(extension=requests_[0], actor=office_user, reason="不符合条件")

    page = office_client.get(reverse(CHANGELIST)).content.decode()

    assert requests_[1].task.tracking_number in page and requests_[2].task.tracking_number in page
    assert requests_[0].task.tracking_number not in page
    everything = office_client.get(reverse(CHANGELIST) + "?status=all").content.decode()
    assert requests_[0].task.tracking_number in everything


def test_bulk_approval_moves_each_deadline(office_client, requests_):
    response = _act(office_client, "approve_extensions", requests_[:2])

    assert response.status_code == 200
    assert [Task.objects.get(pk=e.task_id).deadline for e in requests_] == [
        DEADLINE + datetime.timedelta(days=10), DEADLINE + datetime.timedelta(days=11), DEADLINE]
    assert DeadlineExtension.objects.get(pk=requests_[2].pk).status == "pending"


def test_refusal_asks_for_a_reason_first(office_client, requests_):
    form = _act(office_client, "refuse_extensions", requests_[:1])
    assert "不予批准理由" in form.content.decode()
    assert DeadlineExtension.objects.get(pk=requests_[0].pk).status == "pending"

    _act(office_client, "refuse_extensions", requests_[:1], apply="1", reason="  ")
    assert DeadlineExtension.objects.get(pk=requests_[0].pk).status == "pending"

    _act(office_client, "refuse_extensions", requests_[:1], apply="1", reason="时限不能再推迟")
    refused = DeadlineExtension.objects.get(pk=requests_[0].pk)
    assert (refused.status, refused.refusal_reason) == ("refused", "时限不能再推迟")


def test_the_office_dashboard_lists_the_queue(client, office_user, requests_):
    client.force_login(office_user)
    page = client.get(reverse("workspace:home")).content.decode()
    assert "待审批延期申请" in page
    assert all(e.task.tracking_number in page for e in requests_)


def test_a_clerks_dashboard_has_no_queue(client, clerk_a, requests_):
    client.force_login(clerk_a)
    assert "待审批延期申请" not in client.get(reverse("workspace:home")).content.decode()
