"""The demo shows issue 16's workflow: an approved and a refused extension, a split township task, tasks from a
批示 and a 文件, a task 超时未签收."""
import pytest
from django.core.management import call_command

from directives.models import DeadlineExtension, Task, TaskEvent
from directives.permissions import visible_tasks

pytestmark = pytest.mark.django_db


def test_the_demo_shows_extensions_sub_tasks_sources_and_late_acceptance():
    call_command("load_demo")

    assert set(DeadlineExtension.objects.values_list("status", flat=True)) >= {"approved", "refused"}
    extended = DeadlineExtension.objects.get(status="approved").task
    assert extended.extension_count == 1 and extended.deadline > extended.original_deadline
    sources = set(Task.objects.values_list("source_kind", flat=True))
    assert {Task.Source.SPEECH, Task.Source.INSTRUCTION, Task.Source.DOCUMENT} <= sources
    parent = Task.objects.filter(subtasks__isnull=False, lead_unit__kind="township", parent__isnull=True).distinct().get()
    subtasks = list(parent.subtasks.order_by("tracking_serial"))
    assert len(subtasks) == 3 and {t.lead_unit.parent_id for t in subtasks} == {parent.lead_unit_id}
    assert sum(t.status == Task.Status.CLOSED for t in subtasks) == 1
    village_clerk = subtasks[0].lead_unit.memberships.get().user
    assert set(visible_tasks(village_clerk)) == {subtasks[0]}
    assert Task.objects.filter(acceptance_overdue_at__isnull=False, status=Task.Status.ASSIGNED).exists()
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.ACCEPTANCE_OVERDUE).exists()


def test_load_demo_twice_changes_nothing_of_the_workflow_examples():
    call_command("load_demo")
    counts = (Task.objects.count(), DeadlineExtension.objects.count(), TaskEvent.objects.count())

    call_command("load_demo")

    assert (Task.objects.count(), DeadlineExtension.objects.count(), TaskEvent.objects.count()) == counts
