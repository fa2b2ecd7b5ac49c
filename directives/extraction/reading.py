"""Read a speech file into text: .txt (UTF-8 / BOM / GB18030), .docx, .pdf.

Every failure is an ExtractionError(path, reason) with a short reason a
clerk can act on; nothing else escapes.
"""
import codecs
import contextvars
import re
import zipfile
import zlib
from pathlib import Path

from .errors import ExtractionError
from .limits import LIMITS, LimitExceeded, open_zip, read_member

SUPPORTED = (".txt", ".docx", ".pdf")


def read_file(path, limits=LIMITS):
    """Return the text of PATH; raise ExtractionError if it cannot be read (LimitExceeded if too large)."""
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
        text = read_docx(data, path, limits)
    else:
        text = read_pdf(data, path, limits)
    if len(text) > limits.text_chars:
        raise LimitExceeded(path, "text_chars", limits.text_chars, f"{len(text)} characters of text")
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


_OFFICE_DOCUMENT = ("/officeDocument/2006/relationships/officeDocument", "/officeDocument/relationships/officeDocument")


def _docx_main_part(archive, path, limits):
    """The name of the main document part (``word/document.xml`` unless _rels/.rels says otherwise)."""
    from docx.oxml import parse_xml

    try:
        rels = parse_xml(read_member(archive, "_rels/.rels", path, limits.xml_bytes))
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT) and rel.get("Target"):
            return rel.get("Target").lstrip("/")
    return "word/document.xml"


def read_docx(data, path="<bytes>", limits=LIMITS):
    """Paragraphs and table cells of a .docx, in document order.

    Only the main document part is inflated (bounded, see ``limits``) and
    parsed; images and the other parts are never read.
    """
    import io

    try:
        from docx.oxml import parse_xml
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a requirement
        raise ExtractionError(path, "python-docx is not installed")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ExtractionError(path, "old .doc or encrypted Word file, not a .docx; save it as .docx")
        raise ExtractionError(path, "corrupt .docx (not a zip archive)")
    try:
        archive = open_zip(data, path, limits)
        root = parse_xml(read_member(archive, _docx_main_part(archive, path, limits), path, limits.xml_bytes))
        lines = []
        for child in root.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, None).text)
            elif tag == "tbl":
                rows = []
                for row in Table(child, None).rows:
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


def read_pdf(data, path="<bytes>", limits=LIMITS):
    """The text layer of a PDF (pdfminer.six), page by page within ``limits``.

    The page count the document declares is checked before any page is read,
    and the pages are counted as they are read; every stream is decoded within
    the per-stream and total budgets (``_bounded_decode``).
    """
    import io
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError(path, "corrupt PDF (no %PDF header)")
    try:
        from pdfminer.converter import TextConverter
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import int_value, resolve1
    except ImportError:  # pragma: no cover
        raise ExtractionError(path, "pdfminer.six is not installed")
    # Page objects written in the clear are counted before pdfminer parses anything (a page tree
    # of 50,000 kids alone takes it seconds); those inside object streams are counted below.
    pages = sum(1 for _ in _PAGE_OBJECT.finditer(data))
    if pages > limits.pdf_pages:
        raise LimitExceeded(path, "pdf_pages", limits.pdf_pages, f"{pages} pages")
    _install_bounded_decode()
    budget = _StreamBudget(path, limits)
    token = _BUDGET.set(budget)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        declared = resolve1((document.catalog or {}).get("Pages"))
        declared = int_value(declared.get("Count", 0)) if isinstance(declared, dict) else 0
        if declared > limits.pdf_pages:
            raise LimitExceeded(path, "pdf_pages", limits.pdf_pages, f"{declared} pages")
        with io.StringIO() as out:
            manager = PDFResourceManager(caching=True)
            interpreter = PDFPageInterpreter(manager, TextConverter(manager, out, laparams=LAParams()))
            for number, page in enumerate(PDFPage.create_pages(document), 1):
                if number > limits.pdf_pages:
                    raise LimitExceeded(path, "pdf_pages", limits.pdf_pages, f"more than {limits.pdf_pages} pages")
                interpreter.process_page(page)
                if out.tell() > limits.text_chars:
                    raise LimitExceeded(path, "text_chars", limits.text_chars, "the text layer")
            return out.getvalue()
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractionError(path, "encrypted PDF (password protected)")
    except ExtractionError:
        raise
    except MemoryError:
        raise LimitExceeded(path, "pdf_total_bytes", limits.pdf_total_bytes, "decoding ran out of memory")
    except Exception as exc:
        name = type(exc).__name__
        if "Encrypt" in name or "Password" in name:
            raise ExtractionError(path, "encrypted PDF (password protected)")
        raise ExtractionError(path, f"corrupt PDF ({name})")
    finally:
        _BUDGET.reset(token)


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9])")


class _StreamBudget:
    """Bytes decoded so far from one PDF's streams, against the limits."""

    def __init__(self, path, limits):
        self.path, self.limits, self.total = path, limits, 0

    def check_flate(self, data):
        """Raise LimitExceeded if zlib DATA inflates past the per-stream limit (or the rest of the total).

        Inflated in 4 MB steps and thrown away: memory stays small, and the
        stream is refused as soon as it passes the limit.
        """
        allowed = self.limits.pdf_total_bytes - self.total
        stop = min(allowed, self.limits.pdf_stream_bytes)
        inflater, size = zlib.decompressobj(), 0
        try:
            for start in range(0, len(data), 64 * 1024):  # small pieces: no long unconsumed tail to copy
                piece = data[start:start + 64 * 1024]
                while piece and size <= stop:
                    size += len(inflater.decompress(piece, 4 * 1024 * 1024))
                    piece = inflater.unconsumed_tail
                if size > stop or inflater.eof:
                    break
        except zlib.error:
            return  # corrupt: pdfminer's own decoder deals with it
        self._refuse_past(size, allowed)

    def count(self, size):
        """Count a decoded stream of SIZE bytes."""
        self.total += size
        self._refuse_past(size, self.limits.pdf_total_bytes - self.total + size)

    def _refuse_past(self, size, allowed):
        if size > self.limits.pdf_stream_bytes:
            raise LimitExceeded(self.path, "pdf_stream_bytes", self.limits.pdf_stream_bytes, "a stream")
        if size > allowed:
            raise LimitExceeded(self.path, "pdf_total_bytes", self.limits.pdf_total_bytes, "the streams")


# The budget of the PDF being read in this thread/context; None outside read_pdf (pdfminer as it is).
_BUDGET = contextvars.ContextVar("duban_pdf_budget", default=None)


def _install_bounded_decode():
    """Wrap pdfminer's PDFStream.decode once: within read_pdf each stream is checked before it is inflated.

    pdfminer inflates a stream whole (``zlib.decompress``) and has no limit of
    its own; outside read_pdf (no budget) the wrapper does nothing.
    """
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    if getattr(PDFStream.decode, "duban_bounded", False):
        return
    original = PDFStream.decode

    def decode(self):
        budget = _BUDGET.get()
        if budget is None:
            return original(self)
        filters = self.get_filters()
        if filters and filters[0][0] in LITERALS_FLATE_DECODE and self.rawdata is not None:
            raw = self.rawdata
            if self.decipher:
                raw = self.decipher(self.objid, self.genno, raw, self.attrs)
            budget.check_flate(raw)
        original(self)
        budget.count(len(self.data or b""))

    decode.duban_bounded = True
    PDFStream.decode = decode


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
