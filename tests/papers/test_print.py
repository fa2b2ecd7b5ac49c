"""The Word papers convert to PDF in LibreOffice: A4 portrait, a page per unit's notice, the text all there.

Uses the print check's converter (a private LibreOffice profile) and skips,
saying why, where LibreOffice Writer is not installed.
"""
import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from directives.papers.bulletin import bulletin_document_write
from directives.papers.notices import notices_document_write
from directives.selectors.papers import notice_tasks
from tests.exports.conftest import ledger_tasks  # noqa: F401  (the fixture)
from tests.exports.test_print import SOFFICE, pdf_pages, to_pdf
from tests.papers.test_notices import ISSUED, notice_set  # noqa: F401  (the fixture)

WRITER = SOFFICE and (shutil.which("lowriter") or Path("/usr/lib/libreoffice/program/libswlo.so").exists())
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WRITER, reason="LibreOffice Writer is not installed: print check of the Word papers "
                                          "skipped; install libreoffice-writer and fonts-noto-cjk to run it"),
]
A4_PORTRAIT = (595, 842)


def assert_a4_portrait(pages):
    assert pages, "the PDF has no pages"
    for size, _text in pages:
        assert abs(size[0] - A4_PORTRAIT[0]) <= 2 and abs(size[1] - A4_PORTRAIT[1]) <= 2, size


def test_notices_print_on_a4_a_notice_per_unit_from_a_new_page(notice_set, tmp_path):  # noqa: F811
    out = io.BytesIO()
    notices_document_write(notice_tasks([t.pk for t in notice_set]), out, day=ISSUED)
    pages = pdf_pages(to_pdf(out.getvalue(), tmp_path, "notices", suffix=".docx"))
    assert_a4_portrait(pages)
    starts = [index for index, (_size, text) in enumerate(pages) if text.startswith("县委督查室督办通知")]
    assert len(starts) == 2 and starts[0] == 0
    text = "".join(t for _s, t in pages)
    for task in notice_set:
        assert task.tracking_number in text
    for expected in ("县卫生健康委员会:", "县交通运输局:", "2026年11月30日", "签收人(签字)", "2026年11月20日"):
        assert expected in text, expected
    # the second unit's notice is on its own pages: none of the first unit's tasks there
    second = "".join(t for _s, t in pages[starts[1]:])
    assert notice_set[0].tracking_number not in second


def test_bulletin_document_prints_on_a4_with_its_ranking(ledger_tasks, tmp_path):  # noqa: F811
    out = io.BytesIO()
    bulletin_document_write(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30), out,
                            now=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30)))
    pages = pdf_pages(to_pdf(out.getvalue(), tmp_path, "bulletin", suffix=".docx"))
    assert_a4_portrait(pages)
    text = "".join(t for _s, t in pages)
    for expected in ("督查通报", "一、逾期事项情况", "三、单位排名", "县卫健委", ledger_tasks["overdue"].tracking_number,
                     "上报率", "2026年11月20日"):
        assert expected in text, expected
