"""The daily-report matrix workbook, read back with openpyxl."""
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from directives.exports import styles
from directives.exports.report_matrix import report_matrix_workbook_write
from directives.models import DailyReport, ReportIndicator
from tests import factories

NOW = datetime.datetime(2026, 11, 5, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # after Thursday's cutoff


@pytest.fixture
def matrix_campaign(unit_a, unit_b):
    campaign = factories.CampaignFactory(
        first_day=datetime.date(2026, 11, 2), last_day=datetime.date(2026, 11, 30), units=[unit_a, unit_b]
    )
    ReportIndicator.objects.create(campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer", order=1)
    day = datetime.date(2026, 11, 2)
    # unit_a: on time, late, zero, missing; unit_b: zero late on the 2nd, then nothing
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, values={"returnees": 3})
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day + datetime.timedelta(1), is_late=True,
                               values={"returnees": 2})
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day + datetime.timedelta(2), is_zero=True)
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=day, is_zero=True, is_late=True)
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=day + datetime.timedelta(3),
                               values={"returnees": 7})
    return campaign


def export(campaign, start=datetime.date(2026, 11, 2), end=datetime.date(2026, 11, 6)):
    out = io.BytesIO()
    rows = report_matrix_workbook_write(campaign, start, end, out, now=NOW)
    return rows, out.getvalue()


def unit_rows(ws):
    return {row[0].value.strip(): row for row in ws.iter_rows(min_row=3) if row[0].value and
            row[0].value.strip() in ("县卫健委", "县交通局", "合计")}


def test_matrix_has_units_by_days_with_the_page_states(matrix_campaign, read_xlsx):
    # when the first five days are exported on Thursday evening
    _, content = export(matrix_campaign)
    workbook = read_xlsx(content)
    ws = workbook["报送情况"]
    # then the header lists the figures and each day, and each cell the day's state with its colour
    headers = [c.value for c in ws[2]]
    assert headers[:8] == ["单位", "上报率", "及时率", "应报", "已报", "迟报", "零报告", "缺报"]
    assert headers[8:] == ["11/2\n一", "11/3\n二", "11/4\n三", "11/5\n四", "11/6\n五"]
    rows = unit_rows(ws)
    a = [c.value for c in rows["县卫健委"]]
    assert a[8:] == ["✓", "迟", "0", "✗", "…"]
    assert rows["县卫健委"][11].fill.fgColor.rgb == styles.STATE_FILLS["missing"]
    assert rows["县卫健委"][8].fill.fgColor.rgb == styles.STATE_FILLS["on_time"]
    b = [c.value for c in rows["县交通局"]]
    assert b[8:] == ["0迟", "✗", "✗", "✓", "…"]


def test_matrix_rates_per_unit_and_total(matrix_campaign, read_xlsx):
    # when exported
    _, content = export(matrix_campaign)
    rows = unit_rows(read_xlsx(content)["报送情况"])
    # then unit_a: 4 expected (the 6th is pending), 3 received, 2 on time (on time + zero), 1 late, 1 zero, 1 missing
    assert [c.value for c in rows["县卫健委"][1:8]] == [75.0, 50.0, 4, 3, 1, 1, 1]
    assert rows["县卫健委"][1].number_format == styles.PERCENT_FORMAT
    assert [c.value for c in rows["县交通局"][1:8]] == [50.0, 25.0, 4, 2, 1, 1, 2]
    assert [c.value for c in rows["合计"][3:8]] == [8, 5, 2, 2, 3]
    assert rows["合计"][8].value == "2/2"


def test_matrix_is_ready_to_print(matrix_campaign, read_xlsx):
    # when exported
    _, content = export(matrix_campaign)
    ws = read_xlsx(content)["报送情况"]
    # then names and figures stay in view, A4 landscape one page wide, header repeated
    assert ws.freeze_panes == "I3"
    assert ws.auto_filter.ref.startswith("A2:M")
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows == "$1:$2"


def test_matrix_day_summary_sheet(matrix_campaign, read_xlsx):
    # when exported up to the 5th
    _, content = export(matrix_campaign, end=datetime.date(2026, 11, 5))
    ws = read_xlsx(content)["当日汇总"]
    values = {row[0].value: row for row in ws.iter_rows(min_row=3) if row[0].value}
    # then the day's figures, missing units and indicator totals
    assert ws["A1"].value.startswith(f"{matrix_campaign.name} 2026-11-05汇总")
    assert values["应报单位"][2].value == 2
    assert values["已报单位"][2].value == 1
    assert values["缺报"][2].value == 1
    assert values["缺报单位"][1].value == "县卫健委"
    assert values["排查返乡人员数合计"][2].value == 7



def test_matrix_query_count_is_fixed(matrix_campaign, django_assert_num_queries):
    # matrix: units, reports, ancestors; day summary: units, reports, indicators
    with django_assert_num_queries(6):
        export(matrix_campaign)


def test_matrix_branch_rows_show_rates_as_percentages(matrix_campaign, county, read_xlsx):
    # when exported, the county row groups its two units
    _, content = export(matrix_campaign)
    ws = read_xlsx(content)["报送情况"]
    county_row = next(row for row in ws.iter_rows(min_row=3) if (row[0].value or "").strip() == county.short_name)
    # then its rates read like the units' (62.5%), in the branch row's style
    assert county_row[1].value == 62.5
    assert county_row[1].number_format == styles.PERCENT_FORMAT
    assert county_row[3].number_format == "0"
    assert county_row[1].font.b
