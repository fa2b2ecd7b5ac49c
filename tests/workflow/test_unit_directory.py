"""The Unit directory (selectors.units.UnitDirectory): a name matches one unit, or none when several share it."""
import pytest

from directives.extraction.types import DOUBT_UNKNOWN_UNIT
from directives.models import Unit
from directives.selectors.units import UnitDirectory
from directives.services.speeches import speech_import

pytestmark = pytest.mark.django_db

SPEECH = (
    "在全县人居环境整治工作会议上的讲话\n\n"
    "一是抓好村庄清洁。李庄村牵头,11月30日前完成河道垃圾清理。\n"
    "二是抓好厕所改造。王家村负责,12月底前完成。\n"
)


def test_find_returns_the_one_unit_known_by_a_name(villages):
    # given: 王家村 exists once (under 河口镇)
    wang = villages[1]
    # when / then
    assert UnitDirectory().find("王家村") == wang


def test_find_reads_a_name_with_or_without_the_county_prefix(emergency_unit):
    directory = UnitDirectory()
    assert directory.find("应急管理局") == emergency_unit
    assert directory.find("县应急局") == emergency_unit


def test_find_gives_none_for_a_name_two_units_share(villages):
    # given: a 李庄村 under 河口镇 and another under 山前乡
    assert Unit.objects.filter(name="李庄村").count() == 2
    # when / then: neither is chosen
    assert UnitDirectory().find("李庄村") is None


def test_match_reports_a_shared_name_as_unknown(villages):
    # when
    match = UnitDirectory().match(["李庄村", "王家村"])
    # then
    assert match.units == [villages[1]]
    assert match.unknown == ["李庄村"]


def test_speech_naming_a_village_two_townships_have_leaves_the_lead_to_the_office(
    villages, meeting, office_user
):
    # when a speech names 李庄村 as lead (there is one under 河口镇 and one under 山前乡)
    (speech,) = speech_import(meeting=meeting, text=SPEECH, imported_by=office_user).speeches
    first, second = speech.directives.order_by("position")
    # then the point goes to neither village: the lead is left open and the name is flagged for review
    assert first.lead_unit is None
    assert not first.cooperating_units.exists()
    assert first.unknown_unit_names == ["李庄村"]
    assert DOUBT_UNKNOWN_UNIT in first.extracted_doubts
    # and a name held once still finds its unit
    assert second.lead_unit == villages[1]


@pytest.mark.django_db
def test_unit_directory_match_keeps_order_without_repeats_and_is_linear(unit_a, unit_b):
    import time

    from directives.selectors.units import UnitDirectory

    # given a pasted text naming thousands of bodies, most of them unknown, many repeated
    names = ["县卫健委", "各乡镇", "县卫生健康委员会", "县交通局", "各乡镇"] + [f"第{i}号专班" for i in range(40_000)] * 2
    directory = UnitDirectory()
    # when
    started = time.process_time()
    result = directory.match(names)
    elapsed = time.process_time() - started
    # then: each unit once (a unit's two names are one unit), each group and unknown name once, in order
    assert result.units == [unit_a, unit_b]
    assert result.groups == ["各乡镇"]
    assert result.unknown[:2] == ["第0号专班", "第1号专班"] and len(result.unknown) == 40_000
    assert elapsed < 5  # a list scan per name took minutes at this size
