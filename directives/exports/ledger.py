"""督办台账 (the task ledger) as a print-ready .xlsx, streamed with openpyxl's write-only mode.

Layout of every sheet: row 1 the title ("督办台账" and the date it is as of),
row 2 the column headers (frozen, filtered, repeated on every printed page),
then one row per task. Overdue rows are filled pale red; the 状态 cell carries
the warning light's colour. With ``group_by="point"`` the rows are grouped by
meeting and point as in a 任务分工表; with ``sheet_per_lead_unit`` each lead
unit gets its own sheet.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from ..models import Task
from ..selectors.ledger import ledger_chunks, overdue_days
from . import styles
from .styles import Column

CHINESE_NUMERALS = "一二三四五六七八九十"


def ledger_columns() -> list[Column]:
    return [
        Column(_("序号"), 6, "center"),
        Column(_("督办编号"), 15, "center", wrap=True),
        Column(_("来源"), 20, "text", wrap=True),
        Column(_("工作任务"), 38, "text", wrap=True),
        Column(_("牵头单位"), 12, "center", wrap=True),
        Column(_("配合单位"), 14, "text", wrap=True),
        Column(_("责任人"), 9, "center", wrap=True),
        Column(_("原时限"), 11.5, "date"),
        Column(_("调整后时限"), 11.5, "date"),
        Column(_("延期次数"), 6, "int"),
        Column(_("状态"), 9, "center"),
        Column(_("最新进展"), 34, "text", wrap=True),
        Column(_("逾期天数"), 7, "int"),
        Column(_("备注"), 14, "text", wrap=True),
    ]


STATUS_COLUMN = 10  # index of 状态 in ledger_columns()


@dataclass
class LedgerOptions:
    title: str = ""  # what the ledger is, e.g. "督办台账" or "县卫健委督办台账"
    as_of: datetime.datetime | None = None
    group_by_point: bool = False
    group_by_source: bool = False
    sheet_per_lead_unit: bool = False
    chunk_size: int = 2000


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for meeting counts)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def source_text(row: dict) -> str:
    """来源: the meeting, and the speech and point a task came from; or the kind of source and its reference;
    for a sub-task, the unit that split it and the parent's number (二次交办)."""
    source = _own_source_text(row)
    if row.get("parent__tracking_number"):
        split = _("%(unit)s二次交办(%(number)s)") % {
            "unit": row["parent__lead_unit__short_name"] or row["parent__lead_unit__name"],
            "number": row["parent__tracking_number"],
        }
        return f"{split}/{source}" if source else split
    return source


def _own_source_text(row: dict) -> str:
    if row.get("source_kind", Task.Source.SPEECH) != Task.Source.SPEECH:
        parts = [str(Task.Source(row["source_kind"]).label)]
        if row["source_person"]:
            parts.append(row["source_person"])
        if row["source_reference"]:
            parts.append(row["source_reference"])
        if row["source_date"]:
            parts.append(f"{row['source_date']:%Y-%m-%d}")
        return "/".join(parts)
    meeting = row["meeting__title"] or row["directive__speech__meeting__title"] or ""
    parts = [meeting] if meeting else []
    speech = row["directive__speech__title"]
    if speech:
        speaker = row["directive__speech__speaker"]
        parts.append(f"{speaker}《{speech}》" if speaker else f"《{speech}》")
    return "/".join(parts)


class _LedgerSheet:
    """One sheet of the ledger: title, header, task rows; finished by ``close``."""

    def __init__(self, workbook, title: str, heading: str, columns: list[Column]):
        self.ws = workbook.create_sheet(title=title)
        self.columns = columns
        self.widths = [c.width for c in columns]
        self.wrapped = [i for i, c in enumerate(columns) if c.wrap]
        styles.set_columns(self.ws, columns)
        self.heights = styles.stream_row_heights(self.ws)
        self.estimate_height = styles.WrappedRowHeight(self.widths, self.wrapped)
        styles.setup_page(self.ws, header_rows="1:2", freeze="A3")
        last = get_column_letter(len(columns))
        self.ws.merged_cells.add(CellRange(f"A1:{last}1"))
        self.heights.set_next(1, 30)
        self.ws.append([styles.styled_cell(self.ws, "duban_title", heading)])
        self.heights.set_next(2, 28)
        self.ws.append([styles.styled_cell(self.ws, "duban_header", c.header) for c in columns])
        self.row_index = 2
        self.count = 0
        self.templates: dict[tuple[bool, str], list] = {}
        self.group_template = styles.row_template(self.ws, ["duban_group"] * len(columns))

    def template(self, overdue: bool, light: str):
        key = (overdue, light)
        template = self.templates.get(key)
        if template is None:
            suffix = "_overdue" if overdue else ""
            names = [f"duban_{c.kind}{suffix}" for c in self.columns]
            names[STATUS_COLUMN] = f"duban_light_{light}" if light in styles.LIGHT_FILLS else names[STATUS_COLUMN]
            template = self.templates[key] = styles.row_template(self.ws, names)
        return template

    def append_group(self, text: str) -> None:
        self.row_index += 1
        last = get_column_letter(len(self.columns))
        self.ws.merged_cells.add(CellRange(f"A{self.row_index}:{last}{self.row_index}"))
        self.heights.set_next(self.row_index, styles.row_height([(text, sum(self.widths))]))
        values = [text] + [None] * (len(self.columns) - 1)
        self.ws.append(styles.fill_row(self.group_template, values))

    def append(self, values: list, overdue: bool, light: str) -> None:
        self.row_index += 1
        self.count += 1
        self.heights.set_next(self.row_index, self.estimate_height(values))
        self.ws.append(styles.fill_row(self.template(overdue, light), values))

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A2:{last}{max(self.row_index, 3)}"


