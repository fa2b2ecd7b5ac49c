"""A campaign for unit_a and unit_b with three indicators, and a clock in Asia/Shanghai."""
import datetime
from zoneinfo import ZoneInfo

import pytest

from directives.models import ReportIndicator
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hhmmss: str) -> datetime.datetime:
    """An aware moment in Asia/Shanghai, e.g. at(day, "16:00:01")."""
    return datetime.datetime.combine(day, datetime.time.fromisoformat(hhmmss), tzinfo=SHANGHAI)


@pytest.fixture
def campaign(unit_a, unit_b):
    # 2026-11-02 is a Monday; every day, cutoff 16:00.
    campaign = factories.CampaignFactory(
        first_day=datetime.date(2026, 11, 2), last_day=datetime.date(2026, 11, 30), units=[unit_a, unit_b]
    )
    ReportIndicator.objects.create(
        campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer", required=True, order=1
    )
    ReportIndicator.objects.create(campaign=campaign, code="funds", name="投入资金", kind="decimal", unit_label="万元", order=2)
    ReportIndicator.objects.create(campaign=campaign, code="anomaly", name="异常情况", kind="text", order=3)
    return campaign

