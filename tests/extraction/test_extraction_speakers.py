"""Speakers of the speeches of a compilation: the name, whether the role stands before or after it."""
import pytest

from directives.extraction import extract_text


def _speech(header: str) -> str:
    return (
        f"{header}\n(2026年11月2日)\n同志们:\n今天召开会议,部署冬季安全生产工作,我讲三点意见。\n"
        "一、压实责任。县应急管理局要在11月底前完成隐患排查。\n二、抓好整治。县住建局牵头,12月15日前完成工地检查。\n"
    )


@pytest.mark.parametrize(
    "header, speaker",
    [
        ("县长张明在全县安全生产工作会议上的讲话", "张明"),
        ("副县长李华在全县安全生产工作会议上的讲话", "李华"),
        ("县委书记、县长王强在全县安全生产工作会议上的讲话", "王强"),
        ("卢红区长在全区安全生产工作会议上的讲话", "卢红"),
        ("王明同志在全县安全生产工作会议上的讲话", "王明"),
    ],
)
def test_speaker_is_the_name_in_the_title(header, speaker):
    (speech,) = extract_text(_speech(header)).speeches
    assert speech.speaker == speaker


def test_each_speech_of_a_compilation_keeps_its_own_title_and_speaker():
    second = (
        "副县长李华在全县冬春火灾防控工作会议上的讲话\n(2026年11月5日)\n同志们:\n冬春季节是火灾多发期,我讲几点意见。\n"
        "一是开展消防检查。县消防救援大队牵头,11月30日前完成人员密集场所检查。\n"
        "二是加强宣传教育。县融媒体中心要在12月10日前播出防火公益广告。\n"
    )
    text = "讲话汇编\n\n" + _speech("县长张明在全县安全生产工作会议上的讲话") + "\n" + second
    speeches = extract_text(text).speeches
    assert [(s.title, s.speaker) for s in speeches] == [
        ("县长张明在全县安全生产工作会议上的讲话", "张明"),
        ("副县长李华在全县冬春火灾防控工作会议上的讲话", "李华"),
    ]
