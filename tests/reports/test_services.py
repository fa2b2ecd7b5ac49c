import datetime

import pytest

from directives.models import DailyReport, DailyReportRevision
from directives.services.reports import ReportFilingError, daily_report_file
from tests import factories
from tests.reports.conftest import at

DAY = datetime.date(2026, 11, 3)  # a Tuesday inside the campaign


def file(campaign, unit, user, *, day=DAY, now=None, is_zero=False, values=None, text=""):
    return daily_report_file(
        campaign=campaign,
        unit=unit,
        user=user,
        day=day,
        is_zero=is_zero,
        values=values,
        text=text,
        now=now or at(day, "10:00:00"),
    )


@pytest.mark.parametrize(
    ("moment", "late"),
    [("15:59:59", False), ("16:00:00", False), ("16:00:01", True)],
)
def test_daily_report_file_is_late_only_after_the_cutoff(campaign, unit_a, clerk_a, moment, late):
    # given a campaign with a 16:00 cutoff (Asia/Shanghai)
    # when the clerk files at the given moment
    report = file(campaign, unit_a, clerk_a, is_zero=True, now=at(DAY, moment))
    # then
    assert report.is_late is late
    assert DailyReport.objects.get().is_late is late


def test_daily_report_file_for_yesterday_is_late(campaign, unit_a, clerk_a):
    report = file(campaign, unit_a, clerk_a, is_zero=True, now=at(DAY + datetime.timedelta(days=1), "09:00:00"))
    assert report.is_late is True


def test_daily_report_file_zero_report_is_a_filing(campaign, unit_a, clerk_a):
    report = file(campaign, unit_a, clerk_a, is_zero=True)
    assert report.is_zero is True
    assert report.values == {} and report.text == ""
    assert report.submitted_by == clerk_a
    assert report.submitted_at == at(DAY, "10:00:00")


def test_daily_report_file_zero_report_refuses_values_or_text(campaign, unit_a, clerk_a):
    with pytest.raises(ReportFilingError, match="零报告"):
        file(campaign, unit_a, clerk_a, is_zero=True, values={"returnees": 3})
    with pytest.raises(ReportFilingError, match="零报告"):
        file(campaign, unit_a, clerk_a, is_zero=True, text="有情况")
    assert not DailyReport.objects.exists()


def test_daily_report_file_stores_typed_values(campaign, unit_a, clerk_a):
    report = file(
        campaign,
        unit_a,
        clerk_a,
        values={"returnees": "1,203", "funds": "12.50", "anomaly": " 发现一处隐患 "},
        text="已整改",
    )
    report.refresh_from_db()
    assert report.values == {"returnees": 1203, "funds": "12.5", "anomaly": "发现一处隐患"}
    assert report.text == "已整改"


def test_daily_report_file_requires_required_indicators(campaign, unit_a, clerk_a):
    with pytest.raises(ReportFilingError) as caught:
        file(campaign, unit_a, clerk_a, values={"funds": "3"}, text="情况")
    assert "请填写排查返乡人员数" in caught.value.message_dict["returnees"][0]
    assert not DailyReport.objects.exists()


@pytest.mark.parametrize(
    ("values", "code", "message"),
    [
        ({"returnees": "3.5"}, "returnees", "整数"),
        ({"returnees": "三"}, "returnees", "数字"),
        ({"returnees": "-1"}, "returnees", "负数"),
        ({"returnees": True}, "returnees", "数字"),
        ({"returnees": 1, "funds": "abc"}, "funds", "数字"),
        ({"returnees": 1, "funds": "NaN"}, "funds", "数字"),
    ],
)
def test_daily_report_file_refuses_mistyped_values(campaign, unit_a, clerk_a, values, code, message):
    with pytest.raises(ReportFilingError) as caught:
        file(campaign, unit_a, clerk_a, values=values)
    assert message in caught.value.message_dict[code][0]


def test_daily_report_file_refuses_unknown_indicator(campaign, unit_a, clerk_a):
    with pytest.raises(ReportFilingError, match="未知的指标"):
        file(campaign, unit_a, clerk_a, values={"returnees": 1, "bogus": 2})


def test_daily_report_file_refuses_an_empty_non_zero_report(unit_a, clerk_a):
    campaign = factories.CampaignFactory(units=[unit_a])  # no indicators
    with pytest.raises(ReportFilingError, match="零报告"):
        file(campaign, unit_a, clerk_a, text="  ")


def test_daily_report_file_refuses_a_future_day(campaign, unit_a, clerk_a):
    with pytest.raises(ReportFilingError, match="未来"):
        file(campaign, unit_a, clerk_a, day=DAY + datetime.timedelta(days=1), now=at(DAY, "23:59:59"), is_zero=True)
    assert not DailyReport.objects.exists()


