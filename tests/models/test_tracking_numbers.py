"""A task registered from the admin takes the tracking year of the day in Asia/Shanghai, not in UTC."""
import datetime
import zoneinfo

from directives.models import Task
from directives.services.workflow import task_register

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_task_register_uses_the_local_year_on_new_years_morning(unit_a, office_user):
    # given a task created at 07:00 on 1 January in Shanghai (still 31 December in UTC)
    created_at = datetime.datetime(2027, 1, 1, 7, 0, tzinfo=SHANGHAI).astimezone(datetime.timezone.utc)
    task = Task(title="元旦值班安排", lead_unit=unit_a, created_at=created_at)
    # when
    task_register(task=task, created_by=office_user)
    # then its number is of 2027
    assert task.tracking_year == 2027
    assert "2027" in task.tracking_number
