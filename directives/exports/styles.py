"""Styles shared by every workbook: named styles, pre-styled row templates, print setup.

Write-only speed rests on two habits (see issue 9's measurements):

- styles are *named* styles registered once per workbook, so a cell carries
  an index instead of a font/border/fill that openpyxl hashes per assignment;
- each kind of row is a list of ``WriteOnlyCell`` built once with its style
  (``row_template``); per row only ``.value`` is set and the same list is
  appended again (``fill_row``).
"""
import math
from copy import copy
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import DimensionHolder
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
TITLE_FONT_NAME = "黑体"
BODY_SIZE = 10
# Height in points of one line of BODY_SIZE text (Excel adds ~30% leading), and the cell padding.
LINE_HEIGHT = 13.5
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = '0.0"%"'

# Fills, as ARGB: pale red for an overdue row, the three warning lights, grey for headers.
OVERDUE_FILL = "FFFFE0E0"
LIGHT_FILLS = {"red": "FFFF7B7B", "yellow": "FFFFE38A", "green": "FFC6EFCE"}
HEADER_FILL = "FFD9E1F2"
# Daily-report states, the colours of the matrix page (directives/static/duban/duban.css).
STATE_FILLS = {
    "on_time": "FFE8F5E9",
    "late": "FFFFF3E0",
    "zero": "FFE3F2FD",
    "zero_late": "FFFFF3E0",
    "missing": "FFFFEBEE",
    "pending": "FFFFFFFF",
    "not_required": "FFEEEEEE",
}
STATE_COLOURS = {
    "on_time": "FF2E7D32",
    "late": "FFEF6C00",
    "zero": "FF1565C0",
    "zero_late": "FFEF6C00",
    "missing": "FFC62828",
    "pending": "FF777777",
    "not_required": "FF777777",
}
GROUP_FILL = "FFF2F2F2"
MUTED_FILL = "FFEDEDED"

