"""Importing a speech: run the extractor, keep the source, and store its points for review.

The extractor (``directives.extraction``) is plain Python; this module maps
the frozen dataclasses it returns (``extraction.Speech``, ``extraction.Directive``)
onto Speech and Directive rows and matches the unit names it found against
the Unit directory. A point's deadlines are kept as the contract writes them
(EXTRACTION_CONTRACT.md: text and ISO date).
"""
import datetime
import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import extraction
from ..extraction.reading import read_file
from ..extraction.types import DOUBT_UNKNOWN_UNIT
from ..models import Directive, Meeting, Speech
from ..selectors.units import UnitDirectory
from ..extraction.limits import LimitExceeded
from ..validators import file_limit_message, validate_speech_file

_WHITESPACE = re.compile(r"\s+")


def text_digest(text: str) -> str:
    """SHA-256 of the text after NFKC folding and with all white space removed.

    The same speech pasted, or saved as .txt or .docx, gives the same digest.
    """
    normalised = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text or ""))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class SpeechImportResult:
    """The speeches stored by an import, and those skipped as already imported."""

    speeches: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = []
        if self.speeches:
            points = sum(s.directive_count for s in self.speeches)
            parts.append(
                _("已导入%(count)d篇讲话,识别出%(points)d条要点,请逐条审核。") % {"count": len(self.speeches), "points": points}
            )
        for speech in self.duplicates:
            parts.append(
                _("“%(title)s”已于%(when)s导入到会议“%(meeting)s”,本次未重复导入,原有要点和交办事项不变。")
                % {
                    "title": speech.title,
                    "when": f"{timezone.localtime(speech.imported_at):%Y-%m-%d %H:%M}" if speech.imported_at else "",
                    "meeting": speech.meeting.title,
                }
            )
        return " ".join(parts)


def _run_extractor(*, text: str, meeting_date: datetime.date | None) -> tuple[list[extraction.Speech], list[str]]:
    """Return the speeches the extractor found (its frozen dataclasses) and the text of each."""
    document = extraction.extract_text(text, meeting_date=meeting_date)
    speech_texts = [s.text or "" for s in document.speeches]
    if len(speech_texts) == 1 and not speech_texts[0].strip():
        speech_texts = [text]
    return list(document.speeches), speech_texts


