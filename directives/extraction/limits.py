"""What an uploaded file may expand to while it is read: zip (.docx/.xlsx) members and PDF streams.

A 1 MB .docx can hold an image that inflates to 1 GiB, a 400 KB .xlsx ten
million shared strings, a 1 MB PDF a 1 GiB content stream. The readers check
these limits while reading, before the bytes are inflated, and raise
``LimitExceeded`` (an ExtractionError) naming the limit; nothing is read past it.

For zip files the central directory's sizes are checked first (cheap, and
CPython's zipfile never inflates a member past the size it declares: a
header that lies gives a CRC error, not more bytes); the members that are
parsed are then read through ``read_member``, which counts what it inflates.
"""
import io
import struct
import zipfile
from dataclasses import dataclass

from .errors import ExtractionError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    zip_members: int = 5000  # entries in one archive
    zip_member_bytes: int = 100 * MB  # one member, uncompressed
    zip_total_bytes: int = 300 * MB  # all members, uncompressed
    xml_bytes: int = 32 * MB  # one XML part that is parsed (word/document.xml, a sheet, shared strings)
    pdf_pages: int = 2000
    pdf_stream_bytes: int = 32 * MB  # one decoded PDF stream (a page's content, a font)
    pdf_total_bytes: int = 256 * MB  # all decoded PDF streams
    text_chars: int = 10_000_000  # characters of text a file may give


LIMITS = ReadLimits()


class LimitExceeded(ExtractionError):
    """A file that would expand past a limit: ``what`` names the limit (a ReadLimits field), ``limit`` its value."""

    def __init__(self, path, what, limit, detail=""):
        self.what, self.limit, self.detail = what, limit, detail
        shown = f"{limit // MB} MB" if limit >= MB else str(limit)
        super().__init__(path, f"too large: {detail or what} exceeds the limit ({what} = {shown})")


def _declared_entries(data: bytes) -> int | None:
    """Entries the end-of-central-directory record declares (None if not found): read before zipfile lists them."""
    tail = data[-(65535 + 22):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return struct.unpack("<H", tail[at + 10:at + 12])[0]


def open_zip(data: bytes, path="<bytes>", limits: ReadLimits = LIMITS) -> zipfile.ZipFile:
    """The archive in DATA, once its entry count and declared sizes are within LIMITS.

    Raise LimitExceeded if not, zipfile.BadZipFile if it is no zip.
    """
    entries = _declared_entries(data)
    if entries is not None and entries != 0xFFFF and entries > limits.zip_members:
        raise LimitExceeded(path, "zip_members", limits.zip_members, f"{entries} entries")
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > limits.zip_members:
        raise LimitExceeded(path, "zip_members", limits.zip_members, f"{len(infos)} entries")
    total = 0
    for info in infos:
        if info.file_size > limits.zip_member_bytes:
            raise LimitExceeded(path, "zip_member_bytes", limits.zip_member_bytes,
                                f"{info.filename} unpacks to {info.file_size} bytes")
        total += info.file_size
    if total > limits.zip_total_bytes:
        raise LimitExceeded(path, "zip_total_bytes", limits.zip_total_bytes, f"members unpack to {total} bytes")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path="<bytes>", limit: int = LIMITS.xml_bytes) -> bytes:
    """The uncompressed bytes of member NAME, inflated in chunks and refused past LIMIT bytes."""
    chunks, size = [], 0
    with archive.open(name) as member:
        while chunk := member.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise LimitExceeded(path, "xml_bytes", limit, f"{name} unpacks to more than {limit} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


class BoundedReader(io.RawIOBase):
    """A file object over zip member NAME that refuses to give more than LIMIT bytes (for streaming parsers)."""

    def __init__(self, archive: zipfile.ZipFile, name: str, path="<bytes>", limit: int = LIMITS.xml_bytes):
        self.member, self.name, self.path, self.limit, self.size = archive.open(name), name, path, limit, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.member.read(len(buffer))
        self.size += len(data)
        if self.size > self.limit:
            raise LimitExceeded(self.path, "xml_bytes", self.limit, f"{self.name} unpacks to more than {self.limit} bytes")
        buffer[:len(data)] = data
        return len(data)

    def close(self):
        self.member.close()
        super().close()
