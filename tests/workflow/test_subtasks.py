"""二次交办: a township splits its task into village sub-tasks; closing waits for them, or the office overrides."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from directives.models import Task, TaskEvent
from directives.services.subtasks import task_split
from directives.services.workflow import (
    WorkflowError, task_accept, task_change_deadline, task_close, task_request_close,
)
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def river(townships):
    return townships[1]


@pytest.fixture
def river_clerk(river):
    return factories.UserFactory(username="clerk_river", membership__unit=river, membership__role="clerk")


@pytest.fixture
def parent(river, river_clerk, office_user):
    task = factories.make_task(
        lead_unit=river, title="清理辖区内河道垃圾", deadline=days(10), created_by=office_user,
        source_kind=Task.Source.INSTRUCTION, source_person="张县长",
    )
    task_accept(task=task, actor=river_clerk)
    return task


def split(parent, clerk, *units, deadline=None):
    return task_split(
        task=parent, actor=clerk, subtasks=[{"lead_unit": u, "title": f"{u}清理河道", "deadline": deadline} for u in units]
    )


def test_split_makes_sub_tasks_with_history_and_the_parents_source(parent, river_clerk, villages):
    li, wang, _other = villages

    children = split(parent, river_clerk, li, wang, deadline=days(7))

    parent.refresh_from_db()
    assert parent.status == Task.Status.IN_PROGRESS
    assert [(c.lead_unit, c.deadline, c.parent_id) for c in children] == [(li, days(7), parent.pk), (wang, days(7), parent.pk)]
    assert {c.source_kind for c in children} == {Task.Source.INSTRUCTION}
    assert {c.source_person for c in children} == {"张县长"}
    split_event = parent.events.get(kind=TaskEvent.Kind.SPLIT)
    assert split_event.actor == river_clerk
    assert split_event.changes["subtasks"] == {c.tracking_number: c.lead_unit.name for c in children}
    assert all(c.tracking_number in split_event.reason for c in children)
    assert parent.tracking_number in children[0].events.get(kind=TaskEvent.Kind.CREATED).reason


def test_a_sub_task_without_deadline_takes_the_parents(parent, river_clerk, villages):
    child, = split(parent, river_clerk, villages[0])
    assert child.deadline == days(10)


def test_a_sub_task_may_not_end_after_its_parent(parent, river_clerk, villages, office_user):
    with pytest.raises(ValidationError, match="不能晚于"):
        split(parent, river_clerk, villages[0], villages[1], deadline=days(11))
    assert not parent.subtasks.exists()  # all or nothing

    child, = split(parent, river_clerk, villages[0])
    with pytest.raises(ValidationError, match="不能晚于"):
        task_change_deadline(task=child, actor=office_user, deadline=days(12), reason="调整")


def test_split_only_to_units_below_the_lead_unit(parent, river_clerk, villages, unit_b):
    other_township_village = villages[2]
    for stranger in (other_township_village, unit_b, parent.lead_unit):
        with pytest.raises(ValidationError, match="下级单位"):
            split(parent, river_clerk, stranger)


def test_split_needs_the_task_accepted(river, river_clerk, villages):
    fresh = factories.make_task(lead_unit=river, deadline=days(5))
    with pytest.raises(WorkflowError, match="签收"):
        split(fresh, river_clerk, villages[0])


def test_parent_asks_to_close_only_when_its_sub_tasks_are_closed(parent, river, river_clerk, villages, office_user):
    li_task, wang_task = split(parent, river_clerk, villages[0], villages[1])
    task_close(task=li_task, actor=office_user)

    with pytest.raises(WorkflowError, match="1项子任务"):
        task_request_close(task=parent, unit=river, actor=river_clerk, text="已完成")

    task_close(task=wang_task, actor=office_user)
    task_request_close(task=parent, unit=river, actor=river_clerk, text="已完成")
    assert Task.objects.get(pk=parent.pk).status == Task.Status.CLOSE_REQUESTED


def test_office_closes_a_parent_with_open_sub_tasks_only_with_a_reason(parent, river_clerk, villages, office_user):
    split(parent, river_clerk, villages[0], villages[1])

    with pytest.raises(ValidationError, match="说明理由"):
        task_close(task=parent, actor=office_user)
    task_close(task=parent, actor=office_user, reason="村级任务并入年度考核,先行销号")

    parent.refresh_from_db()
    assert parent.status == Task.Status.CLOSED
    event = parent.events.filter(kind=TaskEvent.Kind.STATUS).last()
    assert event.changes == {"open_subtasks": 2} and "先行销号" in event.reason