def read_speech_upload(uploaded_file) -> str:
    """Return the text of an uploaded .txt/.docx/.pdf; raise ValidationError with the reason if unreadable."""
    validate_speech_file(uploaded_file)
    suffix = PurePath(uploaded_file.name).suffix.lower()
    uploaded_file.seek(0)
    with tempfile.TemporaryDirectory(prefix="duban-speech-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
        try:
            text = read_file(path)
        except LimitExceeded as error:
            raise ValidationError(
                _("无法读取文件“%(name)s”:%(reason)s") % {"name": uploaded_file.name, "reason": file_limit_message(error)}
            ) from error
        except extraction.ExtractionError as error:
            raise ValidationError(
                _("无法读取文件“%(name)s”:%(reason)s")
                % {"name": uploaded_file.name, "reason": _reason_in_words(error.reason)}
            ) from error
    uploaded_file.seek(0)
    return text


# The extractor's reasons are English; the office reads Chinese.
_REASONS = (
    ("encrypted", gettext_lazy("文件已加密(有密码保护)")),
    ("scanned", gettext_lazy("PDF 没有文字层(可能是扫描件),请提供可复制文字的版本")),
    ("no text", gettext_lazy("文件中没有文字")),
    ("old .doc", gettext_lazy("这是旧版 .doc 或加密的 Word 文件,请另存为 .docx 后再上传")),
    ("corrupt", gettext_lazy("文件已损坏或格式不对")),
    ("empty", gettext_lazy("文件是空的")),
    ("encoding", gettext_lazy("无法识别文字编码(不是 UTF-8 或 GBK)")),
    ("binary", gettext_lazy("这不是文本文件")),
    ("unsupported", gettext_lazy("不支持这种文件类型,只接受 .txt、.docx、.pdf")),
)


def _reason_in_words(reason: str) -> str:
    lowered = (reason or "").lower()
    for key, words in _REASONS:
        if key in lowered:
            return str(words)
    return reason


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line[:300]
    return ""


def _locate(haystack: str, needle: str, start: int) -> tuple[int | None, int | None]:
    if not needle:
        return None, None
    found = haystack.find(needle, start)
    if found < 0:
        found = haystack.find(needle)
    if found < 0:
        return None, None
    return found, found + len(needle)


def _store_directives(speech: Speech, points: Iterable[extraction.Directive], directory: UnitDirectory) -> int:
    """Create the speech's Directive rows from the extractor's points; return how many."""
    created: dict[str, Directive] = {}
    cursor = 0
    count = 0
    for position, point in enumerate(points, start=1):
        count = position
        text = point.text or ""
        start, end = _locate(speech.text, text, cursor)
        if start is not None:
            cursor = start + 1
        limits = [d for d in point.deadlines if d.text]
        # Kept as the contract writes them (EXTRACTION_CONTRACT.md): text and ISO date.
        deadlines = [{"text": d.text, "date": d.date.isoformat() if d.date else None} for d in limits]
        lead_names = [n for n in point.lead_units if n]
        unit_names = [n for n in point.units if n]
        leads = directory.match(lead_names)
        everyone = directory.match(lead_names + unit_names)
        lead_unit = leads.units[0] if leads.units else (everyone.units[0] if everyone.units else None)
        cooperating = [u for u in everyone.units if u != lead_unit]
        proposed = next((d.date for d in limits if d.date), None)
        parent = created.get(point.parent)
        kind = point.kind if point.kind in Directive.Kind.values else Directive.Kind.DIRECTIVE
        directive = Directive.objects.create(
            speech=speech,
            parent=parent,
            position=position,
            level=point.level or (parent.level + 1 if parent else 1),
            number=(point.number or "")[:20],
            kind=kind,
            heading=((point.heading or "").strip() or _first_line(text) or _("(无标题)"))[:300],
            text=text,
            start_offset=start,
            end_offset=end,
            extracted_deadlines=deadlines,
            extracted_lead_units=lead_names,
            extracted_units=unit_names,
            recurrence=(point.recurrence or "")[:50],
            deadline=proposed,
            lead_unit=lead_unit,
            unknown_unit_names=everyone.unknown,
            extracted_doubts=_doubts(point, everyone.unknown),
        )
        if cooperating:
            directive.cooperating_units.set(cooperating)
        if point.id:
            created[point.id] = directive
    return count


def _doubts(point: extraction.Directive, unknown_names: list[str]) -> list[str]:
    """The extractor's doubts about a point, and 单位未在名录 when the directory lacks a name it gives."""
    doubts = [str(d)[:20] for d in point.doubts if d][:10]
    if unknown_names and DOUBT_UNKNOWN_UNIT not in doubts:
        doubts.append(DOUBT_UNKNOWN_UNIT)
    return doubts


def _own_titles(extracted: list[extraction.Speech], speech_texts: list[str], *, single_title: str | None) -> list[str]:
    """Each speech's title: the one given for a single speech, else its own, else its first line.

    Speeches of a compilation often carry the same title (a site's 13 speeches
    "在…会议上的讲话"): repeated ones are told apart by speaker, then by number.
    """
    if single_title and len(extracted) == 1:
        return [single_title.strip()]
    titles = []
    for index, found in enumerate(extracted):
        text = speech_texts[index] if index < len(speech_texts) else ""
        titles.append((found.title or "").strip() or _first_line(text))
    repeated = {t for t in titles if t and titles.count(t) > 1}
    seen: dict[str, int] = {}
    for index, title in enumerate(titles):
        if title not in repeated:
            continue
        seen[title] = seen.get(title, 0) + 1
        speaker = (extracted[index].speaker or "").strip()
        if speaker and speaker not in title and sum(
            1 for k, other in enumerate(extracted) if titles[k] == title and (other.speaker or "").strip() == speaker
        ) == 1:
            titles[index] = f"{title}({speaker})"
        else:
            titles[index] = _("%(title)s(之%(number)s)") % {"title": title, "number": _cn_number(seen[title])}
    return titles


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def _lock_digest(digest: str) -> None:
    """Serialise imports of the same text until commit, so two at once cannot both pass the duplicate check.

    SQLite already lets one writer at a time; PostgreSQL takes a transaction-level advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


_MEETING_IN_TITLE = re.compile(r"在(?P<meeting>.+?)(?:上|中)?的(?:总结|动员|主持|表态|工作)?(?:讲话|发言|致辞|报告|主持词)")


def meeting_title_from(speech_title: str) -> str:
    """The meeting a speech title names: 在全县冬季供暖保障工作会议上的讲话 -> 全县冬季供暖保障工作会议."""
    match = _MEETING_IN_TITLE.search(speech_title or "")
    return match.group("meeting").strip()[:200] if match else ""


@dataclass
class MeetingDraft:
    """A meeting to create with the import; blank title and date are taken from the speech."""

    title: str = ""
    held_on: datetime.date | None = None
    chair: str = ""
    location: str = ""


def _create_meeting(draft: MeetingDraft, extracted: list[extraction.Speech], speech_texts: list[str]) -> Meeting:
    first = extracted[0]
    title = (draft.title or "").strip() or meeting_title_from(first.title or "") or (
        _first_line(speech_texts[0] if speech_texts else "")
    )
    held_on = draft.held_on or first.meeting_date
    if not title:
        raise ValidationError(_("讲话稿中找不到会议名称,请填写新会议的名称。"))
    if held_on is None:
        raise ValidationError(_("讲话稿中没有写明日期,请填写新会议的日期(时限按它推算)。"))
    return Meeting.objects.create(
        title=title[:200], held_on=held_on, chair=(draft.chair or "").strip()[:100], location=(draft.location or "").strip()[:200]
    )


@transaction.atomic
def speech_import(
    *,
    meeting: Meeting | None = None,
    new_meeting: MeetingDraft | None = None,
    uploaded_file=None,
    text: str | None = None,
    title: str | None = None,
    speaker: str | None = None,
    imported_by=None,
) -> SpeechImportResult:
    """Extract the points of an uploaded or pasted speech and store them for review.

    The speech goes to ``meeting``, or to a meeting created with it from
    ``new_meeting`` (its blank name and date taken from the speech's own
    title and date). ``title`` and ``speaker``, when given, replace what the
    text says for a single speech; the speeches of a compilation keep their
    own. A speech whose text was imported before (same digest) is not stored
    again: it is returned in ``duplicates`` and its points and tasks stay as
    they are. Raise ValidationError, losing nothing, if the input is missing,
    unreadable or holds no text.
    """
    if (meeting is None) == (new_meeting is None):
        raise ValidationError(_("请选择已有会议,或填写新会议(二选一)。"))
    has_file = uploaded_file is not None
    has_text = bool((text or "").strip())
    if has_file == has_text:
        raise ValidationError(_("请上传讲话文件,或粘贴讲话全文(二选一)。"))
    source_text = read_speech_upload(uploaded_file) if has_file else text
    if not source_text.strip():
        raise ValidationError(_("讲话内容为空。"))
    meeting_date = meeting.held_on if meeting is not None else new_meeting.held_on
    extracted, speech_texts = _run_extractor(text=source_text, meeting_date=meeting_date)
    if not extracted:
        raise ValidationError(_("没有从中识别出讲话内容,请检查文件是否为讲话稿。"))
    if meeting is None:
        meeting = _create_meeting(new_meeting, extracted, speech_texts)
        if new_meeting.held_on is None and any(not found.meeting_date for found in extracted):
            # Deadlines of a speech that gives no date of its own count from the meeting's.
            again, again_texts = _run_extractor(text=source_text, meeting_date=meeting.held_on)
            if again:
                extracted, speech_texts = again, again_texts
    titles = _own_titles(extracted, speech_texts, single_title=title)

    result = SpeechImportResult()
    directory = UnitDirectory()
    stored_file_name = None
    for index, found in enumerate(extracted):
        speech_text = speech_texts[index] if index < len(speech_texts) and speech_texts[index].strip() else source_text
        digest = text_digest(speech_text)
        _lock_digest(digest)
        existing = Speech.objects.select_related("meeting").filter(text_digest=digest).order_by("pk").first()
        if existing is not None:
            result.duplicates.append(existing)
            continue
        own_speaker = (speaker or "").strip() if len(extracted) == 1 else ""
        speech = Speech(
            meeting=meeting,
            title=(titles[index] or meeting.title)[:300],
            speaker=(own_speaker or found.speaker or "")[:100],
            delivered_on=found.meeting_date,
            source_name=(uploaded_file.name if has_file else "")[:255],
            text_digest=digest,
            text=speech_text,
            imported_by=imported_by,
        )
        if has_file:
            if stored_file_name is None:
                uploaded_file.seek(0)
                speech.source_file.save(PurePath(uploaded_file.name).name, ContentFile(uploaded_file.read()), save=False)
                stored_file_name = speech.source_file.name
            else:
                speech.source_file.name = stored_file_name
        speech.save()
        speech.directive_count = _store_directives(speech, found.directives, directory)
        result.speeches.append(speech)
    return result
