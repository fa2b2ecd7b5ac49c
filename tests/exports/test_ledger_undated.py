"""Tasks without a 完成时限 in the ledger: 长期 or 未定 in the date column, counted apart, never green;
the 任务分工表 and the per-unit ledger are named for what they are."""
import datetime
import io

from django.utils import timezone

from directives.exports.ledger import LedgerOptions, ledger_workbook_write
from directives.models import Task
from directives.services.exports import export_filename, ledger_title
from tests import factories

AS_OF = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))


def test_undated_tasks_are_marked_and_counted_apart(unit_a, read_xlsx):
    dated = factories.make_task(lead_unit=unit_a, title="有时限", deadline=datetime.date(2026, 12, 1))
    standing = factories.make_task(lead_unit=unit_a, title="长期工作")
    Task.objects.filter(pk=standing.pk).update(open_ended=True)
    unset = factories.make_task(lead_unit=unit_a, title="尚未定时限")
    out = io.BytesIO()
    ledger_workbook_write(Task.objects.all(), out, options=LedgerOptions(as_of=AS_OF))
    ws = read_xlsx(out.getvalue()).active
    rows = {row[3].value: row for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, int)}
    assert rows["有时限"][7].value == datetime.datetime(2026, 12, 1)
    assert (rows["长期工作"][7].value, rows["尚未定时限"][7].value) == ("长期", "未定")
    note = [row[0].value for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, str)]
    assert note == ["未销号事项中没有完成时限的2项(长期1项,未定时限1项)单独统计,不计入逾期和警示灯。"]
    # and their lights are their own, not green
    assert {Task.objects.get(pk=t.pk).light for t in (standing, unset)} == {"none"}
    assert Task.objects.get(pk=dated.pk).light != "none"


def test_breakdown_and_per_unit_ledgers_are_named_for_what_they_are(db):
    stamp = AS_OF
    assert export_filename("ledger", {}, as_of=stamp) == "督办台账_20261120_0930.xlsx"
    assert export_filename("ledger", {"group_by_point": True}, as_of=stamp) == "任务分工表_20261120_0930.xlsx"
    assert export_filename("ledger", {"sheet_per_lead_unit": True}, as_of=stamp) == "督办台账_按牵头单位分表_20261120_0930.xlsx"
    assert ledger_title({"group_by_point": True}) == "任务分工表"
