import datetime

import pytest
from django.db import IntegrityError, transaction

from directives.models import Task, TaskEvent
from directives.services import workflow
from directives.services.tracking import tracking_numbers_issue
from tests.factories import make_task


def test_tracking_numbers_run_per_year(unit_a):
    # given
    first = make_task(lead_unit=unit_a, year=2025)
    second = make_task(lead_unit=unit_a, year=2025)
    other_year = make_task(lead_unit=unit_a, year=2026)
    # then
    assert first.tracking_number == "督〔2025〕1号"
    assert second.tracking_number == "督〔2025〕2号"
    assert other_year.tracking_number == "督〔2026〕1号"


def test_tracking_serial_unique_per_year_in_database(unit_a):
    task = make_task(lead_unit=unit_a, year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            tracking_year=2026, tracking_serial=task.tracking_serial, tracking_number="督〔2026〕X号",
            title="重复编号", lead_unit=unit_a,
        )


def test_tracking_numbers_issue_reserves_a_block(db):
    block = tracking_numbers_issue(year=2030, count=3)
    assert [serial for serial, _ in block] == [1, 2, 3]
    assert tracking_numbers_issue(year=2030)[0][0] == 4


def test_task_lifecycle_records_every_status_change(unit_a, office_user, clerk_a):
    # given
    task = make_task(lead_unit=unit_a, created_by=office_user, deadline=datetime.date(2099, 1, 1))
    # when
    workflow.task_accept(task=task, actor=clerk_a)
    workflow.task_report_progress(task=task, unit=unit_a, author=clerk_a, text="已完成排查30处")
    workflow.task_request_close(task=task, unit=unit_a, actor=clerk_a, text="全部整改到位")
    workflow.task_return(task=task, actor=office_user, reason="缺少整改照片")
    workflow.task_request_close(task=task, unit=unit_a, actor=clerk_a, text="补充照片")
    workflow.task_close(task=task, actor=office_user, reason="核实无误")
    # then
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED
    assert task.closed_on_time is True
    moves = list(task.events.filter(kind=TaskEvent.Kind.STATUS).values_list("from_status", "to_status", "actor__username"))
    assert moves == [
        ("assigned", "accepted", "clerk_a"),
        ("accepted", "in_progress", "clerk_a"),
        ("in_progress", "close_requested", "clerk_a"),
        ("close_requested", "in_progress", "office"),
        ("in_progress", "close_requested", "clerk_a"),
        ("close_requested", "closed", "office"),
    ]
    assert task.events.get(to_status="in_progress", from_status="close_requested").reason == "缺少整改照片"
    assert task.latest_progress == "补充照片"


def test_task_illegal_move_is_refused_with_a_message(unit_a, office_user):
    task = make_task(lead_unit=unit_a)
    with pytest.raises(workflow.WorkflowError) as error:
        workflow.task_return(task=task, actor=office_user, reason="不行")
    assert "交办" in str(error.value) and "退回" in str(error.value)
    task.refresh_from_db()
    assert task.status == Task.Status.ASSIGNED
    assert not task.events.filter(kind=TaskEvent.Kind.STATUS).exists()


@pytest.mark.parametrize(
    "deadline, light, overdue",
    [
        (datetime.date(2026, 11, 9), "red", True),
        (datetime.date(2026, 11, 10), "yellow", False),
        (datetime.date(2026, 11, 13), "yellow", False),
        (datetime.date(2026, 11, 14), "green", False),
    ],
)
def test_task_light_from_deadline(unit_a, deadline, light, overdue):
    task = make_task(lead_unit=unit_a, deadline=deadline)
    assert task.light_on(datetime.date(2026, 11, 10), yellow_days=3) == light
    workflow.tasks_refresh_lights(day=datetime.date(2026, 11, 10))
    task.refresh_from_db()
    assert (task.light, task.is_overdue) == (light, overdue)


def test_task_closed_late_keeps_red_light(unit_a, office_user):
    task = make_task(lead_unit=unit_a, deadline=datetime.date(2020, 1, 1))
    workflow.task_close(task=task, actor=office_user)
    task.refresh_from_db()
    assert task.closed_on_time is False
    assert task.light == "red"
    assert task.is_overdue is False


def test_deadline_change_keeps_old_date_and_reason(unit_a, office_user):
    task = make_task(lead_unit=unit_a, deadline=datetime.date(2026, 12, 1))
    workflow.task_change_deadline(task=task, actor=office_user, deadline=datetime.date(2026, 12, 20), reason="雨雪天气")
    event = task.events.get(kind=TaskEvent.Kind.DEADLINE)
    assert event.changes == {"deadline": ["2026-12-01", "2026-12-20"]}
    assert event.reason == "雨雪天气"