def test_daily_report_file_refuses_another_units_clerk(campaign, unit_a, clerk_b):
    with pytest.raises(ReportFilingError, match="只有本单位"):
        file(campaign, unit_a, clerk_b, is_zero=True)
    assert not DailyReport.objects.exists()


def test_daily_report_file_refuses_office_and_leader(campaign, unit_a, office_user, leader_user):
    for user in (office_user, leader_user):
        with pytest.raises(ReportFilingError, match="只有本单位"):
            file(campaign, unit_a, user, is_zero=True)


def test_daily_report_file_refuses_a_unit_outside_the_campaign(campaign, county):
    other = factories.UnitFactory(name="县教育局", parent=county)
    clerk = factories.UserFactory(username="clerk_edu", membership__unit=other, membership__role="clerk")
    with pytest.raises(ReportFilingError, match="不在"):
        file(campaign, other, clerk, is_zero=True)


def test_daily_report_file_refuses_a_day_outside_the_campaign(campaign, unit_a, clerk_a):
    day = datetime.date(2026, 12, 1)
    with pytest.raises(ReportFilingError, match="不是"):
        file(campaign, unit_a, clerk_a, day=day, is_zero=True)


def test_daily_report_file_refuses_an_inactive_campaign(campaign, unit_a, clerk_a):
    campaign.is_active = False
    campaign.save()
    with pytest.raises(ReportFilingError, match="停用"):
        file(campaign, unit_a, clerk_a, is_zero=True)


@pytest.mark.parametrize(
    ("day", "reporting"),
    [
        (datetime.date(2026, 10, 1), False),  # National Day holiday (Thursday)
        (datetime.date(2026, 10, 9), True),  # Friday after the holiday
        (datetime.date(2026, 10, 10), True),  # make-up working day (调休, Saturday)
        (datetime.date(2026, 10, 11), False),  # Sunday
        (datetime.date(2026, 10, 17), False),  # ordinary Saturday
    ],
)
def test_daily_report_file_follows_working_days(unit_a, clerk_a, day, reporting):
    # given a working-days-only campaign over the 2026 National Day holiday
    campaign = factories.CampaignFactory(
        first_day=datetime.date(2026, 9, 28), last_day=datetime.date(2026, 10, 31), workdays_only=True, units=[unit_a]
    )
    # when the clerk files a zero report that day
    if reporting:
        assert file(campaign, unit_a, clerk_a, day=day, is_zero=True).pk
    else:
        with pytest.raises(ReportFilingError, match="不是"):
            file(campaign, unit_a, clerk_a, day=day, is_zero=True)


def test_daily_report_file_correction_keeps_the_earlier_version(campaign, unit_a, clerk_a, head_a):
    # given an on-time report
    first = file(campaign, unit_a, clerk_a, values={"returnees": 4}, text="初报", now=at(DAY, "15:00:00"))
    # when the head corrects it after the cutoff
    corrected = file(campaign, unit_a, head_a, values={"returnees": 5}, text="更正", now=at(DAY, "17:30:00"))
    # then one report with the new content, still on time, and the old version kept
    assert corrected.pk == first.pk
    report = DailyReport.objects.get()
    assert (report.values, report.text, report.submitted_by, report.is_late) == ({"returnees": 5}, "更正", head_a, False)
    assert report.submitted_at == at(DAY, "17:30:00")
    assert report.revision_count == 1
    revision = DailyReportRevision.objects.get()
    assert (revision.values, revision.text, revision.submitted_by) == ({"returnees": 4}, "初报", clerk_a)
    assert revision.submitted_at == at(DAY, "15:00:00")
    assert revision.replaced_at == at(DAY, "17:30:00")


def test_daily_report_file_correction_keeps_lateness_of_a_late_first_filing(campaign, unit_a, clerk_a):
    file(campaign, unit_a, clerk_a, is_zero=True, now=at(DAY, "16:30:00"))
    report = file(campaign, unit_a, clerk_a, values={"returnees": 1}, now=at(DAY, "17:00:00"))
    assert report.is_late is True
    assert report.is_zero is False


def test_daily_report_file_zero_to_figures_and_back(campaign, unit_a, clerk_a):
    file(campaign, unit_a, clerk_a, is_zero=True)
    file(campaign, unit_a, clerk_a, values={"returnees": 2})
    report = file(campaign, unit_a, clerk_a, is_zero=True)
    assert report.is_zero is True and report.values == {}
    assert report.revision_count == 2
    assert [r.is_zero for r in DailyReportRevision.objects.order_by("submitted_at", "id")] == [True, False]


def test_daily_report_file_same_content_twice_is_one_report_without_revision(campaign, unit_a, clerk_a):
    file(campaign, unit_a, clerk_a, is_zero=True, now=at(DAY, "10:00:00"))
    report = file(campaign, unit_a, clerk_a, is_zero=True, now=at(DAY, "10:00:01"))
    assert DailyReport.objects.count() == 1
    assert report.revision_count == 0
    assert not DailyReportRevision.objects.exists()
