"""Importing creates the meeting in place, and every speech of a compilation keeps its own title and speaker."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directives.models import Meeting, Speech
from directives.services.speeches import MeetingDraft, meeting_title_from, speech_import


def _speech(header, date_line, body):
    return f"{header}\n{date_line}\n同志们:\n{body}\n"


FIRST = _speech(
    "县长张明在全县安全生产工作会议上的讲话",
    "(2026年11月2日)",
    "今天召开会议,部署冬季安全生产工作。\n一、压实责任。县应急管理局要在11月底前完成隐患排查。\n"
    "二、抓好整治。县住建局牵头,12月15日前完成工地检查。",
)
SECOND = _speech(
    "副县长李华在全县冬春火灾防控工作会议上的讲话",
    "(2026年11月5日)",
    "冬春季节是火灾多发期。\n一是开展消防检查。县消防救援大队牵头,11月30日前完成人员密集场所检查。\n"
    "二是加强宣传教育。县融媒体中心要在12月10日前播出防火公益广告。",
)


def test_meeting_title_from_a_speech_title():
    assert meeting_title_from("县长张明在全县安全生产工作会议上的讲话") == "全县安全生产工作会议"
    assert meeting_title_from("在全县重点项目建设攻坚推进会上的总结讲话") == "全县重点项目建设攻坚推进会"
    assert meeting_title_from("关于安全生产的几点意见") == ""


def test_import_creates_the_meeting_from_the_speech_title_and_date(office_user, db):
    result = speech_import(new_meeting=MeetingDraft(chair="县委副书记 孙磊"), text=FIRST, imported_by=office_user)
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.held_on, meeting.chair) == ("全县安全生产工作会议", datetime.date(2026, 11, 2), "县委副书记 孙磊")
    speech = result.speeches[0]
    assert speech.meeting == meeting and speech.speaker == "张明"
    assert speech.directives.get(number="一").deadline == datetime.date(2026, 11, 30)


def test_import_needs_a_date_when_neither_the_form_nor_the_speech_gives_one(office_user, db):
    undated = FIRST.replace("(2026年11月2日)\n", "")
    with pytest.raises(ValidationError, match="请填写新会议的日期"):
        speech_import(new_meeting=MeetingDraft(), text=undated, imported_by=office_user)
    assert not Meeting.objects.exists() and not Speech.objects.exists()
    result = speech_import(new_meeting=MeetingDraft(held_on=datetime.date(2026, 11, 9)), text=undated, imported_by=office_user)
    assert result.speeches[0].meeting.held_on == datetime.date(2026, 11, 9)


def test_import_takes_an_existing_meeting_or_a_new_one_not_both(office_user, meeting):
    with pytest.raises(ValidationError, match="二选一"):
        speech_import(meeting=meeting, new_meeting=MeetingDraft(), text=FIRST, imported_by=office_user)


def test_every_speech_of_a_compilation_keeps_its_own_title_speaker_and_date(office_user, meeting):
    result = speech_import(
        meeting=meeting, text="讲话汇编\n\n" + FIRST + "\n" + SECOND, title="不该用于汇编", speaker="不该用于汇编", imported_by=office_user
    )
    assert [(s.title, s.speaker, s.delivered_on) for s in result.speeches] == [
        ("县长张明在全县安全生产工作会议上的讲话", "张明", datetime.date(2026, 11, 2)),
        ("副县长李华在全县冬春火灾防控工作会议上的讲话", "李华", datetime.date(2026, 11, 5)),
    ]


def test_speeches_of_a_compilation_with_one_title_are_told_apart(office_user, meeting):
    same = "在全县安全生产工作会议上的讲话"
    text = "\n".join(
        [FIRST.replace("县长张明在全县安全生产工作会议上的讲话", same), SECOND.replace("副县长李华在全县冬春火灾防控工作会议上的讲话", same)]
    )
    titles = [s.title for s in speech_import(meeting=meeting, text=text, imported_by=office_user).speeches]
    assert titles == [f"{same}(之一)", f"{same}(之二)"]


def test_a_single_speech_takes_the_title_and_speaker_typed_on_the_form(office_user, meeting):
    (speech,) = speech_import(meeting=meeting, text=FIRST, title="张明县长讲话", speaker="张明县长", imported_by=office_user).speeches
    assert (speech.title, speech.speaker) == ("张明县长讲话", "张明县长")


def test_import_form_creates_the_meeting_in_place(client, office_user):
    office_user.is_staff = office_user.is_superuser = True
    office_user.save()
    client.force_login(office_user)
    response = client.post(
        reverse("admin:directives_speech_import"), {"text": FIRST, "new_meeting_location": "县政府第一会议室"}
    )
    speech = Speech.objects.get()
    assert response.status_code == 302
    assert (speech.meeting.title, speech.meeting.location) == ("全县安全生产工作会议", "县政府第一会议室")
