"""The leader's overview (领导驾驶舱): figures by unit, meeting and day, the ranking, 分管领导, downloads, query count."""
import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from directives.selectors import overview as selectors
from tests import factories
from tests.factories import make_task
from tests.overview.conftest import days_ago

pytestmark = pytest.mark.django_db


def rows_by_name(ov):
    return {row.unit.name: row for row in ov.units}


def test_unit_figures_roll_villages_up_and_rate_completion_and_on_time_closure(leader_user, county_figures):
    # when
    ov = selectors.overview(leader_user)
    rows = rows_by_name(ov)
    # then: the office is no row; the village's task counts for its township
    assert set(rows) == {"县卫生健康委员会", "县交通运输局", "青石镇"}
    a = rows["县卫生健康委员会"]
    assert (a.total, a.closed, a.closed_on_time, a.closed_late, a.open_overdue) == (4, 2, 1, 1, 1)
    assert a.completion_rate == 50.0
    assert a.on_time_rate == 33.3  # 1 on time of 3 decided (2 closed + 1 overdue); the task not yet due is not counted
    assert a.overdue_days == 4
    town = rows["青石镇"]
    assert (town.total, town.open_overdue, town.overdue_days, town.on_time_rate) == (1, 1, 10, 0.0)
    assert rows["县交通运输局"].on_time_rate == 100.0


def test_report_timeliness_counts_days_up_to_yesterday(leader_user, county_figures):
    rows = rows_by_name(selectors.overview(leader_user))
    a, town = rows["县卫生健康委员会"], rows["青石镇"]
    assert (a.reports_owed, a.reports_received, a.reports_on_time, a.report_timeliness) == (3, 3, 3, 100.0)
    assert (town.reports_owed, town.reports_received, town.reports_on_time) == (3, 2, 1)
    assert town.report_timeliness == 33.3
    assert rows["县交通运输局"].reports_owed == 0


def test_ranking_weighs_on_time_closure_timeliness_and_overdue_days(leader_user, county_figures):
    ov = selectors.overview(leader_user)
    ranked = [(row.rank, row.unit.name, row.score) for row in ov.ranking]
    # unit B: 100 on time, no campaign (its weight left out), no overdue days -> 100
    # unit A: (50×33.3 + 30×100 + 20×60) / 100 = 58.65; the township: (50×0 + 30×33.3 + 20×0) / 100 = 10.0
    assert [name for _rank, name, _score in ranked] == ["县交通运输局", "县卫生健康委员会", "青石镇"]
    assert [rank for rank, _name, _score in ranked] == [1, 2, 3]
    assert ranked[0][2] == 100.0
    assert ranked[1][2] == pytest.approx(58.6, abs=0.11)
    assert ranked[2][2] == 10.0


def test_overdue_history_rebuilds_each_day_from_deadlines_and_closing_times(leader_user, county_figures):
    history = {d.date: d.count for d in selectors.overview(leader_user).overdue}
    assert len(history) == selectors.OVERDUE_HISTORY_DAYS
    assert history[days_ago(0)] == 2  # A's overdue task and the village's
    assert history[days_ago(3)] == 3  # and A's late task, closed two days ago
    assert history[days_ago(5)] == 2  # the village's and A's late task; A's other deadline was not yet past
    assert history[days_ago(12)] == 0


def test_meetings_progress_counts_each_state(leader_user, county_figures, meeting):
    (figures,) = selectors.overview(leader_user).meetings
    assert figures.meeting == meeting
    assert (figures.assigned, figures.working, figures.close_requested, figures.closed, figures.overdue) == (1, 1, 0, 2, 2)
    assert figures.completion_rate == 50.0


def test_campaign_days_give_reporting_rate_and_timeliness(leader_user, county_figures):
    (campaign,) = selectors.overview(leader_user).campaigns
    by_day = {d.date: d for d in campaign.days}
    day = by_day[days_ago(3)]
    assert (day.expected, day.received, day.on_time, day.reporting_rate, day.timeliness) == (2, 2, 1, 100.0, 50.0)
    assert by_day[days_ago(1)].reporting_rate == 50.0


def test_leader_with_overseen_units_sees_only_their_branches(client, county, township, county_figures):
    # given a 分管领导 of the township
    leader = factories.UserFactory(username="fenguan", membership__unit=county, membership__role="leader")
    leader.membership.overseen_units.set([township])
    # when
    ov = selectors.overview(leader)
    # then
    assert [row.unit.name for row in ov.units] == ["青石镇"]
    assert ov.totals.total == 1
    assert ov.campaigns[0].units == 1  # only the village reports in the township's branch
    assert len(selectors.overview(leader, everything=True).units) == 3
    # and the page says so, with a way to the whole county
    client.force_login(leader)
    page = client.get(reverse("workspace:overview")).content.decode()
    assert "分管单位" in page and "青石镇" in page and "?all=1" in page


def test_overseeing_leaders_task_list_defaults_to_their_units(client, county, township, unit_a, county_figures):
    leader = factories.UserFactory(username="fenguan", membership__unit=county, membership__role="leader")
    leader.membership.overseen_units.set([township])
    client.force_login(leader)
    url = reverse("workspace:task_list")
    assert client.get(url).context["table"].page.paginator.count == 1
    assert client.get(url, {"all": "1"}).context["table"].page.paginator.count == 6


