"""The workbooks print as intended in LibreOffice: A4 landscape, every column on the page, header repeated.

Each workbook is converted to PDF with ``soffice --headless --convert-to pdf``
(a private profile, so parallel runs do not share one) and read with
pdfminer. Skipped, saying why, where LibreOffice is not installed (``.ci/run``
installs libreoffice-calc and fonts-noto-cjk).
"""
import datetime
import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from directives.exports.bulletin import bulletin_workbook_write
from directives.exports.ledger import LedgerOptions, ledger_columns, ledger_workbook_write
from directives.exports.report_matrix import report_matrix_workbook_write
from directives.models import Task
from directives.services.workflow import tasks_create_many
from tests import factories

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: print check skipped; "
                                               "install libreoffice-calc and fonts-noto-cjk to run it"),
]
A4_LANDSCAPE = (842, 595)  # points
AS_OF = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))
_SPACE = re.compile(r"\s+")


def to_pdf(content: bytes, tmp_path: Path, name: str, suffix: str = ".xlsx") -> Path:
    source = tmp_path / f"{name}{suffix}"
    source.write_bytes(content)
    profile = Path("/tmp") / f"duban-lo-profile-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists(), "LibreOffice produced no PDF"
    return pdf


def pdf_pages(pdf: Path) -> list[tuple[tuple[float, float], str]]:
    """(width, height) and the text, without whitespace, of each page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    pages = []
    for page in extract_pages(str(pdf)):
        text = "".join(element.get_text() for element in page if isinstance(element, LTTextContainer))
        pages.append(((round(page.width), round(page.height)), _SPACE.sub("", text)))
    return pages


def assert_a4_landscape(pages):
    assert pages, "the PDF has no pages"
    for size, _text in pages:
        assert abs(size[0] - A4_LANDSCAPE[0]) <= 2 and abs(size[1] - A4_LANDSCAPE[1]) <= 2, size


@pytest.fixture
def long_ledger(ledger_tasks, unit_a, unit_b, meeting):
    """Enough tasks with long wrapped text for the ledger to run over several pages."""
    specs = [
        dict(
            title=f"第{i}项:组织开展安全生产隐患排查整治专项行动,对辖区内重点行业领域逐一检查,建立问题清单和整改台账,"
                  f"明确责任人和整改时限,确保按期销号",
            lead_unit=unit_a if i % 2 else unit_b,
            cooperating_units=[unit_b] if i % 2 else [unit_a],
            deadline=datetime.date(2026, 12, 1) + datetime.timedelta(days=i),
            meeting=meeting,
            remarks="每月底前报送进展" if i % 3 == 0 else "",
        )
        for i in range(1, 41)
    ]
    tasks_create_many(specs)
    Task.objects.filter(title__startswith="第7项").update(
        latest_progress="已召开专题部署会,印发实施方案;已完成第一轮排查,发现问题二十三个,已整改十五个,其余八个正在整改中,预计月底前全部完成。"
    )
    return Task.objects.all()


def test_ledger_prints_on_a4_landscape_with_all_columns_and_the_header_on_every_page(long_ledger, tmp_path):
    # given a ledger of 45 tasks with long titles
    out = io.BytesIO()
    ledger_workbook_write(long_ledger, out, options=LedgerOptions(as_of=AS_OF))
    # when LibreOffice prints it
    pages = pdf_pages(to_pdf(out.getvalue(), tmp_path, "ledger"))
    # then every page is A4 landscape, it takes several pages, all headers are on page 1 and repeat on page 2
    assert_a4_landscape(pages)
    assert len(pages) >= 2
    headers = [_SPACE.sub("", c.header) for c in ledger_columns()]
    for header in headers:
        assert header in pages[0][1], header
        assert header in pages[1][1], header
    assert "督办台账(截至2026年11月20日09:30)" in pages[1][1]


def overlapping_lines(pdf: Path) -> list[tuple[str, str]]:
    """Pairs of text lines printed over each other on a page (a wrapped cell running into the next row)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextLine

    def text_lines(item):
        if isinstance(item, LTTextLine):
            yield item
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from text_lines(child)

    pairs = []
    for page in extract_pages(str(pdf)):
        lines = list(text_lines(page))
        for index, a in enumerate(lines):
            for b in lines[index + 1:]:
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > 1 and down > 1:
                    pairs.append((a.get_text().strip(), b.get_text().strip()))
    return pairs


def test_ledger_prints_wrapped_text_without_overlapping_rows(long_ledger, tmp_path):
    # given tasks whose title and progress wrap over several lines
    out = io.BytesIO()
    ledger_workbook_write(long_ledger, out, options=LedgerOptions(as_of=AS_OF))
    # when printed
    pdf = to_pdf(out.getvalue(), tmp_path, "ledger")
    # then no line of text is printed over another (rows without a set height run into the next ones:
    # with every row at the default height this ledger prints 127 overlapping pairs on one page)
    assert overlapping_lines(pdf) == []
    text = "".join(page_text for _size, page_text in pdf_pages(pdf))
    assert text.count("确保按期销号") == 40
    assert "其余八个正在整改中,预计月底前全部完成。" in text


def test_report_matrix_prints_on_a4_landscape_with_its_header(unit_a, unit_b, tmp_path):
    campaign = factories.CampaignFactory(units=[unit_a, unit_b])
    out = io.BytesIO()
    report_matrix_workbook_write(campaign, datetime.date(2026, 11, 2), datetime.date(2026, 11, 30), out,
                                 now=AS_OF)
    pdf = to_pdf(out.getvalue(), tmp_path, "matrix")
    assert overlapping_lines(pdf) == []
    pages = pdf_pages(pdf)
    matrix_pages = [p for p in pages if "报送情况" in p[1]]
    assert_a4_landscape(matrix_pages)
    first = matrix_pages[0][1]
    for header in ("单位", "上报率", "及时率", "缺报", "11/2", "11/30"):
        assert header in first, header


def test_bulletin_prints_on_a4_landscape_with_its_header(ledger_tasks, tmp_path):
    out = io.BytesIO()
    bulletin_workbook_write(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30), out, now=AS_OF)
    pdf = to_pdf(out.getvalue(), tmp_path, "bulletin")
    assert overlapping_lines(pdf) == []
    pages = pdf_pages(pdf)
    assert_a4_landscape(pages)
    for header in ("排名", "单位", "逾期事项(件)", "最长逾期(天)", "缺报(次)", "迟报(次)", "上报率"):
        assert header in pages[0][1], header
