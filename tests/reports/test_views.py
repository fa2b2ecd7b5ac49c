import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import DailyReport, DailyReportRevision, ReportIndicator
from directives.services.reports import daily_report_file
from tests import factories


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def live_campaign(unit_a, unit_b, today):
    """A campaign running every day around today, for unit_a and unit_b."""
    campaign = factories.CampaignFactory(
        name="安全生产日报告",
        first_day=today - datetime.timedelta(days=10),
        last_day=today + datetime.timedelta(days=10),
        cutoff=datetime.time(23, 59, 59),
        units=[unit_a, unit_b],
    )
    ReportIndicator.objects.create(campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer", required=True)
    ReportIndicator.objects.create(campaign=campaign, code="anomaly", name="异常情况", kind="text")
    return campaign


@pytest.fixture
def campaign_of_a(unit_a, today):
    """A campaign unit_b is not part of."""
    return factories.CampaignFactory(
        name="仅卫健委日报告",
        first_day=today - datetime.timedelta(days=3),
        last_day=today + datetime.timedelta(days=3),
        units=[unit_a],
    )


def login(client, user):
    client.force_login(user)
    return client


def test_reports_home_shows_todays_form_for_each_campaign_of_the_unit(client, clerk_a, live_campaign, campaign_of_a):
    response = login(client, clerk_a).get(reverse("workspace:reports_home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "安全生产日报告" in body and "仅卫健委日报告" in body
    assert "排查返乡人员数" in body
    assert "零报告" in body


def test_reports_home_hides_campaigns_of_other_units(client, clerk_b, live_campaign, campaign_of_a):
    body = login(client, clerk_b).get(reverse("workspace:reports_home")).content.decode()
    assert "安全生产日报告" in body
    assert "仅卫健委日报告" not in body


def test_reports_file_one_click_zero_report(client, clerk_a, unit_a, live_campaign, today):
    # when the clerk clicks 零报告
    response = login(client, clerk_a).post(
        reverse("workspace:reports_file", args=[live_campaign.pk]), {"action": "zero", "day": today.isoformat()}
    )
    # then a zero report is filed for today, on time
    assert response.status_code == 302
    report = DailyReport.objects.get()
    assert (report.unit, report.date, report.is_zero, report.is_late, report.submitted_by) == (
        unit_a,
        today,
        True,
        False,
        clerk_a,
    )


def test_reports_file_with_values_then_correction(client, clerk_a, live_campaign, today):
    url = reverse("workspace:reports_file", args=[live_campaign.pk])
    prefix = f"c{live_campaign.pk}-"
    login(client, clerk_a)
    client.post(url, {"action": "file", "day": today.isoformat(), prefix + "value_returnees": "3", prefix + "text": "初报"})
    response = client.post(
        url, {"action": "file", "day": today.isoformat(), prefix + "value_returnees": "4", prefix + "text": "更正"}
    )
    assert response.status_code == 302
    report = DailyReport.objects.get()
    assert (report.values, report.text, report.revision_count) == ({"returnees": 4}, "更正", 1)
    assert DailyReportRevision.objects.get().values == {"returnees": 3}


def test_reports_file_bad_input_keeps_what_was_typed(client, clerk_a, live_campaign, today):
    # when the clerk types a non-number and some text
    prefix = f"c{live_campaign.pk}-"
    response = login(client, clerk_a).post(
        reverse("workspace:reports_file", args=[live_campaign.pk]),
        {"action": "file", "day": today.isoformat(), prefix + "value_returnees": "十二", prefix + "text": "一段很长的情况说明"},
    )
    # then the page comes back with a Chinese message and the input kept, nothing filed
    assert response.status_code == 200
    body = response.content.decode()
    assert "排查返乡人员数须填写数字" in body
    assert "十二" in body and "一段很长的情况说明" in body
    assert not DailyReport.objects.exists()


def test_reports_file_refuses_a_future_day(client, clerk_a, live_campaign, today):
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    login(client, clerk_a)
    url = reverse("workspace:reports_file", args=[live_campaign.pk])
    assert client.post(url, {"action": "zero", "day": tomorrow}).status_code == 403
    assert client.get(url, {"day": tomorrow}).status_code == 403
    assert not DailyReport.objects.exists()


def test_reports_file_malformed_day_is_not_found(client, clerk_a, live_campaign):
    response = login(client, clerk_a).post(
        reverse("workspace:reports_file", args=[live_campaign.pk]), {"action": "zero", "day": "2026-13-45"}
    )
    assert response.status_code == 404


def test_reports_file_late_filing_for_a_past_day(client, clerk_a, live_campaign, today):
    yesterday = today - datetime.timedelta(days=1)
    response = login(client, clerk_a).post(
        reverse("workspace:reports_file", args=[live_campaign.pk]), {"action": "zero", "day": yesterday.isoformat()}
    )
    assert response.status_code == 302
    assert DailyReport.objects.get(date=yesterday).is_late is True


@pytest.mark.parametrize(
    ("name", "method"),
    [("reports_file", "get"), ("reports_file", "post"), ("reports_history", "get")],
)
def test_unit_pages_of_another_units_campaign_are_not_found(client, clerk_b, campaign_of_a, today, name, method):
    # given clerk_b, whose unit is not in campaign_of_a
    url = reverse(f"workspace:{name}", args=[campaign_of_a.pk])
    # when they open or post to it
    response = getattr(login(client, clerk_b), method)(url, {"action": "zero", "day": today.isoformat()})
    # then it does not exist for them, and nothing was filed
    assert response.status_code == 404
    assert not DailyReport.objects.exists()


def test_reports_file_always_files_for_the_users_own_unit(client, clerk_b, unit_b, live_campaign, today):
    # a unit field smuggled into the post is ignored: the unit is the clerk's
    login(client, clerk_b).post(
        reverse("workspace:reports_file", args=[live_campaign.pk]),
        {"action": "zero", "day": today.isoformat(), "unit": live_campaign.units.exclude(pk=unit_b.pk).get().pk},
    )
    assert DailyReport.objects.get().unit == unit_b


@pytest.mark.parametrize("name", ["reports_file", "reports_history"])
def test_unit_pages_refuse_office_and_leaders(client, office_user, leader_user, live_campaign, name):
    for user in (office_user, leader_user):
        client.force_login(user)
        assert client.get(reverse(f"workspace:{name}", args=[live_campaign.pk])).status_code == 403


def test_reports_history_lists_the_units_own_days(client, clerk_a, unit_a, unit_b, live_campaign, today, clerk_b):
    yesterday = today - datetime.timedelta(days=1)
    daily_report_file(campaign=live_campaign, unit=unit_a, user=clerk_a, day=yesterday, is_zero=False,
                      values={"returnees": 17}, text="卫健委的情况")
    daily_report_file(campaign=live_campaign, unit=unit_b, user=clerk_b, day=yesterday, is_zero=False,
                      values={"returnees": 99}, text="交通局的情况")
    body = login(client, clerk_a).get(reverse("workspace:reports_history", args=[live_campaign.pk])).content.decode()
    assert "卫健委的情况" in body
    assert "交通局的情况" not in body
    assert "state-missing" in body  # the ten earlier days are missing


@pytest.mark.parametrize(
    "name", ["reports_campaigns", "reports_matrix", "reports_day"],
)
def test_office_pages_refuse_clerks(client, clerk_a, live_campaign, today, name):
    args = {"reports_campaigns": [], "reports_matrix": [live_campaign.pk], "reports_day": [live_campaign.pk, today.isoformat()]}
    response = login(client, clerk_a).get(reverse(f"workspace:{name}", args=args[name]))
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["office", "leader"])
def test_office_pages_open_for_office_and_leaders(client, office_user, leader_user, live_campaign, today, role):
    user = office_user if role == "office" else leader_user
    login(client, user)
    assert client.get(reverse("workspace:reports_home")).status_code == 302
    for url in (
        reverse("workspace:reports_campaigns"),
        reverse("workspace:reports_matrix", args=[live_campaign.pk]),
        reverse("workspace:reports_day", args=[live_campaign.pk, today.isoformat()]),
    ):
        assert client.get(url).status_code == 200, url


def test_reports_matrix_shows_missing_and_zero(client, office_user, clerk_a, unit_a, live_campaign, today):
    yesterday = today - datetime.timedelta(days=1)
    noon = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(12, 0)))
    daily_report_file(campaign=live_campaign, unit=unit_a, user=clerk_a, day=yesterday, is_zero=True, now=noon)
    response = login(client, office_user).get(
        reverse("workspace:reports_matrix", args=[live_campaign.pk]),
        {"start": (today - datetime.timedelta(days=1)).isoformat(), "end": (today - datetime.timedelta(days=1)).isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [(row.name, row.cells) for row in matrix.member_rows()] == [("县卫健委", ["zero"]), ("县交通局", ["missing"])]
    assert "50.0" in body  # overall reporting rate 1 of 2


def test_reports_matrix_rejects_a_reversed_range_with_a_message(client, office_user, live_campaign, today):
    response = login(client, office_user).get(
        reverse("workspace:reports_matrix", args=[live_campaign.pk]),
        {"start": today.isoformat(), "end": (today - datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_reports_day_shows_sums_and_texts(client, office_user, clerk_a, clerk_b, unit_a, unit_b, live_campaign, today):
    daily_report_file(campaign=live_campaign, unit=unit_a, user=clerk_a, day=today, is_zero=False,
                      values={"returnees": 3, "anomaly": "发现隐患一处"}, text="已整改")
    daily_report_file(campaign=live_campaign, unit=unit_b, user=clerk_b, day=today, is_zero=False, values={"returnees": 4})
    response = login(client, office_user).get(reverse("workspace:reports_day", args=[live_campaign.pk, today.isoformat()]))
    body = response.content.decode()
    assert response.context["summary"].indicator_totals[0].total == 7
    assert "发现隐患一处" in body and "已整改" in body


# Queries per page: session, user, membership, the notification count (context processor) and
# the unit shown in the top bar, plus the page's own fixed reads.
PAGE_QUERIES = {
    "reports_campaigns": 6,  # + campaigns with counts
    "reports_matrix": 12,  # + campaign, branch paths, units, reports, ancestors, missing today, branch choices
    "reports_day": 10,  # + campaign, units, reports, indicators, the kept summary
    "reports_home": 8,  # + campaigns, indicators, today's reports
    "reports_history": 8,  # + campaign, reports, indicators
    "reports_file": 8,  # + campaign, indicators, the day's report
}


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_reports_pages_query_count_is_pinned_and_does_not_grow(
    client, office_user, clerk_a, unit_a, county, live_campaign, today, name, django_assert_num_queries
):
    # given 30 more units in the campaign and ten days of reports from each, and from unit_a
    units = [factories.UnitFactory(name=f"乡镇{i}", kind="township", parent=county) for i in range(30)]
    live_campaign.units.add(*units)
    DailyReport.objects.bulk_create(
        DailyReport(campaign=live_campaign, unit=u, date=today - datetime.timedelta(days=d), is_zero=d % 2 == 0,
                    values={} if d % 2 == 0 else {"returnees": d}, text="" if d % 2 == 0 else "情况")
        for u in [unit_a, *units]
        for d in range(10)
    )
    office_page = name in ("reports_campaigns", "reports_matrix", "reports_day")
    client.force_login(office_user if office_page else clerk_a)
    args = {"reports_campaigns": [], "reports_home": [], "reports_day": [live_campaign.pk, today.isoformat()]}.get(
        name, [live_campaign.pk]
    )
    url = reverse(f"workspace:{name}", args=args)
    # when the page is shown, then it runs its pinned number of queries
    with django_assert_num_queries(PAGE_QUERIES[name]):
        assert client.get(url).status_code == 200


def test_reports_day_shows_the_kept_summary_when_late_reports_changed_the_figures(client, office_user, unit_a, unit_b):
    # given a day whose summary was kept with one unit missing, and a late report filed afterwards
    import datetime as _dt

    from directives.models import DailyReport, DailySummary
    from tests.factories import CampaignFactory

    day = _dt.date(2026, 11, 3)
    campaign = CampaignFactory(first_day=day, last_day=day, units=[unit_a, unit_b])
    DailySummary.objects.create(campaign=campaign, date=day, expected=2, received=1, on_time=1, late=0, zero=0)
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, is_zero=True)
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=day, is_zero=True, is_late=True)
    client.force_login(office_user)
    # when
    page = client.get(f"/workspace/reports/campaigns/{campaign.pk}/{day:%Y-%m-%d}/").content.decode()
    # then
    assert "存档" in page and "当时应报 2,已报 1" in page
