"""Checks on uploaded files: size, and a type whitelist that looks at the bytes, not only the name."""
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_PDF = (b"%PDF",)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # old Office (.doc/.xls/.ppt), WPS
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)
_GIF = (b"GIF87a", b"GIF89a")
_BMP = (b"BM",)
_TEXT = None  # any bytes without NUL

# Extension -> accepted leading bytes.
ATTACHMENT_TYPES = {
    "pdf": _PDF,
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "png": _PNG,
    "gif": _GIF,
    "bmp": _BMP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "wps": _OLE,
    "et": _OLE,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "zip": _ZIP,
    "txt": _TEXT,
}

SPEECH_TYPES = {"txt": _TEXT, "docx": _ZIP, "pdf": _PDF}


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(uploaded, size=4096) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _check(uploaded, types: dict, kind_label: str) -> None:
    limit = settings.DUBAN_MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size)s,超过上限 %(limit)s。")
            % {"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": uploaded.name}, code="empty")
    extension = _extension(uploaded.name)
    if extension not in types:
        raise ValidationError(
            _("不支持“%(name)s”这种文件类型,%(kind)s只接受:%(allowed)s。")
            % {"name": uploaded.name, "kind": kind_label, "allowed": "、".join(sorted(types))},
            code="bad_type",
        )
    signatures = types[extension]
    head = _head(uploaded)
    if signatures is _TEXT:
        ok = b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))
    else:
        ok = head.startswith(signatures)
    if not ok:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名 .%(ext)s 不符,可能已损坏或改过扩展名。") % {"name": uploaded.name, "ext": extension},
            code="bad_content",
        )


def validate_attachment(uploaded) -> None:
    """Raise ValidationError if an attachment is too large, empty, or not of an allowed type."""
    _check(uploaded, ATTACHMENT_TYPES, _("附件"))


def validate_speech_file(uploaded) -> None:
    """Raise ValidationError if a speech file is too large, empty, or not .txt/.docx/.pdf."""
    _check(uploaded, SPEECH_TYPES, _("讲话文件"))
