"""Hostile speech files are refused while they are read, fast and in little memory, with the limit named.

The files are made here (tests/hostile_files.py): a .docx whose image
inflates to 1 GiB (about 1 MB on disk), one whose document part inflates past
the XML limit, one whose zip headers lie, a PDF whose content stream
inflates to 1 GiB, a PDF of 50,000 pages. Measured figures are in the
hostile session's note; the bounds here are generous (a bomb inflated whole
takes tens of seconds and gigabytes).
"""
import dataclasses
import time
import tracemalloc

import pytest

from directives.extraction import ExtractionError
from directives.extraction.limits import LIMITS, MB, LimitExceeded, ReadLimits
from directives.extraction.reading import read_file
from tests import hostile_files as hostile


def refused(path, limits=LIMITS):
    """(the LimitExceeded raised reading PATH, CPU seconds, peak traced MB)."""
    tracemalloc.start()
    start = time.process_time()
    try:
        with pytest.raises(LimitExceeded) as caught:
            read_file(path, limits)
    finally:
        seconds = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return caught.value, seconds, peak / MB


def test_docx_whose_image_inflates_to_a_gigabyte_is_refused_without_inflating_it(tmp_path):
    # given a 1 MB .docx with a valid text and an image member that inflates to 1 GiB
    path = tmp_path / "bomb.docx"
    path.write_bytes(hostile.docx_bomb())
    assert path.stat().st_size < 2 * MB
    # when read
    error, seconds, peak = refused(path)
    # then it is refused by the member limit, before anything is inflated
    assert error.what == "zip_member_bytes" and "image1.png" in error.reason
    assert seconds < 5 and peak < 50


def test_docx_with_four_gigabytes_of_members_is_refused(tmp_path):
    # given a 4 MB .docx: four images of 1 GiB each
    image = hostile.Repeat(b"\0" * MB, 1024)
    members = hostile.docx_members() + [(f"word/media/image{i}.png", image) for i in range(4)]
    path = tmp_path / "bomb4.docx"
    path.write_bytes(hostile.zip_archive(members))
    # then refused at once, whichever limit is met first
    error, seconds, peak = refused(path)
    assert error.what in ("zip_member_bytes", "zip_total_bytes")
    assert seconds < 5 and peak < 50
    # and with each image under the member limit, the total still refuses it
    small = dataclasses.replace(LIMITS, zip_member_bytes=2 * 1024 * MB)
    error, _, _ = refused(path, small)
    assert error.what == "zip_total_bytes"


def test_docx_whose_document_part_inflates_past_the_xml_limit_is_refused_while_inflating(tmp_path):
    # given a .docx whose word/document.xml is 40 MB of paragraphs (the XML limit is 32 MB)
    path = tmp_path / "long.docx"
    path.write_bytes(hostile.zip_archive(hostile.docx_with_document_xml(hostile.huge_document_xml(700_000))))
    error, seconds, peak = refused(path)
    # then it is refused when the inflated bytes pass the limit, never holding much more than that
    assert error.what == "xml_bytes"
    assert seconds < 10 and peak < 3 * LIMITS.xml_bytes / MB


def test_docx_whose_zip_header_lies_about_the_size_is_corrupt_not_inflated(tmp_path):
    # given a .docx whose document part declares 2 KB but inflates to 200 MB
    payload = hostile.huge_document_xml(3_500_000)
    members = hostile.docx_with_document_xml(payload)
    path = tmp_path / "liar.docx"
    path.write_bytes(hostile.zip_archive(members, declared_sizes={"word/document.xml": 2048}))
    tracemalloc.start()
    start = time.process_time()
    with pytest.raises(ExtractionError) as caught:
        read_file(path)
    seconds = time.process_time() - start
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    # then no more than the declared bytes are inflated: the CRC fails and the file is corrupt
    assert "corrupt .docx" in caught.value.reason
    assert seconds < 5 and peak < 50


def test_docx_with_too_many_members_is_refused(tmp_path):
    members = hostile.docx_members() + [(f"customXml/item{i}.xml", b"<a/>") for i in range(50)]
    path = tmp_path / "many.docx"
    path.write_bytes(hostile.zip_archive(members))
    error, _, _ = refused(path, dataclasses.replace(LIMITS, zip_members=40))
    assert error.what == "zip_members"


def test_a_bombed_image_does_not_stop_a_docx_within_the_limits(tmp_path):
    # given the same kind of file with a modest image (the text is what is read)
    path = tmp_path / "fine.docx"
    image = hostile.Repeat(b"\0" * MB, 5)
    path.write_bytes(hostile.zip_archive(hostile.docx_members(["一是抓好安全生产。", "二是10月底前完成排查。"])
                                         + [("word/media/image1.png", image)]))
    # then its text is read as usual
    assert read_file(path) == "一是抓好安全生产。\n二是10月底前完成排查。"


def test_pdf_whose_content_stream_inflates_to_a_gigabyte_is_refused(tmp_path):
    # given a 1 MB PDF with a 1 GiB content stream
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.pdf_stream_bomb())
    assert path.stat().st_size < 2 * MB
    error, seconds, peak = refused(path)
    # then the stream is refused while inflating, never held whole
    assert error.what == "pdf_stream_bytes"
    assert seconds < 10 and peak < 50


def test_pdf_streams_are_bounded_in_total(tmp_path):
    # given a PDF whose one stream of 20 MB is fine alone
    path = tmp_path / "big.pdf"
    path.write_bytes(hostile.pdf_stream_bomb(20 * MB))
    # then with a total budget below it, it is refused by the total
    error, _, _ = refused(path, dataclasses.replace(LIMITS, pdf_total_bytes=10 * MB))
    assert error.what == "pdf_total_bytes"


def test_pdf_of_fifty_thousand_pages_is_refused_before_its_pages_are_read(tmp_path):
    # given a PDF of 50,000 pages (the page limit is 2,000)
    path = tmp_path / "pages.pdf"
    path.write_bytes(hostile.pdf_many_pages(50_000))
    error, seconds, _ = refused(path)
    # then it is refused in about a second (reading the pages took 162 s)
    assert error.what == "pdf_pages" and "50000" in error.reason
    assert seconds < 10


def test_pdf_whose_page_tree_declares_too_many_pages_is_refused(tmp_path):
    path = tmp_path / "declared.pdf"
    path.write_bytes(hostile.pdf_many_pages(3, declared=1_000_000))
    error, _, _ = refused(path)
    assert error.what == "pdf_pages" and "1000000" in error.reason


def test_pdf_within_the_limits_is_read_page_by_page(tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(hostile.pdf_many_pages(30))
    assert read_file(path).count("Page") == 30


def test_text_past_the_character_limit_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("各乡镇要抓好落实。" * 2000, encoding="utf-8")
    error, _, _ = refused(path, ReadLimits(text_chars=10_000))
    assert error.what == "text_chars"


def test_limit_exceeded_is_an_extraction_error_naming_the_file(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(hostile.docx_bomb(200 * MB))
    with pytest.raises(ExtractionError) as caught:
        read_file(path)
    assert caught.value.path == str(path) and caught.value.reason.startswith("too large")
