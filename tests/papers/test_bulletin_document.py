"""The written 督查通报: the same figures and ranking as the bulletin workbook, read back with python-docx."""
import datetime
import io

from django.utils import timezone

from directives.models import DailyReport, Task
from directives.papers.bulletin import bulletin_document_write
from directives.selectors.bulletins import bulletin_build
from tests import factories
from tests.exports.conftest import ledger_tasks  # noqa: F401  (the fixture)
from tests.papers.conftest import document_text, read_document

AS_OF = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))
START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def test_bulletin_document_names_overdue_units_missed_reports_and_ranking(ledger_tasks, unit_a, unit_b):  # noqa: F811
    # given an overdue task of 县卫健委 (deadline 10 November) and a campaign 县交通局 missed twice
    campaign = factories.CampaignFactory(units=[unit_a, unit_b], first_day=datetime.date(2026, 11, 16),
                                         last_day=datetime.date(2026, 11, 30))
    for day in (16, 17, 18, 19):
        date = datetime.date(2026, 11, day)
        DailyReport.objects.create(campaign=campaign, unit=unit_a, date=date, is_zero=True,
                                   submitted_at=timezone.make_aware(datetime.datetime(2026, 11, day, 10)))
        if day in (18, 19):
            DailyReport.objects.create(campaign=campaign, unit=unit_b, date=date, is_zero=True, is_late=day == 19,
                                       submitted_at=timezone.make_aware(datetime.datetime(2026, 11, day, 18)))
    # and a task 县交通局 has not accepted since its 签收时限 of 12 November (超时未签收)
    unaccepted = ledger_tasks["lone"]
    Task.objects.filter(pk=unaccepted.pk).update(accept_by=datetime.date(2026, 11, 12))
    # when the written bulletin is generated
    out = io.BytesIO()
    bulletin = bulletin_document_write(START, END, out, now=AS_OF)
    document = read_document(out.getvalue())
    text = document_text(document)
    # then it has the office's masthead and the title of the period
    assert "县委督查室" in text and "督查通报" in text
    assert "关于2026年11月1日至11月30日督办事项落实和日报告报送情况的通报" in text
    # the overall figures: the due tasks (10 and 22 November, as of the 20th only the 10th is due)
    assert "到期督办事项1件,按期办结0件,按期办结率0.0%" in text
    assert "逾期未办结1件" in text and "超时未签收事项1件。" in text
    assert f"超时未签收:县交通局1件({unaccepted.tracking_number})。" in text
    # reports: 4 days × 2 units owed, 县交通局 missed 16 and 17, filed the 19th late
    assert "日报告应报8次,实报6次,缺报2次,迟报1次,上报率75.0%,及时率62.5%" in text
    # the units named, with the task and the days
    overdue = ledger_tasks["overdue"]
    assert f"1. 县卫健委,逾期事项1件:{overdue.tracking_number}“{overdue.title}”(完成时限11月10日,已逾期10天)" in text
    assert "县交通局:冬春火灾防控日报告零报告缺报2次(11月16日、11月17日),迟报1次(11月19日)。" in text
    # the ranking table is the bulletin's own ranking
    ranking = document.tables[0]
    rows = [[c.text for c in row.cells] for row in ranking.rows]
    assert rows[0] == ["排名", "单位", "逾期事项(件)", "最长逾期(天)", "超时未签收(件)", "缺报(次)", "迟报(次)", "上报率"]
    expected = bulletin_build(START, END, now=AS_OF)
    assert [(r[0], r[1]) for r in rows[1:]] == [(str(u.rank), u.name) for u in expected.units]
    assert rows[1] == ["1", "县卫健委", "1", "10", "0", "0", "0", "100.0%"]
    assert rows[2] == ["2", "县交通局", "0", "—", "1", "2", "1", "50.0%"]
    assert [u.name for u in bulletin.units] == ["县卫健委", "县交通局"]
    # signed by the office, dated the day it was made
    assert "2026年11月20日" in text


def test_bulletin_document_says_so_when_there_is_nothing_to_report(db, office_unit):
    out = io.BytesIO()
    bulletin_document_write(START, END, out, now=AS_OF)
    text = document_text(read_document(out.getvalue()))
    assert "本期没有逾期事项。" in text
    assert "本期各单位均无逾期事项和缺报、迟报。" in text
