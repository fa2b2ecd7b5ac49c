"""The layout of an official paper (公文) in python-docx: A4 page, red masthead, title, body, signature.

After GB/T 9704: A4, margins top 37 mm / bottom 35 mm / left 28 mm / right
26 mm; the masthead (发文机关标志) in red above a red rule; the title in 2号
(22 pt) 小标宋; the body in 3号 (16 pt) 仿宋 on a fixed 28 pt line. Font names
are set for Latin and East Asian text (``w:eastAsia``): without the latter,
Word shows Chinese in its default Latin font's fallback and LibreOffice
converts with whatever font it finds first. The names are the ones a Chinese
Windows install has; LibreOffice on Linux substitutes a CJK font it has
(Noto CJK) for them.
"""
import copy
import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

RED = RGBColor(0xC0, 0x00, 0x00)
LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
MASTHEAD_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(14)  # 4号
SMALL_SIZE = Pt(12)  # 小4
BODY_LINE = Pt(28)


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _apply_font(run, name: str, size, bold: bool, color: RGBColor | None) -> None:
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN)
    fonts.set(qn("w:eastAsia"), name)


# The run properties of each (font, size, bold, colour) met, built once: a paper has thousands of runs and
# python-docx's property setters cost ~1 ms a run, a copy of the finished <w:rPr> a few microseconds.
_RUN_PROPERTIES: dict[tuple, object] = {}


def set_run_font(run, name: str = BODY_FONT, size=BODY_SIZE, *, bold: bool = False, color: RGBColor | None = None):
    """Set a run's Latin and East Asian font, size, weight and colour."""
    key = (name, int(size), bold, str(color) if color is not None else None)
    element = run._element
    if element.rPr is not None:  # a run with properties of its own: set them one by one
        _apply_font(run, name, size, bold, color)
        return run
    template = _RUN_PROPERTIES.get(key)
    if template is None:
        _apply_font(run, name, size, bold, color)
        _RUN_PROPERTIES[key] = copy.deepcopy(element.rPr)
        return run
    element.insert(0, copy.deepcopy(template))
    return run


def new_document():
    """An empty A4 portrait document whose Normal style is body type with East Asian fonts and zh-CN language."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = BODY_SIZE
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(language)
    paragraph_format = normal.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = BODY_LINE
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)
    _page_number_footer(section)
    return document


def move_body(source, target) -> None:
    """Move every block (paragraph, table) of ``source``'s body to the end of ``target``'s, leaving ``source`` empty.

    python-docx appends a block by scanning the body for its section properties, so writing a long paper
    block by block slows with its length; writing each part into a small scratch document and moving it
    keeps every append short. Both documents come from ``new_document`` (the same styles).
    """
    body, section = target.element.body, target.element.body.sectPr
    for child in list(source.element.body):
        if child.tag == qn("w:sectPr"):
            continue
        if section is not None:
            section.addprevious(child)
        else:
            body.append(child)


def _page_number_footer(section) -> None:
    """“— 1 —” centred at the foot of every page (a PAGE field)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), LATIN, Pt(14))
    run = set_run_font(paragraph.add_run(), LATIN, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    set_run_font(paragraph.add_run(" —"), LATIN, Pt(14))


def _bottom_rule(paragraph, color: str = "C00000", size: int = 18) -> None:
    """A line under the paragraph (size in eighths of a point)."""
    p_pr = paragraph._element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "6"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def paragraph(document, text: str = "", *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, color: RGBColor | None = None,
              line=BODY_LINE, page_break_before: bool = False, space_after=None):
    """A paragraph of one run; ``indent`` gives the 2-character first-line indent of body text."""
    para = document.add_paragraph()
    para.alignment = align
    para_format = para.paragraph_format
    if line is not None:
        para_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        para_format.line_spacing = line
    if indent:
        para_format.first_line_indent = Pt(size.pt * 2)
    if page_break_before:
        para_format.page_break_before = True
    if space_after is not None:
        para_format.space_after = space_after
    if text:
        set_run_font(para.add_run(text), font, size, bold=bold, color=color)
    return para


def masthead(document, office: str, kind: str, *, number: str = "", page_break_before: bool = False) -> None:
    """The red masthead: the office and the paper's kind in red (e.g. 青溪县委督查室 / 督办通知), the number, a red rule."""
    paragraph(document, office, font=MASTHEAD_FONT, size=Pt(30), color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              line=Pt(44), page_break_before=page_break_before)
    paragraph(document, kind, font=MASTHEAD_FONT, size=Pt(30), color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              line=Pt(44), space_after=Pt(12))
    rule = paragraph(document, number, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(18))
    _bottom_rule(rule)


def title(document, text: str) -> None:
    paragraph(document, text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36),
              space_after=Pt(14))


