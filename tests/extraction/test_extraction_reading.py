"""Reading files: encodings, .docx, .pdf, and every bad-file case."""
import io
import subprocess
import sys
from pathlib import Path

import pytest

from directives.extraction import ExtractionError, extract_file
from directives.extraction.reading import read_file

from .pdfgen import minimal_pdf

SPEECH = "在全县防汛工作会议上的讲话\n(2024年6月3日)\n一、压实责任。各乡镇要在3天之内完成排查。\n二、做好准备。县水利局牵头,做好物资储备。\n"
ROOT = Path(__file__).resolve().parents[2]


def test_read_file_utf8_with_and_without_bom(tmp_path):
    # given
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes(SPEECH.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + SPEECH.encode("utf-8"))
    # when / then
    assert read_file(plain) == SPEECH
    assert read_file(bom) == SPEECH


def test_read_file_gbk_is_not_mojibake(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SPEECH.encode("gbk"))
    text = read_file(path)
    assert "县水利局牵头" in text
    assert text == SPEECH


def test_read_file_gb18030_only_characters(tmp_path):
    path = tmp_path / "gb.txt"
    sample = SPEECH + "𠀀镕\n"
    path.write_bytes(sample.encode("gb18030"))
    assert read_file(path) == sample


def test_extract_file_gbk_speech_gives_directives(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SPEECH.encode("gbk"))
    speech = extract_file(path).speeches[0]
    assert [d.heading for d in speech.directives] == ["压实责任", "做好准备"]
    assert speech.directives[1].lead_units == ("县水利局",)


def test_read_file_docx_paragraphs_and_tables_in_order(tmp_path):
    docx = pytest.importorskip("docx")
    # given
    document = docx.Document()
    document.add_paragraph("在全县防汛工作会议上的讲话")
    document.add_paragraph("一、压实责任。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "县水利局"
    table.cell(0, 1).text = "6月底前完成"
    document.add_paragraph("二、做好准备。")
    path = tmp_path / "speech.docx"
    document.save(path)
    # when
    text = read_file(path)
    # then
    assert text.index("压实责任") < text.index("县水利局\t6月底前完成") < text.index("做好准备")


def test_read_file_pdf_text_layer(tmp_path):
    path = tmp_path / "speech.pdf"
    path.write_bytes(minimal_pdf(["Flood season briefing", "Second line"]))
    assert "Flood season briefing" in read_file(path)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\r\n ", "file is empty"),
    ("empty.docx", b"", "file is empty"),
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip", "corrupt .docx"),
    ("text.docx", b"just some text renamed to docx", "corrupt .docx"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "not a .docx"),
    ("garbage.pdf", b"%PDF-1.4\n garbage garbage", "PDF"),
    ("noheader.pdf", b"hello, I am no PDF", "corrupt PDF"),
    ("speech.doc", "一、压实责任".encode("utf-8"), "unsupported file type"),
    ("speech", "一、压实责任".encode("utf-8"), "unsupported file type"),
    ("binary.txt", b"\x00\x01\x02\x03" * 10, "binary data"),
])
def test_read_file_bad_files_raise_extraction_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as info:
        read_file(path)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_read_file_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(minimal_pdf(["secret"], encrypt=True))
    with pytest.raises(ExtractionError, match="encrypted PDF"):
        read_file(path)


def test_read_file_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf([]))
    with pytest.raises(ExtractionError, match="no text"):
        read_file(path)


def test_read_file_missing(tmp_path):
    with pytest.raises(ExtractionError, match="not found"):
        read_file(tmp_path / "missing.txt")


def test_cli_bad_file_one_line_error_and_status_1(tmp_path):
    # given
    path = tmp_path / "corrupt.docx"
    path.write_bytes(b"PK\x03\x04 broken")
    # when
    proc = subprocess.run([sys.executable, "-m", "directives.extraction", str(path), "--json"],
                          cwd=ROOT, capture_output=True, text=True)
    # then
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_prints_contract_json(tmp_path):
    import json

    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "directives.extraction", str(path), "--json"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    speech = data["speeches"][0]
    assert speech["meeting_date"] == "2024-06-03"
    assert set(speech["directives"][0]) == {"id", "parent", "level", "number", "kind", "heading", "text",
                                            "deadlines", "lead_units", "units", "recurrence", "doubts"}
    assert speech["directives"][0]["deadlines"] == [{"text": "3天之内", "date": "2024-06-06"}]


def test_docx_task_table_rows_become_numbered_points(tmp_path):
    docx = pytest.importorskip("docx")
    # given a speech whose point (二) hands out tasks in a table with a 序号 column
    document = docx.Document()
    document.add_paragraph("在全县秋季防火工作会议上的讲话")
    document.add_paragraph("(2024年9月2日)")
    document.add_paragraph("一、提高认识。各乡镇要高度重视。")
    document.add_paragraph("二、分解任务。具体分工见下表。")
    rows = [("序号", "工作任务", "牵头单位", "配合单位", "完成时限"),
            ("1", "清理林下可燃物", "县林业局", "各乡镇、县消防救援大队", "9月底前"),
            ("2", "检修扑火机具", "县应急管理局", "", "10月15日前")]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("三、严格问责。县纪委监委要跟进监督。")
    path = tmp_path / "fire.docx"
    document.save(path)
    # when
    directives = extract_file(path).speeches[0].directives
    # then each row is a point under 二, numbered as written, with its own lead, units and limit
    assert [(d.number, d.parent) for d in directives] == [("一", None), ("二", None), ("1", "d2"), ("2", "d2"), ("三", None)]
    row1, row2 = directives[2], directives[3]
    assert row1.heading == "清理林下可燃物"
    assert row1.lead_units == ("县林业局",)
    assert row1.units == ("县林业局", "各乡镇", "县消防救援大队")
    assert [(x.text, str(x.date)) for x in row1.deadlines] == [("9月底前", "2024-09-30")]
    assert row2.lead_units == ("县应急管理局",) and row2.units == ("县应急管理局",)
    assert [x.text for x in row2.deadlines] == ["10月15日前"]
    # and the header row is neither a point nor a unit, nor are the rows' limits the parent's
    assert directives[1].units == () and directives[1].deadlines == ()
