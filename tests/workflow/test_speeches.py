"""Importing a speech: the real extractor, the Unit directory, and duplicate detection."""
import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.models import Directive, Speech
from directives.services.speeches import speech_import, text_digest


def _points(speech):
    return {d.number: d for d in speech.directives.select_related("parent", "lead_unit")}


def _docx_bytes(text):
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_speech_import_stores_points_with_parents_deadlines_and_units(meeting, office_user, directory, speech_text):
    # when
    result = speech_import(meeting=meeting, text=speech_text, imported_by=office_user)
    # then one speech with every point, nested as written
    (speech,) = result.speeches
    assert speech.title == "在全县冬季安全生产工作会议上的讲话"
    assert speech.speaker == "周立新"
    assert speech.delivered_on == datetime.date(2026, 11, 2)
    assert speech.text_digest == text_digest(speech.text)
    points = _points(speech)
    assert list(points) == ["一", "二", "(一)", "(二)", "(三)", "三"]
    assert points["(一)"].parent == points["二"] and points["(一)"].level == 2
    # proposed deadline: the first resolved date
    assert points["(一)"].deadline == datetime.date(2026, 12, 15)
    assert points["(一)"].extracted_deadlines == [{"text": "12月15日前", "date": "2026-12-15"}]
    # lead unit by short name; a unit missing from the directory is flagged
    assert points["(一)"].lead_unit == directory["transport"]
    assert points["(一)"].unknown_unit_names == ["县公安局"]
    assert points["(二)"].lead_unit == directory["health"]
    # a group is kept for fan-out, not flagged as unknown
    assert points["(三)"].lead_unit == directory["emergency"]
    assert "各乡镇(街道)" in points["(三)"].extracted_units
    assert points["(三)"].unknown_unit_names == []
    assert points["三"].recurrence == "weekly:FR"
    # offsets point at the point's text in the speech
    point = points["(二)"]
    assert speech.text[point.start_offset:point.end_offset] == point.text
    assert "导入1篇讲话" in result.message


def test_speech_import_twice_is_detected_and_duplicates_nothing(meeting, office_user, directory, speech_text):
    # given
    speech_import(meeting=meeting, text=speech_text, imported_by=office_user)
    counts = Speech.objects.count(), Directive.objects.count()
    # when the same speech comes again, re-spaced and with full-width punctuation
    again = speech_text.replace(",", ",").replace("\n", "\n\n  ")
    result = speech_import(meeting=meeting, text=again, imported_by=office_user)
    # then
    assert result.speeches == []
    assert len(result.duplicates) == 1
    assert (Speech.objects.count(), Directive.objects.count()) == counts
    assert "未重复导入" in result.message


def test_speech_import_from_docx_keeps_the_file_and_matches_the_pasted_copy(meeting, office_user, directory, speech_text):
    # given
    upload = SimpleUploadedFile("冬季安全讲话.docx", _docx_bytes(speech_text))
    # when
    result = speech_import(meeting=meeting, uploaded_file=upload, imported_by=office_user)
    # then
    (speech,) = result.speeches
    assert speech.source_name == "冬季安全讲话.docx"
    assert speech.source_file.name.endswith(".docx")
    assert speech.source_file.read()[:2] == b"PK"
    assert speech.directives.count() == 6
    # and pasting the same speech afterwards is a duplicate
    assert speech_import(meeting=meeting, text=speech_text, imported_by=office_user).duplicates == [speech]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("讲话.exe", b"MZ\x90\x00", "不支持"),
        ("讲话.pdf", b"not a pdf at all", "不符"),
        ("讲话.docx", b"PK\x03\x04broken zip", "损坏"),
        ("讲话.txt", b"", "空文件"),
    ],
)
def test_speech_import_refuses_bad_files_with_a_clear_message(meeting, office_user, name, content, message):
    with pytest.raises(ValidationError) as caught:
        speech_import(meeting=meeting, uploaded_file=SimpleUploadedFile(name, content), imported_by=office_user)
    assert message in " ".join(caught.value.messages)
    assert not Speech.objects.exists()


def test_speech_import_refuses_a_file_over_the_size_limit(settings, meeting, office_user, speech_text):
    settings.DUBAN_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("讲话.txt", speech_text.encode())
    with pytest.raises(ValidationError, match="超过上限"):
        speech_import(meeting=meeting, uploaded_file=upload, imported_by=office_user)


@pytest.mark.parametrize("kwargs", [{}, {"text": "   "}])
def test_speech_import_needs_a_file_or_text(meeting, office_user, kwargs):
    with pytest.raises(ValidationError, match="二选一"):
        speech_import(meeting=meeting, imported_by=office_user, **kwargs)


def test_speech_import_reads_gbk_text_files(meeting, office_user, directory, speech_text):
    upload = SimpleUploadedFile("讲话.txt", speech_text.encode("gbk"))
    (speech,) = speech_import(meeting=meeting, uploaded_file=upload, imported_by=office_user).speeches
    assert speech.speaker == "周立新"