def heading(document, text: str) -> None:
    """A first-level heading of the body (一、…), in 黑体."""
    paragraph(document, text, font=HEADING_FONT, indent=True)


def body(document, text: str):
    return paragraph(document, text, indent=True)


def signature(document, office: str, day: datetime.date) -> None:
    """The issuing office and date, right-aligned below the text (the date under the office's name)."""
    paragraph(document, "")
    paragraph(document, office, align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(BODY_SIZE.pt * 2)
    paragraph(document, chinese_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.right_indent = Pt(
        BODY_SIZE.pt * 2
    )


def _cell_text(cell, text: str, *, font: str = BODY_FONT, size=TABLE_SIZE, bold: bool = False,
               align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    lines = str(text).split("\n") if text else [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        para = first if index == 0 else cell.add_paragraph()
        para.alignment = align
        para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        para.paragraph_format.line_spacing = Pt(size.pt + 8)
        if line:
            set_run_font(para.add_run(line), font, size, bold=bold)


def _grid_style(document):
    """The built-in bordered table style, looked up once per document (a lookup by name scans every style)."""
    style = getattr(document, "_duban_grid_style", None)
    if style is None:
        style = document._duban_grid_style = document.styles["Table Grid"]
    return style


def _set_width(cell, width) -> None:
    cell.width = width


def _set_grid(table, widths) -> None:
    """Column widths in the table's grid too: LibreOffice lays a table out from its grid, Word from its cells."""
    for column, width in zip(table.columns, widths):
        column.width = width


def form_table(document, rows: list[tuple[str, str]], *, label_width=Mm(30), value_width=Mm(126),
               min_heights: dict | None = None):
    """A two-column bordered form: label | value, one row each (values may hold line breaks).

    ``min_heights`` maps a label to the least height of its row (room to sign in, for example).
    """
    min_heights = min_heights or {}
    table = document.add_table(rows=0, cols=2)
    table.style = _grid_style(document)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for label, value in rows:
        row = table.add_row()
        # A row is kept on one page (a requirement or the sign-off box is not cut in two).
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if label in min_heights:
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            row.height = min_heights[label]
        cells = row.cells
        _cell_text(cells[0], label, font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[1], value)
        _set_width(cells[0], label_width)
        _set_width(cells[1], value_width)
    _set_grid(table, [label_width, value_width])
    return table


def grid_table(document, headers: list[str], rows: list[list], widths: list) -> None:
    """A bordered table with a bold header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = _grid_style(document)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text, width in zip(header.cells, headers, widths):
        _cell_text(cell, text, font=HEADING_FONT, size=SMALL_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
        _set_width(cell, width)
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths):
            text = "—" if value is None or value == "" else str(value)
            _cell_text(cell, text, size=SMALL_SIZE,
                       align=WD_ALIGN_PARAGRAPH.CENTER if len(text) <= 6 else WD_ALIGN_PARAGRAPH.LEFT)
            _set_width(cell, width)
    _set_grid(table, widths)
