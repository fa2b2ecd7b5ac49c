"""A print-ready table sheet on a write-only workbook: title row, header row, styled body rows."""
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from . import styles
from .styles import Column


class TableSheet:
    """Row 1 the title (merged across the columns), row 2 the headers; then ``append`` body rows.

    Body rows reuse pre-styled cell templates, one per combination of styles
    met, so per row only values are set. ``close`` sets the auto-filter over
    the rows written.
    """

    def __init__(self, workbook, title: str, heading: str, columns: list[Column], *, freeze: str = "A3",
                 landscape: bool = True, filter_rows: bool = True):
        self.ws = workbook.create_sheet(title=title)
        self.columns = columns
        self.widths = [c.width for c in columns]
        self.filter_rows = filter_rows
        styles.set_columns(self.ws, columns)
        self.heights = styles.stream_row_heights(self.ws)
        self.estimate_height = styles.WrappedRowHeight(self.widths, [i for i, c in enumerate(columns) if c.wrap])
        styles.setup_page(self.ws, header_rows="1:2", freeze=freeze, landscape=landscape)
        self.last_column = get_column_letter(len(columns))
        self.ws.merged_cells.add(CellRange(f"A1:{self.last_column}1"))
        self.heights.set_next(1, 30)
        self.ws.append([styles.styled_cell(self.ws, "duban_title", heading)])
        self.heights.set_next(2, max(28, styles.row_height((c.header, c.width) for c in columns)))
        self.ws.append([styles.styled_cell(self.ws, "duban_header", c.header) for c in columns])
        self.row_index = 2
        self.body_end = 2
        self._templates: dict[tuple, list] = {}

    def default_styles(self, overdue: bool = False) -> list[str]:
        suffix = "_overdue" if overdue else ""
        return [f"duban_{c.kind}{suffix}" for c in self.columns]

    def append(self, values: list, style_names: list[str] | None = None, *, height: float | None = None) -> None:
        key = tuple(style_names) if style_names else None
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = styles.row_template(self.ws, list(key or self.default_styles()))
        self.row_index += 1
        self.body_end = self.row_index
        self.heights.set_next(self.row_index, height or self.estimate_height(values))
        self.ws.append(styles.fill_row(template, values))

    def append_note(self, text: str, style: str = "duban_note") -> None:
        """A line of text across the whole width (a legend, a total), outside the filtered range."""
        self.row_index += 1
        self.ws.merged_cells.add(CellRange(f"A{self.row_index}:{self.last_column}{self.row_index}"))
        self.heights.set_next(self.row_index, styles.row_height([(text, sum(self.widths))]))
        self.ws.append([styles.styled_cell(self.ws, style, text)])

    def close(self) -> None:
        if self.filter_rows:
            self.ws.auto_filter.ref = f"A2:{self.last_column}{max(self.body_end, 3)}"
