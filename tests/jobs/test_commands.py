import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from directives.models import DailySummary, Notification
from tests import factories
from tests.jobs.conftest import DAY

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_job_commands_run_the_same_services_without_a_broker(unit_a, clerk_a, office_user):
    # given
    factories.make_task(lead_unit=unit_a, deadline=DAY + datetime.timedelta(days=1))
    factories.make_task(lead_unit=unit_a, deadline=DAY - datetime.timedelta(days=1))
    factories.CampaignFactory(units=[unit_a])

    # when / then
    assert "notified=1" in run("send_deadline_reminders", "--day", DAY.isoformat())
    assert "notified=1" in run("sweep_overdue", "--day", DAY.isoformat())
    assert "notified=1" in run("send_report_reminders", "--now", f"{DAY.isoformat()}T15:00")
    assert "built=1" in run("build_daily_summaries", "--now", f"{DAY.isoformat()}T16:30", "--day", DAY.isoformat())
    assert DailySummary.objects.count() == 1
    assert Notification.objects.count() == 4


def test_job_commands_refuse_a_bad_date_with_a_clear_message():
    with pytest.raises(CommandError, match="日期格式应为"):
        run("send_deadline_reminders", "--day", "11月10日")
