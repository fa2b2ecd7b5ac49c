"""The 督办台账 workbook, read back with openpyxl."""
import datetime
import io

import pytest
from django.utils import timezone

from directives.exports import styles
from directives.exports.ledger import LedgerOptions, ledger_workbook_write
from directives.models import Task
from tests import factories

from .conftest import TODAY

HEADERS = ["序号", "督办编号", "来源", "工作任务", "牵头单位", "配合单位", "责任人", "原时限", "调整后时限", "延期次数", "状态",
           "最新进展", "逾期天数", "备注"]
AS_OF = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))


def export(tasks, **options):
    out = io.BytesIO()
    rows = ledger_workbook_write(tasks, out, options=LedgerOptions(as_of=AS_OF, **options))
    out.seek(0)
    return rows, out


def body_rows(ws):
    """Task rows: numbered (the note counting tasks without a date follows them, unnumbered)."""
    return [row for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, int)]


def by_number(ws):
    return {row[1].value: row for row in body_rows(ws)}


def test_ledger_title_and_headers_say_what_and_as_of_when(ledger_tasks, read_xlsx):
    # given the five tasks
    # when the whole ledger is exported
    rows, out = export(Task.objects.all())
    ws = read_xlsx(out.getvalue()).active
    # then the title names the ledger and the moment, and the header row has the office's columns
    assert rows == 5
    assert ws["A1"].value == "督办台账(截至2026年11月20日 09:30)"
    assert "A1:N1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS
    assert len(body_rows(ws)) == 5


def test_ledger_rows_carry_the_task_fields(ledger_tasks, read_xlsx):
    # given an overdue task with progress, a cooperating unit and remarks
    task = ledger_tasks["overdue"]
    # when exported
    _, out = export(Task.objects.all())
    row = by_number(read_xlsx(out.getvalue()).active)[task.tracking_number]
    # then each column holds its field
    values = [c.value for c in row]
    assert values[2] == "全县重点工作推进会议(0)/王明《在全县冬季安全工作会上的讲话》" or values[2].endswith(
        "/王明《在全县冬季安全工作会上的讲话》"
    )
    assert values[3] == task.title
    assert values[4] == "县卫健委"
    assert values[5] == "县交通局"
    assert values[6] == "李华"
    assert values[10] == "办理中"
    assert values[11] == "已检查医疗机构12家,发现隐患5处,整改3处。"
    assert values[12] == 10
    assert values[13] == "县领导点名事项"


def test_ledger_deadlines_are_real_excel_dates(ledger_tasks, read_xlsx):
    # when exported
    _, out = export(Task.objects.all())
    rows = by_number(read_xlsx(out.getvalue()).active)
    # then 完成时限 is a date cell with a date format, 未定 when the task has none
    cell = rows[ledger_tasks["overdue"].tracking_number][7]
    assert cell.is_date
    assert cell.value == datetime.datetime(2026, 11, 10)
    assert cell.number_format == "yyyy-mm-dd"
    assert rows[ledger_tasks["lone"].tracking_number][7].value == "未定"


def test_ledger_fills_overdue_rows_red_and_colours_the_light(ledger_tasks, read_xlsx):
    # when exported
    _, out = export(Task.objects.all())
    rows = by_number(read_xlsx(out.getvalue()).active)
    overdue = rows[ledger_tasks["overdue"].tracking_number]
    near = rows[ledger_tasks["near"].tracking_number]
    far = rows[ledger_tasks["far"].tracking_number]
    # then the overdue row is pale red, its status cell red; the near one yellow; the far one green
    assert overdue[3].fill.fgColor.rgb == styles.OVERDUE_FILL
    assert overdue[10].fill.fgColor.rgb == styles.LIGHT_FILLS["red"]
    assert near[3].fill.fill_type is None
    assert near[10].fill.fgColor.rgb == styles.LIGHT_FILLS["yellow"]
    assert far[10].fill.fgColor.rgb == styles.LIGHT_FILLS["green"]
    assert far[12].value is None
    assert overdue[3].border.left.style == "thin"
    assert overdue[3].alignment.wrap_text


