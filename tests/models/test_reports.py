import datetime

import pytest
from django.db import IntegrityError, transaction

from directives.models import DailyReport
from tests.factories import CampaignFactory


def test_daily_report_unique_per_campaign_unit_and_day(unit_a):
    campaign = CampaignFactory(units=[unit_a])
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=datetime.date(2026, 11, 3), is_zero=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyReport.objects.create(campaign=campaign, unit=unit_a, date=datetime.date(2026, 11, 3), text="第二份")
    assert DailyReport.objects.count() == 1


def test_campaign_working_days_follow_chinese_calendar(db):
    # 2026-10-01..07 is the National Day holiday; 2026-10-10 (Saturday) is a make-up working day.
    campaign = CampaignFactory(first_day=datetime.date(2026, 9, 28), last_day=datetime.date(2026, 10, 12), workdays_only=True)
    days = list(campaign.reporting_days())
    assert datetime.date(2026, 10, 1) not in days
    assert datetime.date(2026, 10, 5) not in days
    assert datetime.date(2026, 9, 28) in days
    assert datetime.date(2026, 10, 10) in days  # make-up working day (Saturday)
    assert datetime.date(2026, 10, 11) not in days  # Sunday
    assert datetime.date(2026, 10, 12) in days


def test_campaign_every_day_includes_weekends(db):
    campaign = CampaignFactory(first_day=datetime.date(2026, 11, 7), last_day=datetime.date(2026, 11, 8))
    assert list(campaign.reporting_days()) == [datetime.date(2026, 11, 7), datetime.date(2026, 11, 8)]


def test_campaign_working_days_beyond_the_published_calendar_skip_statutory_holidays(db):
    # 2027's schedule is not published yet: 元旦 (Friday 1 January) is still a day off.
    campaign = CampaignFactory(first_day=datetime.date(2026, 12, 31), last_day=datetime.date(2027, 1, 4), workdays_only=True)
    assert list(campaign.reporting_days()) == [datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)]
