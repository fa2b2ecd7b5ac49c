"""The 通报 (bulletin) workbook, read back with openpyxl."""
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from directives.exports import styles
from directives.exports.bulletin import bulletin_workbook_write
from directives.models import DailyReport
from tests import factories

NOW = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


@pytest.fixture
def bulletin_data(ledger_tasks, unit_a, unit_b):
    """unit_a: one overdue task, every report filed; unit_b: no overdue task, reports missed and late."""
    campaign = factories.CampaignFactory(
        first_day=datetime.date(2026, 11, 16), last_day=datetime.date(2026, 11, 30), units=[unit_a, unit_b]
    )
    for offset in range(5):  # 16th–20th
        day = datetime.date(2026, 11, 16) + datetime.timedelta(offset)
        DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, is_zero=True)
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=datetime.date(2026, 11, 16), is_late=True)
    return campaign


def export():
    out = io.BytesIO()
    units = bulletin_workbook_write(START, END, out, now=NOW)
    return units, out.getvalue()


def test_bulletin_ranks_units_worst_first(bulletin_data, read_xlsx):
    # when the November bulletin is exported on the 20th
    units, content = export()
    workbook = read_xlsx(content)
    ws = workbook["通报"]
    # then both units are ranked: unit_a first (an overdue task), unit_b next (3 missed, 1 late)
    assert workbook.sheetnames == ["通报", "逾期事项", "缺报迟报"]
    assert ws["A1"].value == "督查通报(2026年11月1日至2026年11月30日,截至2026-11-20 18:00)"
    assert [c.value for c in ws[2]] == ["排名", "单位", "逾期事项(件)", "最长逾期(天)", "应报(次)", "缺报(次)",
                                        "迟报(次)", "上报率", "超时未签收(件)"]
    assert units == 2
    assert [c.value for c in ws[3]] == [1, "县卫健委", 1, 10, 5, 0, 0, 100.0, None]
    assert [c.value for c in ws[4]] == [2, "县交通局", 0, None, 5, 4, 1, 20.0, None]
    assert ws["B3"].fill.fgColor.rgb == styles.OVERDUE_FILL
    assert ws["A5"].value.startswith("本期共有逾期事项1件,缺报4次,迟报1次")


def test_bulletin_lists_overdue_tasks_and_report_gaps(bulletin_data, ledger_tasks, read_xlsx):
    # when exported
    _, content = export()
    workbook = read_xlsx(content)
    overdue = [[c.value for c in row] for row in workbook["逾期事项"].iter_rows(min_row=3)]
    gaps = [[c.value for c in row] for row in workbook["缺报迟报"].iter_rows(min_row=3)]
    # then the overdue task with its real date and days, and unit_b's missed and late days
    task = ledger_tasks["overdue"]
    assert overdue == [[1, "县卫健委", task.tracking_number, task.title, datetime.datetime(2026, 11, 10), "办理中", 10,
                        task.latest_progress]]
    assert workbook["逾期事项"]["E3"].number_format == "yyyy-mm-dd"
    assert gaps == [["县交通局", bulletin_data.name, 4, "11月17日、11月18日、11月19日、11月20日", 1, "11月16日"]]


def test_bulletin_of_a_quiet_period_says_so(db, read_xlsx):
    # when nothing was overdue or missed
    units, content = export()
    workbook = read_xlsx(content)
    # then each sheet says so
    assert units == 0
    assert workbook["通报"]["A3"].value == "本期没有逾期事项,也没有缺报、迟报。"
    assert workbook["逾期事项"]["A3"].value == "本期没有逾期事项。"


def test_bulletin_query_count_is_fixed(bulletin_data, django_assert_num_queries):
    # 1 overdue tasks, 1 超时未签收, 1 campaigns, 3 for the campaign's matrix and units
    with django_assert_num_queries(6):
        export()
