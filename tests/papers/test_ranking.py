"""考核排名 workbook: read back with openpyxl, the same figures as the score board, no formulas."""
import io

from directives.exports.ranking import ranking_workbook_write
from directives.models import ScoreWeights
from directives.selectors.scores import score_board
from tests.exports.conftest import read_workbook
from tests.papers.test_scores import AFTER, NOVEMBER, november  # noqa: F401  (the fixture)


def _workbook():
    out = io.BytesIO()
    ranked = ranking_workbook_write(NOVEMBER, out, now=AFTER)
    return ranked, read_workbook(out.getvalue())


def test_ranking_workbook_lists_scores_and_what_they_are_made_of(november, unit_a, unit_b):  # noqa: F811
    ranked, workbook = _workbook()
    assert ranked == 2
    assert workbook.sheetnames == ["排名", "事项明细", "日报明细"]
    sheet = workbook["排名"]
    assert sheet["A1"].value.startswith("2026年11月督查考核排名")
    assert [c.value for c in sheet[2]][:3] == ["排名", "单位", "综合得分"]
    assert [c.value for c in sheet[3]] == [1, "县卫健委", 55.0, 2, 1, 50.0, 33, 34.0, 2, 1, 50.0, 29, 24, 82.8]
    assert [c.value for c in sheet[4]] == [2, "县交通局", 52.5, 1, 0, 0.0, 0, 100.0, 2, 1, 50.0, 29, 29, 100.0]
    assert "按期办结率×40、逾期得分×20、签收及时率×15、日报及时率×25" in sheet["A5"].value
    tasks = workbook["事项明细"]
    rows = [[c.value for c in row] for row in tasks.iter_rows(min_row=3)]
    by_title = {r[2]: r for r in rows}
    assert set(by_title) == {"A1 按期办结", "A2 逾期3天办结、超时签收", "A3 十月到期仍未办结", "B1 未签收",
                             "B2 11月30日到期未办结"}
    assert by_title["A2 逾期3天办结、超时签收"][6:8] == ["逾期", 3]
    assert by_title["A2 逾期3天办结、超时签收"][11] == "超时签收"
    assert by_title["A3 十月到期仍未办结"][6:8] == [None, 30]
    reports = workbook["日报明细"]
    assert [c.value for c in reports[3]] == ["县卫健委", "冬春火灾防控日报告零报告", 29, 24, 3, 2,
                                             "11月2日、11月3日、11月4日", "11月5日、11月6日"]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


def test_ranking_workbook_follows_the_office_weights(november):  # noqa: F811
    ScoreWeights.objects.create(on_time_weight=0, overdue_weight=0, acceptance_weight=0, report_weight=1)
    _ranked, workbook = _workbook()
    sheet = workbook["排名"]
    assert [sheet["B3"].value, sheet["C3"].value, sheet["B4"].value, sheet["C4"].value] == [
        "县交通局", 100.0, "县卫健委", 82.8]
    assert [u.name for u in score_board(NOVEMBER, now=AFTER).units] == ["县交通局", "县卫健委"]
