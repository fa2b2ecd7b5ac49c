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


def file_limit_message(error) -> str:
    """What a clerk reads when a file would expand past a reading limit (an extraction.limits.LimitExceeded)."""
    what = error.what
    limit = error.limit
    size = filesizeformat(limit)
    if what == "zip_members":
        return _("文件内部的部件过多(超过%(limit)s个),不像正常的 Office 文件,请重新另存后再上传。") % {"limit": limit}
    if what in ("zip_member_bytes", "zip_total_bytes"):
        return _("文件解压后超过 %(limit)s(可能含超大图片,或是恶意的“压缩炸弹”),请删去大图片或重新另存后再上传。") % {
            "limit": size}
    if what == "xml_bytes":
        return _("文件正文解压后超过 %(limit)s,内容过多,请拆分后分别上传。") % {"limit": size}
    if what == "pdf_pages":
        return _("PDF 超过%(limit)s页,请拆分后分别上传。") % {"limit": limit}
    if what in ("pdf_stream_bytes", "pdf_total_bytes"):
        return _("PDF 内容解压后超过 %(limit)s,请另存为较小的 PDF,或改传 .docx/.txt 版本。") % {"limit": size}
    if what == "text_chars":
        return _("文件中的文字超过%(limit)s字,请拆分后分别上传。") % {"limit": limit}
    if what == "sheet_rows":
        return _("表格超过%(limit)s行(含空行),请删除多余的空行后再导入。") % {"limit": limit}
    if what == "sheet_columns":
        return _("表格超过%(limit)s列,请只保留单位信息各列后再导入。") % {"limit": limit}
    if what == "shared_strings":
        return _("表格中的文字条目过多(超过%(limit)s条),不像单位名单,请检查文件。") % {"limit": limit}
    return _("文件过大,无法读取。")
