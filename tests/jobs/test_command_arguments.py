"""Job arguments that parse but are not real dates, and naive moments, get the same reading everywhere."""
import datetime

import pytest
from django.core.management import CommandError, call_command

from directives import tasks
from tests import factories
from tests.jobs.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "command, option, value",
    [
        ("sweep_overdue", "--day", "2026-02-30"),
        ("send_deadline_reminders", "--day", "2026-13-01"),
        ("build_daily_summaries", "--day", "2026-04-31"),
        ("send_report_reminders", "--now", "2026-02-30T15:00"),
        ("build_daily_summaries", "--now", "2026-11-10T25:00"),
    ],
)
def test_job_commands_refuse_an_impossible_date_with_a_clear_message(command, option, value):
    with pytest.raises(CommandError, match="格式应为"):
        call_command(command, option, value)


def test_report_reminders_task_reads_a_naive_moment_as_local_time(unit_a, clerk_a):
    # given a campaign with a 16:00 cutoff that unit A has not filed for
    factories.CampaignFactory(units=[unit_a], first_day=DAY, last_day=DAY)
    # when the task is run with a moment without a time zone, as the command accepts
    figures = tasks.report_reminders_task.run(now=f"{DAY.isoformat()}T15:00")
    # then it is read in Asia/Shanghai: 15:00 is within the reminder window before the cutoff
    assert figures["campaigns_reminded"] == 1
    assert figures["notified"] == 1
