"""Hostile files made by the tests themselves: zip bombs (.docx/.xlsx), PDF bombs, huge page trees.

A bomb's payload is a chunk repeated many times. It is deflated once, with a
full flush before and after it, so every repetition is the same compressed
block and a 1 GiB member costs about 1 MB of bytes and no time to build.
"""
import functools
import struct
import zlib

from tests.extraction.pdfgen import write_pdf

MB = 1024 * 1024
GB = 1024 * MB


class Repeat:
    """PREFIX + CHUNK * TIMES + SUFFIX, deflated without ever being built in memory."""

    def __init__(self, chunk: bytes, times: int, prefix: bytes = b"", suffix: bytes = b""):
        self.chunk, self.times, self.prefix, self.suffix = chunk, times, prefix, suffix

    @property
    def size(self) -> int:
        return len(self.prefix) + len(self.chunk) * self.times + len(self.suffix)

    @functools.cache
    def crc32(self) -> int:
        crc = zlib.crc32(self.prefix)
        for _ in range(self.times):
            crc = zlib.crc32(self.chunk, crc)
        return zlib.crc32(self.suffix, crc)

    def adler32(self) -> int:
        value = zlib.adler32(self.prefix)
        for _ in range(self.times):
            value = zlib.adler32(self.chunk, value)
        return zlib.adler32(self.suffix, value)

    @functools.cache
    def raw_deflate(self) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        head = compressor.compress(self.prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
        block = compressor.compress(self.chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        tail = compressor.compress(self.suffix) + compressor.flush(zlib.Z_FINISH)
        return head + block * self.times + tail

    def zlib_stream(self) -> bytes:
        """The zlib format (header, deflate, Adler-32), as PDF's FlateDecode wants it."""
        return b"\x78\xda" + self.raw_deflate() + struct.pack(">I", self.adler32())


def zip_archive(members, *, declared_sizes=None) -> bytes:
    """A zip of (name, bytes | Repeat) members, all deflated; DECLARED_SIZES {name: n} makes its headers lie."""
    out, central = bytearray(), bytearray()
    for name, payload in members:
        if isinstance(payload, Repeat):
            data, crc, size = payload.raw_deflate(), payload.crc32(), payload.size
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            data, crc, size = compressor.compress(payload) + compressor.flush(), zlib.crc32(payload), len(payload)
        size = (declared_sizes or {}).get(name, size)
        encoded = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def docx_members(paragraphs=("一、抓好安全生产。各乡镇要在10月底前完成排查。",)):
    """The members of a small valid .docx holding PARAGRAPHS (python-docx's own template)."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def docx_bomb(image_bytes=GB) -> bytes:
    """A valid .docx (about 1 MB per GiB) with an image member that inflates to IMAGE_BYTES."""
    image = Repeat(b"\0" * MB, image_bytes // MB, prefix=b"\x89PNG\r\n\x1a\n")
    return zip_archive(docx_members() + [("word/media/image1.png", image)])


def docx_with_document_xml(payload) -> list:
    """The members of a .docx whose word/document.xml is PAYLOAD (bytes or Repeat)."""
    return [(name, payload if name == "word/document.xml" else data) for name, data in docx_members()]


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def huge_document_xml(paragraphs: int) -> Repeat:
    """A word/document.xml of PARAGRAPHS (a multiple of 1000) identical paragraphs (about 80 bytes each)."""
    paragraph = b"<w:p><w:r><w:t>" + "各乡镇要抓好落实".encode() * 2 + b"</w:t></w:r></w:p>"
    return Repeat(paragraph * 1000, paragraphs // 1000,
                  prefix=b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + b"><w:body>",
                  suffix=b"</w:body></w:document>")


# ----------------------------------------------------------------- PDF


def _stream(data: bytes, flate=False) -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if flate else b"") + data + \
        b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(parent: int, contents: int, font: int) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (parent, contents, font))


def pdf_stream_bomb(content_bytes=GB) -> bytes:
    """A one-page PDF (about 1 MB per GiB) whose content stream inflates to CONTENT_BYTES of blanks."""
    content = Repeat(b" " * MB, content_bytes // MB, prefix=b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")
    return write_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(2, 4, 5),
        _stream(content.zlib_stream(), flate=True),
        FONT,
    ])


def pdf_many_pages(pages: int, declared: int | None = None) -> bytes:
    """A PDF of PAGES pages sharing one small content stream; the page tree declares DECLARED (default PAGES)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % (pages if declared is None else declared),
        _stream(b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"),
        FONT,
    ]
    objects += [_page(2, 3, 4) for _ in range(pages)]
    return write_pdf(objects)


# ----------------------------------------------------------------- xlsx

_XLSX_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
               b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
               b'/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
               b'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
               b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_XLSX_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_XLSX_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                  b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                  b'relationships"><sheets><sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>')
_XLSX_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
                       b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
                       b'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                       b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>全称</t></is></c><c r="B1" t="inlineStr"><is><t>类别</t>'
               '</is></c></row>').encode()


def xlsx(sheet, shared_strings=b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>') -> bytes:
    """A minimal .xlsx whose first sheet XML is SHEET and shared strings SHARED_STRINGS (bytes or Repeat)."""
    return zip_archive([
        ("[Content_Types].xml", _XLSX_TYPES),
        ("_rels/.rels", _XLSX_RELS),
        ("xl/workbook.xml", _XLSX_WORKBOOK),
        ("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared_strings),
    ])


def xlsx_empty_rows(rows=10_000_000) -> bytes:
    """A unit sheet with a header, then ROWS empty rows (about 216 KB for ten million)."""
    return xlsx(Repeat(b"<row/>" * 1000, rows // 1000, prefix=SHEET_HEAD + _HEADER_ROW, suffix=SHEET_TAIL))


def xlsx_far_row(row=10_000_000) -> bytes:
    """A unit sheet with a header and one cell at ROW: a reader that fills the gap makes ROW empty rows."""
    far = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>县应急局</t></is></c></row>'.encode()
    return xlsx(SHEET_HEAD + _HEADER_ROW + far + SHEET_TAIL)


def xlsx_shared_strings(count=10_000_000) -> bytes:
    """A unit sheet whose shared-string table holds COUNT strings (about 414 KB for ten million)."""
    strings = Repeat(b"<si><t>x</t></si>" * 1000, count // 1000,
                     prefix=b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
                            b'uniqueCount="%d">' % (count, count), suffix=b"</sst>")
    return xlsx(SHEET_HEAD + _HEADER_ROW + SHEET_TAIL, strings)


def xlsx_wide_row(columns=16384) -> bytes:
    """A unit sheet declaring COLUMNS columns (a cell in the last one, XFD)."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(columns)
    return xlsx(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><dimension ref="A1:%s1048576"/><sheetData>' % last.encode()
                + _HEADER_ROW[:-6] + b'<c r="%s1" t="inlineStr"><is><t>x</t></is></c></row>' % last.encode()
                + SHEET_TAIL)