def test_ledger_is_ready_to_print_on_a4_landscape(ledger_tasks, read_xlsx):
    # when exported
    rows, out = export(Task.objects.all())
    ws = read_xlsx(out.getvalue()).active
    # then the header is frozen and filtered, widths set, A4 landscape one page wide, header repeated
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:N{2 + rows}"
    assert ws.column_dimensions["D"].width == 38
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$1:$2"


def test_ledger_sets_a_height_for_each_wrapped_row(ledger_tasks, read_xlsx):
    # when exported
    _, out = export(Task.objects.all())
    ws = read_xlsx(out.getvalue()).active
    rows = by_number(ws)
    long_row = rows[ledger_tasks["overdue"].tracking_number][0].row
    short_row = rows[ledger_tasks["lone"].tracking_number][0].row
    # then every row has a height, the long task's taller than a one-line row
    assert ws.row_dimensions[long_row].height > ws.row_dimensions[short_row].height >= styles.LINE_HEIGHT


def test_ledger_after_a_filter_holds_exactly_the_filtered_rows(ledger_tasks, unit_a, read_xlsx):
    # given a filter: unit_a's open tasks that are not overdue
    filtered = Task.objects.filter(lead_unit=unit_a, is_overdue=False)
    # when exported
    rows, out = export(filtered)
    ws = read_xlsx(out.getvalue()).active
    # then exactly those rows, numbered 1..n
    expected = set(filtered.values_list("tracking_number", flat=True))
    assert rows == 2
    assert set(by_number(ws)) == expected
    assert [r[0].value for r in body_rows(ws)] == [1, 2]


def test_ledger_grouped_by_point_reads_like_a_task_breakdown(ledger_tasks, read_xlsx):
    # when exported grouped by meeting and point
    rows, out = export(Task.objects.all(), group_by_point=True)
    ws = read_xlsx(out.getvalue()).active
    labels = [r[0].value for r in ws.iter_rows(min_row=3) if isinstance(r[0].value, str)]
    # then meetings are numbered 一、二、 and points (一)(二) precede their tasks
    assert labels[0].startswith("一、全县重点工作推进会议")
    assert labels[1] == "(一)一、 抓好安全生产"
    assert labels[2] == "(二)二、 保障群众出行"
    assert labels[3] == "二、其他交办事项"
    assert rows == 5
    assert [r[0].value for r in body_rows(ws) if isinstance(r[0].value, int)] == [1, 2, 3, 4, 5]


def test_ledger_one_sheet_per_lead_unit(ledger_tasks, read_xlsx):
    # when exported with a sheet per lead unit
    _, out = export(Task.objects.all(), sheet_per_lead_unit=True)
    workbook = read_xlsx(out.getvalue())
    # then each lead unit's sheet holds only its tasks
    assert workbook.sheetnames == ["县卫健委", "县交通局"]
    assert workbook["县卫健委"]["A1"].value.startswith("县卫健委督办台账")
    assert {r[4].value for r in body_rows(workbook["县卫健委"])} == {"县卫健委"}
    assert len(body_rows(workbook["县交通局"])) == 2


def test_ledger_of_nothing_says_so(db, read_xlsx):
    # when no task matches
    rows, out = export(Task.objects.none())
    ws = read_xlsx(out.getvalue()).active
    # then the sheet still has its title and header, and a note
    assert rows == 0
    assert [c.value for c in ws[2]] == HEADERS
    assert ws["A3"].value == "没有符合条件的督办事项。"


