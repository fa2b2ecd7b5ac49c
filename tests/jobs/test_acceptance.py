"""签收时限: a task not accepted in time is flagged 超时未签收 and urged once, by the overdue sweep."""
import datetime

import pytest
from django.utils import timezone

from directives.extraction.workdays import is_workday
from directives.models import Notification, Task, TaskEvent
from directives.selectors.bulletins import bulletin_build
from directives.services import jobs
from directives.services.workflow import task_accept
from tests import factories

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def after(day, n=1):
    return day + datetime.timedelta(days=n)


def test_accept_by_counts_working_days(settings, unit_a):
    settings.DUBAN_ACCEPTANCE_WORKDAYS = 3
    task = factories.make_task(lead_unit=unit_a)
    today = timezone.localdate()
    between = [after(today, n) for n in range(1, (task.accept_by - today).days + 1)]
    assert sum(is_workday(d) for d in between) == 3 and is_workday(task.accept_by)


def test_the_sweep_flags_and_urges_once(unit_a, unit_b, clerk_a, clerk_b, office_user):
    # given: two tasks past their 签收时限, one of them accepted in time
    late = factories.make_task(lead_unit=unit_a, title="未签收的任务")
    accepted = factories.make_task(lead_unit=unit_b, title="已签收的任务")
    task_accept(task=accepted, actor=clerk_b)
    sweep_day = after(late.accept_by)

    # when: the sweep runs on its day, again, and the next day
    first = jobs.overdue_sweep(day=sweep_day)
    second = jobs.overdue_sweep(day=sweep_day)
    third = jobs.overdue_sweep(day=after(sweep_day))

    # then
    late.refresh_from_db()
    assert late.is_acceptance_overdue and late.urge_count == 1
    assert (first["acceptance_overdue"], second["acceptance_overdue"], third["acceptance_overdue"]) == (1, 0, 0)
    assert late.events.filter(kind=TaskEvent.Kind.ACCEPTANCE_OVERDUE).count() == 1
    urged = Notification.objects.filter(kind=Kind.TASK_ACCEPTANCE_OVERDUE)
    assert list(urged.values_list("recipient__username", "task__title")) == [("clerk_a", "未签收的任务")]
    accepted.refresh_from_db()
    assert accepted.acceptance_overdue_at is None and accepted.urge_count == 0


def test_nothing_before_the_limit_passes(unit_a, clerk_a):
    task = factories.make_task(lead_unit=unit_a)

    figures = jobs.overdue_sweep(day=task.accept_by)

    assert figures["acceptance_overdue"] == 0
    assert Task.objects.get(pk=task.pk).acceptance_overdue_at is None


def test_the_flag_is_a_compare_and_set(unit_a):
    # two sweeps that read the same candidates: only the first to write flags (and urges) the task
    task = factories.make_task(lead_unit=unit_a)
    now = timezone.now()

    won = jobs._flag_acceptance_overdue([task.pk], now=now)
    lost = jobs._flag_acceptance_overdue([task.pk], now=now)

    assert (won, lost) == ([task.pk], [])
    assert Task.objects.get(pk=task.pk).urge_count == 1


def test_accepting_late_clears_the_light_but_the_bulletin_counts_it(unit_a, clerk_a):
    task = factories.make_task(lead_unit=unit_a, title="迟签收的任务")
    sweep_day = after(task.accept_by)
    jobs.overdue_sweep(day=sweep_day)
    task_accept(task=task, actor=clerk_a)
    task.refresh_from_db()
    assert not task.is_acceptance_overdue  # accepted now

    bulletin = bulletin_build(timezone.localdate(), sweep_day, now=timezone.now() + datetime.timedelta(days=10))

    standing, = bulletin.units
    assert [t["tracking_number"] for t in standing.acceptance_overdue_tasks] == [task.tracking_number]
    assert bulletin.acceptance_overdue_total == 1


def test_the_bulletin_workbook_counts_late_acceptance(unit_a, clerk_a):
    import io

    from openpyxl import load_workbook

    from directives.exports.bulletin import bulletin_workbook_write

    factories.make_task(lead_unit=unit_a, title="无人签收")
    later = timezone.now() + datetime.timedelta(days=10)
    out = io.BytesIO()

    bulletin_workbook_write(timezone.localdate(), timezone.localdate(later), out, now=later)

    ws = load_workbook(io.BytesIO(out.getvalue()))["通报"]
    header = [c.value for c in ws[2]]
    row = dict(zip(header, [c.value for c in ws[3]]))
    assert (row["单位"], row["超时未签收(件)"]) == ("县卫健委", 1)
    assert any("1件交办事项超过签收时限未签收" in str(c.value) for r in ws.iter_rows() for c in r if c.value)