def test_overview_page_draws_svg_charts_without_any_external_resource(client, leader_user, county_figures):
    client.force_login(leader_user)
    response = client.get(reverse("workspace:overview"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") >= 4
    assert "http://www.w3.org/2000/svg" in page
    for external in ("cdn", "https://", "<script src=\"http"):
        assert external not in page.replace("http://www.w3.org/2000/svg", "")
    assert "综合得分" in page and "按期办结率×50%" in page


def test_leader_home_is_the_overview_office_keeps_its_dashboard(client, leader_user, office_user):
    client.force_login(leader_user)
    assert client.get(reverse("workspace:home")).url == reverse("workspace:overview")
    client.force_login(office_user)
    assert client.get(reverse("workspace:home")).status_code == 200
    assert client.get(reverse("workspace:overview")).status_code == 200


def test_clerks_may_not_open_the_overview_or_its_data(client, clerk_a, county_figures):
    client.force_login(clerk_a)
    assert client.get(reverse("workspace:overview")).status_code == 403
    assert client.get(reverse("workspace:overview_data", args=["units", "csv"])).status_code == 403


@pytest.mark.parametrize("chart", ["units", "meetings", "overdue", "reports", "ranking"])
def test_figures_behind_each_chart_download_as_csv_and_xlsx(client, leader_user, county_figures, chart):
    client.force_login(leader_user)
    csv_response = client.get(reverse("workspace:overview_data", args=[chart, "csv"]))
    assert csv_response.status_code == 200
    assert "attachment" in csv_response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    xlsx_response = client.get(reverse("workspace:overview_data", args=[chart, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c.value for c in sheet[2]] == rows[0]  # same headers, under the title row
    assert len(rows) > 1
    assert sheet.max_row >= len(rows) + 1


def test_ranking_download_holds_every_unit_and_the_note(client, leader_user, county_figures):
    client.force_login(leader_user)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("workspace:overview_data", args=["ranking", "xlsx"])).content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[:2] for row in values[:3]] == [[1, "县交通局"], [2, "县卫健委"], [3, "青石镇"]]
    assert "综合得分" in values[3][0]


def test_unknown_chart_or_format_is_404(client, leader_user):
    client.force_login(leader_user)
    assert client.get(reverse("workspace:overview_data", args=["secrets", "csv"])).status_code == 404
    assert client.get(reverse("workspace:overview_data", args=["units", "pdf"])).status_code == 404


def test_hostile_unit_name_is_text_in_downloads(client, leader_user, county):
    evil = factories.UnitFactory(name="=HYPERLINK(\"http://x\")", short_name="=cmd|' /c calc'!A1", kind="department", parent=county)
    make_task(lead_unit=evil, deadline=days_ago(1))
    client.force_login(leader_user)
    rows = list(csv.reader(io.StringIO(client.get(reverse("workspace:overview_data", args=["units", "csv"])).content.decode("utf-8-sig"))))
    assert rows[1][0].startswith("'=")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("workspace:overview_data", args=["units", "xlsx"])).content)).active
    assert sheet["A3"].data_type == "s" and sheet["A3"].value.startswith("=")


def test_overseeing_leaders_ledger_export_holds_what_their_list_shows(client, county, township, county_figures):
    leader = factories.UserFactory(username="fenguan", membership__unit=county, membership__role="leader")
    leader.membership.overseen_units.set([township])
    client.force_login(leader)

    def exported_rows(params):
        response = client.get(reverse("workspace:export_ledger"), params)
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] and str(row[0]).isdigit()]

    assert len(exported_rows({})) == 1
    assert len(exported_rows({"all": "1"})) == 6


def test_overview_of_an_empty_county_says_so_and_downloads_headers_only(client, leader_user):
    client.force_login(leader_user)
    page = client.get(reverse("workspace:overview")).content.decode()
    assert "暂无交办事项" in page and "没有进行中的日报告" in page and "暂无可排名的单位" in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("workspace:overview_data", args=["ranking", "csv"])).content.decode("utf-8-sig"))))
    assert rows == [["排名", "单位", "综合得分", "按期办结率(%)", "逾期未办结", "逾期天数", "日报应报", "日报按时", "日报及时率(%)"]]


def test_overview_in_english(client, leader_user, county_figures):
    client.force_login(leader_user)
    page = client.get(reverse("workspace:overview"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Leader&#x27;s overview" in page or "Leader's overview" in page
    assert "Ranking of units" in page and "Score (out of 100)" in page


def test_overseeing_leader_opens_a_campaign_matrix_on_their_unit(client, county, township, village, county_figures):
    _tasks, campaign = county_figures
    leader = factories.UserFactory(username="fenguan", membership__unit=county, membership__role="leader")
    leader.membership.overseen_units.set([township])
    client.force_login(leader)
    url = reverse("workspace:reports_matrix", args=[campaign.pk])
    member_rows = [r.name for r in client.get(url).context["matrix"].rows if r.is_member]
    assert member_rows == ["青石镇东村"]
    everyone = [r.name for r in client.get(url, {"branch": ""}).context["matrix"].rows if r.is_member]
    assert len(everyone) == 2