_thin = Side(style="thin", color="FF808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _fill(argb):
    return PatternFill(fill_type="solid", start_color=argb, end_color=argb)


def _style(name, *, bold=False, size=BODY_SIZE, font_name=FONT_NAME, color=None, horizontal="left",
           wrap=True, border=True, fill=None, number_format=None):
    style = NamedStyle(name=name)
    style.font = Font(name=font_name, size=size, bold=bold, color=color)
    style.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    if border:
        style.border = BORDER
    if fill:
        style.fill = _fill(fill)
    if number_format:
        style.number_format = number_format
    return style


def _cell_styles():
    """Body cell styles: kind × (plain | overdue row)."""
    kinds = {
        "text": {"horizontal": "left"},
        "center": {"horizontal": "center"},
        "date": {"horizontal": "center", "number_format": DATE_FORMAT},
        "int": {"horizontal": "center", "number_format": "0"},
        "percent": {"horizontal": "center", "number_format": PERCENT_FORMAT},
        "score": {"horizontal": "center", "number_format": "0.0"},
    }
    styles = []
    for kind, options in kinds.items():
        styles.append(_style(f"duban_{kind}", **options))
        styles.append(_style(f"duban_{kind}_overdue", fill=OVERDUE_FILL, **options))
    for light, argb in LIGHT_FILLS.items():
        styles.append(_style(f"duban_light_{light}", horizontal="center", fill=argb, bold=light == "red"))
    for state, argb in STATE_FILLS.items():
        styles.append(_style(f"duban_state_{state}", horizontal="center", wrap=False, fill=argb,
                             color=STATE_COLOURS[state], bold=state == "missing"))
    return styles


def _all_styles():
    return [
        _style("duban_title", bold=True, size=16, font_name=TITLE_FONT_NAME, horizontal="center", wrap=False,
               border=False),
        _style("duban_subtitle", size=BODY_SIZE, horizontal="right", wrap=False, border=False),
        _style("duban_header", bold=True, size=BODY_SIZE + 1, font_name=TITLE_FONT_NAME, horizontal="center",
               fill=HEADER_FILL),
        _style("duban_group", bold=True, horizontal="left", fill=GROUP_FILL),
        _style("duban_group_int", bold=True, horizontal="center", fill=GROUP_FILL, number_format="0"),
        _style("duban_group_percent", bold=True, horizontal="center", fill=GROUP_FILL, number_format=PERCENT_FORMAT),
        _style("duban_muted", horizontal="center", fill=MUTED_FILL),
        _style("duban_note", horizontal="left", wrap=True, border=False),
        *_cell_styles(),
    ]


def register_styles(workbook) -> None:
    """Add the named styles to ``workbook`` (once; later calls change nothing)."""
    present = set(workbook.named_styles)
    for style in _all_styles():
        if style.name not in present:
            workbook.add_named_style(style)


# A text starting with one of these is a formula (or becomes one when the cell is edited) in Excel,
# LibreOffice and WPS: ``=HYPERLINK(...)``, ``+1+cmd|...``, ``-2+3``, ``@SUM(...)``; a tab or CR hides it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ERROR_CODES = frozenset(ERROR_CODES)


def is_formula_like(value) -> bool:
    """True if ``value`` is a text a spreadsheet would read as a formula or an error code."""
    return value.__class__ is str and (value.startswith(FORMULA_STARTS) or value in _ERROR_CODES)


def _as_text(cell: WriteOnlyCell, value: str) -> WriteOnlyCell:
    """A copy of ``cell`` (same style) holding ``value`` as a string, with Excel's quote prefix (shown as typed, never run)."""
    text = WriteOnlyCell(cell.parent)
    text._style = copy(cell._style)  # the template's array may already be in the workbook's style table
    text.quotePrefix = True
    text._value = value
    text.data_type = "s"
    return text


def styled_cell(worksheet, style: str, value=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet)
    cell.style = style
    if is_formula_like(value):
        return _as_text(cell, value)
    cell.value = value
    return cell


def row_template(worksheet, styles: list[str]) -> list[WriteOnlyCell]:
    """A row of empty cells with the given named styles, to be filled by ``fill_row`` and appended again."""
    return [styled_cell(worksheet, style) for style in styles]


def fill_row(template: list[WriteOnlyCell], values) -> list[WriteOnlyCell]:
    """The template's cells holding ``values``; a formula-like text goes in a quote-prefixed copy, as text."""
    row = template
    for index, (cell, value) in enumerate(zip(template, values)):
        if is_formula_like(value):
            if row is template:
                row = list(template)
            row[index] = _as_text(cell, value)
            cell.value = None
        else:
            cell.value = value
    return row


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # Excel character units
    kind: str = "text"  # text | center | date | int | percent | score (one decimal)
    wrap: bool = False  # counted when estimating the row height


def set_columns(worksheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, 1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: 2 for a CJK character, 1 for ASCII.

    ``len(utf8) + len(str)`` counts 2 per ASCII character and 4 per CJK one
    (3 bytes), so half of it is the width, computed in C without a Python loop.
    """
    return (len(text.encode("utf-8")) + len(text)) // 2


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide (each paragraph starts a line)."""
    usable = max(1.0, width - 1.5)
    if "\n" not in text:
        return max(1, math.ceil(display_width(text) / usable))
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def height_for_lines(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)


def row_height(texts_and_widths) -> float:
    """Estimated height in points for a row whose wrapped cells hold the given (text, width) pairs.

    LibreOffice prints wrapped cells of a row without an explicit height at
    the default height, text running over the next rows: every row of a
    print-ready sheet gets one.
    """
    lines = 1
    for text, width in texts_and_widths:
        if text:
            lines = max(lines, lines_needed(text, width))
    return height_for_lines(lines)


class RowHeights(DimensionHolder):
    """``row_dimensions`` of a write-only sheet that carries the next row's height as ready XML attributes.

    A write-only sheet reads ``row_dimensions.get(row_index)`` as it writes a
    row. Setting a height the usual way builds a ``RowDimension`` per row
    (~7% of the export's time, and it stays in memory unless deleted); this
    holder answers for the one row about to be written from a small cache of
    attribute dicts keyed by height.
    """

    def __init__(self, worksheet):
        super().__init__(worksheet=worksheet, default_factory=worksheet._add_row)
        self.next_index = None
        self.next_attrs = None
        self._attrs_by_height = {}

    def set_next(self, row_index: int, height: float) -> None:
        attrs = self._attrs_by_height.get(height)
        if attrs is None:
            attrs = self._attrs_by_height[height] = {"ht": f"{height:g}", "customHeight": "1"}
        self.next_index = row_index
        self.next_attrs = attrs

    def get(self, key, default=None):
        if key == self.next_index:
            return self.next_attrs
        return super().get(key, default)


def stream_row_heights(worksheet) -> RowHeights:
    """Give a fresh write-only ``worksheet`` a ``RowHeights`` holder (before its first row) and return it."""
    worksheet.row_dimensions = RowHeights(worksheet)
    return worksheet.row_dimensions


class WrappedRowHeight:
    """Estimates row heights for a fixed set of wrapped columns, fast enough to run on every row."""

    def __init__(self, widths: list[float], wrapped: list[int]):
        self.columns = [(index, max(1.0, widths[index] - 1.5)) for index in wrapped]

    def __call__(self, values) -> float:
        lines = 1
        for index, usable in self.columns:
            text = values[index]
            if not text:
                continue
            if "\n" in text:
                needed = sum(max(1, math.ceil(display_width(p) / usable)) for p in text.split("\n"))
            else:
                width = (len(text.encode("utf-8")) + len(text)) // 2
                if width <= usable:
                    continue
                needed = math.ceil(width / usable)
            if needed > lines:
                lines = needed
        return height_for_lines(lines)


def setup_page(worksheet, *, header_rows: str, freeze: str | None = None, landscape: bool = True) -> None:
    """A4, landscape, fitted to one page wide (as many pages tall as needed), header rows on every page.

    Must be called before the first row is appended: a write-only sheet writes
    its views (frozen panes) with the first row.
    """
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = "landscape" if landscape else "portrait"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.6
    worksheet.page_margins.header = worksheet.page_margins.footer = 0.3
    worksheet.print_options.horizontalCentered = True
    worksheet.print_title_rows = header_rows
    worksheet.oddFooter.center.text = "第 &P 页,共 &N 页"
    if freeze:
        worksheet.freeze_panes = freeze


def safe_sheet_title(name: str, taken: set[str]) -> str:
    """A sheet title Excel accepts (≤ 31 characters, none of []:*?/\\), unique within ``taken``."""
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name).strip("'") or "Sheet"
    title = cleaned[:31]
    counter = 2
    while title in taken:
        suffix = f"({counter})"
        title = cleaned[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title)
    return title
