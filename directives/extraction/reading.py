"""Read a speech file into text: .txt (UTF-8 / BOM / GB18030), .docx, .pdf.

Every failure is an ExtractionError(path, reason) with a short reason a
clerk can act on; nothing else escapes.
"""
import codecs
import re
import zipfile
from pathlib import Path

from .errors import ExtractionError

SUPPORTED = (".txt", ".docx", ".pdf")


def read_file(path):
    """Return the text of PATH; raise ExtractionError if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ExtractionError(path, f"unsupported file type {suffix or '(none)'!r}; expected .txt, .docx or .pdf")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(path, "file not found")
    except OSError as exc:
        raise ExtractionError(path, f"cannot open file ({exc.strerror or exc})")
    if not data.strip():
        raise ExtractionError(path, "file is empty")
    if suffix == ".txt":
        text = decode_text(data, path)
    elif suffix == ".docx":
        text = read_docx(data, path)
    else:
        text = read_pdf(data, path)
    if not text.strip():
        raise ExtractionError(path, "no text found in file" + (" (scanned PDF without a text layer?)" if suffix == ".pdf" else ""))
    return text


def decode_text(data, path="<bytes>"):
    """Decode bytes of a text file: BOMs first, then UTF-8, then GB18030."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise ExtractionError(path, f"text is not valid {enc} despite its byte-order mark")
    if b"\x00" in data[:4096]:
        raise ExtractionError(path, "binary data, not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312.
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # a detector failure is just "unknown encoding"
        best = None
    if best is not None and best.encoding:
        return str(best)
    raise ExtractionError(path, "unknown text encoding (not UTF-8 or GB18030/GBK)")


def read_docx(data, path="<bytes>"):
    """Paragraphs and table cells of a .docx, in document order."""
    import io

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a requirement
        raise ExtractionError(path, "python-docx is not installed")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ExtractionError(path, "old .doc or encrypted Word file, not a .docx; save it as .docx")
        raise ExtractionError(path, "corrupt .docx (not a zip archive)")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                rows = []
                for row in Table(child, document).rows:
                    cells, tcs = [], []
                    for cell in row.cells:
                        if any(cell._tc is tc for tc in tcs):  # a merged cell repeats
                            continue
                        tcs.append(cell._tc)
                        cells.append(" ".join(cell.text.split()))
                    rows.append(cells)
                lines.extend(table_lines(rows))
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(path, f"corrupt .docx ({type(exc).__name__})")
    return "\n".join(lines)


def read_pdf(data, path="<bytes>"):
    """The text layer of a PDF (pdfminer.six)."""
    import io
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError(path, "corrupt PDF (no %PDF header)")
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:  # pragma: no cover
        raise ExtractionError(path, "pdfminer.six is not installed")
    try:
        return extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractionError(path, "encrypted PDF (password protected)")
    except Exception as exc:
        name = type(exc).__name__
        if "Encrypt" in name or "Password" in name:
            raise ExtractionError(path, "encrypted PDF (password protected)")
        raise ExtractionError(path, f"corrupt PDF ({name})")


_HEADER_WORD = re.compile(r"序号|编号|任务|内容|事项|措施|牵头|责任|配合|协办|参与|时限|时间|进度|要求|备注")
_SERIAL_HEADER = re.compile(r"^(?:序号|编号|序|No\.?)$", re.IGNORECASE)
_TASK_HEADER = re.compile(r"任务|内容|事项|措施|工作")
_SERIAL = re.compile(r"^\d{1,3}$")


def table_lines(rows):
    """Lines for the rows of a table (each row a list of cell texts).

    A table whose first row is a header (序号 / 重点任务 / 牵头单位 / 完成时限 …)
    is a list of points when its first column numbers the rows: each row
    becomes ``N、task。牵头单位:X。配合单位:Y。完成时限:Z。`` — the task cell
    after the enumerator, every other cell after its header, so that the
    header names what each cell is (a lead, a unit, a limit) and the header
    row itself is no line of its own. Any other table gives one line per row,
    cells separated by tabs.
    """
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = rows[0]
    is_header = (len(header) >= 3 and sum(1 for c in header if len(c) <= 12 and _HEADER_WORD.search(c)) >= 3
                 and all(len(c) <= 12 for c in header))
    width = len(header)
    if not is_header or len(rows) < 2:
        return ["\t".join(c for c in r if c) for r in rows]
    serial = 0 if _SERIAL_HEADER.match(header[0]) else None
    task = next((i for i, c in enumerate(header) if i != serial and _TASK_HEADER.search(c)), None)
    if task is None:
        task = 1 if serial == 0 else 0
    out = []
    for row in rows[1:]:
        if len(row) != width:  # a merged caption or note row: as it is
            out.append("\t".join(c for c in row if c))
            continue
        parts = []
        number = row[serial] if serial is not None else None
        head = row[task].rstrip("。;;,,")
        if number is not None and _SERIAL.match(number):
            parts.append(f"{number}、{head}。")
        else:
            parts.append(((number + "\t") if number else "") + head + "。")
        for i, cell in enumerate(row):
            if i in (serial, task) or cell in ("", "-", "—", "/"):
                continue
            parts.append(f"{header[i]}:{cell.rstrip('。;;,,')}。")
        out.append("".join(parts))
    return out
