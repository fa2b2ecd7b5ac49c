"""Where tasks come from: created by hand in admin with their source, filtered by source in the workspace."""
import datetime

import pytest
from django.urls import reverse

from directives.models import Task
from tests.factories import make_task

pytestmark = pytest.mark.django_db


def test_the_office_creates_a_task_from_an_instruction_in_admin(office_client, unit_a, office_user):
    data = {
        "title": "落实县长关于冬季供暖的批示", "description": "", "lead_unit": unit_a.pk, "responsible_person": "",
        "deadline": "2099-02-01", "remarks": "", "change_reason": "",
        "source_kind": "instruction", "source_reference": "", "source_person": "张县长", "source_date": "2099-01-05",
    }
    for prefix in ("subtasks", "progress_reports", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = office_client.post(reverse("admin:directives_task_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get()
    assert (task.source_kind, task.source_person, task.source_date) == (
        "instruction", "张县长", datetime.date(2099, 1, 5))
    assert task.original_deadline == datetime.date(2099, 2, 1) and task.accept_by is not None
    assert task.created_by == office_user and task.tracking_number


def test_the_workspace_list_filters_by_source(client, office_user, unit_a):
    make_task(lead_unit=unit_a, title="批示事项", source_kind=Task.Source.INSTRUCTION)
    make_task(lead_unit=unit_a, title="文件事项", source_kind=Task.Source.DOCUMENT)
    make_task(lead_unit=unit_a, title="其他事项")
    client.force_login(office_user)

    page = client.get(reverse("workspace:task_list"), {"source_kind": ["instruction", "document"]}).content.decode()

    assert "批示事项" in page and "文件事项" in page and "其他事项" not in page


def test_admin_list_filters_by_source(office_client, unit_a):
    make_task(lead_unit=unit_a, title="批示事项", source_kind=Task.Source.INSTRUCTION)
    make_task(lead_unit=unit_a, title="其他事项")

    page = office_client.get(reverse("admin:directives_task_changelist"), {"source_kind__exact": "instruction"})

    assert "批示事项" in page.content.decode() and "其他事项" not in page.content.decode()