@pytest.mark.parametrize("count", [3, 7])
def test_ledger_query_count_is_fixed_per_chunk(ledger_tasks, unit_a, django_assert_num_queries, count):
    # given more tasks than a chunk holds
    from tests import factories

    for i in range(count):
        factories.make_task(lead_unit=unit_a, title=f"补充任务{i}", cooperating_units=[ledger_tasks["other"].lead_unit])
    total = Task.objects.count()
    # when exported with chunks of 4: 1 query streaming the rows + 1 per chunk for cooperating units
    with django_assert_num_queries(1 + -(-total // 4)):
        rows, _ = export(Task.objects.all(), chunk_size=4)
    assert rows == total


def test_ledger_writes_chinese_as_text_not_character_references(ledger_tasks):
    # given openpyxl loaded without its lxml writer (directives.exports sets OPENPYXL_LXML=False)
    import zipfile

    import openpyxl.xml

    assert openpyxl.xml.LXML is False
    # when exported
    _, out = export(Task.objects.all())
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode("utf-8")
    # then Chinese is written as characters
    assert "督办台账" in sheet
    assert "&#" not in sheet


def test_ledger_shows_original_and_adjusted_deadlines_and_extensions(ledger_tasks, read_xlsx, office_user, clerk_a):
    # given the overdue task extended once by an approved request, and another whose deadline never moved
    from directives.services.extensions import extension_approve, extension_request

    task = ledger_tasks["overdue"]
    later = timezone.localdate() + datetime.timedelta(days=30)
    extension = extension_request(task=task, unit=task.lead_unit, actor=clerk_a, requested_deadline=later, reason="资金")
    extension_approve(extension=extension, actor=office_user)
    # when exported
    _, out = export(Task.objects.all())
    rows = by_number(read_xlsx(out.getvalue()).active)
    # then 原时限 / 调整后时限 / 延期次数
    extended = [c.value for c in rows[task.tracking_number]][7:10]
    assert extended == [datetime.datetime(2026, 11, 10), datetime.datetime.combine(later, datetime.time()), 1]
    unchanged = [c.value for c in rows[ledger_tasks["far"].tracking_number]][7:10]
    assert unchanged[1:] == [None, None] and unchanged[0] is not None


def test_ledger_names_other_sources_and_groups_by_source(ledger_tasks, unit_a, read_xlsx):
    # given a task from a leader's instruction and one from a higher document
    factories.make_task(lead_unit=unit_a, title="批示事项", source_kind=Task.Source.INSTRUCTION, source_person="张县长",
                        source_date=datetime.date(2026, 11, 3))
    factories.make_task(lead_unit=unit_a, title="文件事项", source_kind=Task.Source.DOCUMENT,
                        source_reference="市政办发〔2026〕12号")
    # when exported grouped by source
    _, out = export(Task.objects.all(), group_by_source=True)
    ws = read_xlsx(out.getvalue()).active
    # then each source heads its group, speeches first, and the reference is in 来源
    groups = [row[0].value for row in ws.iter_rows(min_row=3) if row[1].value is None and row[0].value]
    assert groups[:3] == ["一、讲话", "二、领导批示", "三、上级文件"]
    sources = {row[3].value: row[2].value for row in ws.iter_rows(min_row=3) if row[1].value}
    assert sources["批示事项"] == "领导批示/张县长/2026-11-03"
    assert sources["文件事项"] == "上级文件/市政办发〔2026〕12号"


def test_a_sub_task_names_the_unit_that_split_it(county, office_user, read_xlsx):
    from directives.services.subtasks import task_split
    from directives.services.workflow import task_accept

    township = factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county)
    village = factories.UnitFactory(name="河口村", kind="village", parent=township)
    clerk = factories.UserFactory(username="clerk_hk", membership__unit=township, membership__role="clerk")
    parent = factories.make_task(lead_unit=township, title="防溺水巡查", source_kind=Task.Source.MINUTES,
                                 source_reference="常务会议纪要〔2026〕9号")
    task_accept(task=parent, actor=clerk)
    child, = task_split(task=parent, actor=clerk, subtasks=[{"lead_unit": village, "title": "河口村防溺水巡查"}])

    _, out = export(Task.objects.filter(pk__in=[parent.pk, child.pk]))

    sources = {row[3].value: row[2].value for row in body_rows(read_xlsx(out.getvalue()).active)}
    assert sources["防溺水巡查"] == "会议纪要/常务会议纪要〔2026〕9号"
    assert sources["河口村防溺水巡查"] == f"河口镇二次交办({parent.tracking_number})/会议纪要/常务会议纪要〔2026〕9号"