def ledger_workbook_write(
    tasks: QuerySet[Task],
    out,
    *,
    options: LedgerOptions | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write the ledger of ``tasks`` (kept as filtered) to ``out`` (a path or binary file); return the row count.

    ``on_progress(rows_done)`` is called after every chunk.
    """
    options = options or LedgerOptions()
    as_of = timezone.localtime(options.as_of) if options.as_of else timezone.localtime()
    today = as_of.date()
    title = options.title or _("督办台账")
    heading = _("%(title)s(截至%(date)s)") % {"title": title, "date": f"{as_of:%Y年%-m月%-d日 %H:%M}"}
    columns = ledger_columns()
    status_labels = {value: str(label) for value, label in Task.Status.choices}

    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)
    taken_titles: set[str] = set()
    sheet = None
    sheet_unit = object()
    meeting_key = object()
    point_key = object()
    meeting_number = 0
    point_number = 0
    done = 0
    group_by = "lead_unit" if options.sheet_per_lead_unit else ("point" if options.group_by_point else None)
    if options.sheet_per_lead_unit and options.group_by_point:
        group_by = "point"  # one sheet per unit, grouped inside; rows are re-sorted per unit below
    if group_by is None and options.group_by_source:
        group_by = "source"
    source_key, source_number = object(), 0
    undated = {True: 0, False: 0}  # open tasks without a date: 长期 (True) or not yet set

    chunks = ledger_chunks(tasks, group_by=group_by, chunk_size=options.chunk_size)
    if options.sheet_per_lead_unit and options.group_by_point:
        chunks = _regroup_by_lead_unit(chunks, options.chunk_size)

    for chunk in chunks:
        for row in chunk:
            if options.sheet_per_lead_unit and row["lead_unit_id"] != sheet_unit:
                if sheet is not None:
                    sheet.close()
                sheet_unit = row["lead_unit_id"]
                unit_name = row["lead_unit__short_name"] or row["lead_unit__name"]
                sheet = _LedgerSheet(
                    workbook,
                    styles.safe_sheet_title(unit_name, taken_titles),
                    heading.replace(title, f"{unit_name}{title}", 1),
                    columns,
                )
                meeting_key = point_key = object()
                meeting_number = 0
            elif sheet is None:
                sheet = _LedgerSheet(workbook, styles.safe_sheet_title(title, taken_titles), heading, columns)
            if group_by == "source" and row["source_kind"] != source_key:
                source_key = row["source_kind"]
                source_number += 1
                sheet.append_group(f"{chinese_numeral(source_number)}、{Task.Source(source_key).label}")
            if options.group_by_point:
                this_meeting = row["meeting_id"] or row["directive__speech__meeting_id"]
                if this_meeting != meeting_key:
                    meeting_key = this_meeting
                    meeting_number += 1
                    point_key = object()
                    point_number = 0
                    name = row["meeting__title"] or row["directive__speech__meeting__title"] or _("其他交办事项")
                    sheet.append_group(f"{chinese_numeral(meeting_number)}、{name}")
                if row["directive_id"] != point_key:
                    point_key = row["directive_id"]
                    if point_key is not None:
                        point_number += 1
                        point = " ".join(p for p in (row["directive__number"], row["directive__heading"]) if p)
                        sheet.append_group(f"({chinese_numeral(point_number)}){point}")
            lead = row["lead_unit__short_name"] or row["lead_unit__name"]
            days = overdue_days(row, today)
            values = [
                sheet.count + 1,
                row["tracking_number"],
                source_text(row),
                row["title"],
                lead,
                "、".join(row["cooperating"]),
                row["responsible_person"],
                row["original_deadline"] or row["deadline"] or undated_label(row),
                row["deadline"] if row["original_deadline"] and row["deadline"] != row["original_deadline"] else None,
                row["extension_count"] or None,
                status_labels.get(row["status"], row["status"]),
                row["latest_progress"],
                days or None,
                row["remarks"],
            ]
            sheet.append(values, row["is_overdue"], row["light"])
            if row["deadline"] is None and row["status"] != Task.Status.CLOSED:
                undated[bool(row["open_ended"])] += 1
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)

    if sheet is None:
        sheet = _LedgerSheet(workbook, styles.safe_sheet_title(title, taken_titles), heading, columns)
        sheet.ws.append([styles.styled_cell(sheet.ws, "duban_note", _("没有符合条件的督办事项。"))])
    elif undated[True] or undated[False]:
        # Counted apart: these can never be overdue, so they are no green light either.
        sheet.ws.append([styles.styled_cell(sheet.ws, "duban_note", undated_note(undated[True], undated[False]))])
    sheet.close()
    workbook.save(out)
    return done


def undated_label(row) -> str:
    """The deadline cell of a task without a date: 长期 when chosen so, else 未定."""
    return _("长期") if row.get("open_ended") else _("未定")


def undated_note(open_ended: int, unset: int) -> str:
    return _("未销号事项中没有完成时限的%(total)d项(长期%(open_ended)d项,未定时限%(unset)d项)单独统计,不计入逾期和警示灯。") % {
        "total": open_ended + unset, "open_ended": open_ended, "unset": unset
    }


def _regroup_by_lead_unit(chunks, chunk_size):
    """Rows grouped by point, re-sorted by lead unit (stable), for a per-unit 任务分工表.

    Needs the rows in memory (the per-unit sheets must each be contiguous);
    ledgers split by unit are small in practice.
    """
    rows = [row for chunk in chunks for row in chunk]
    rows.sort(key=lambda r: r["lead_unit__tree_path"])
    for start in range(0, len(rows), chunk_size):
        yield rows[start : start + chunk_size]
