"""The office's review screen in a real browser: what staff type survives, and the table fits the screen.

Each test here guards a defect found by clicking through the app (issue 13); unit tests did not see
them, since only a browser shows that a date field cannot display the value it was given.
"""
import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from directives.models import Directive, Speech, Unit
from directives.services.speeches import speech_import
from tests import factories
from tests.browser.conftest import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).parent / "fixtures"
# Where the review screen's screenshots go (looked at by hand): var/screenshots/review unless told.
SCREENSHOTS = Path(
    os.environ.get("DUBAN_REVIEW_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots" / "review")
)


@pytest.fixture
def speech_text():
    return (FIXTURES / "heating_season.txt").read_text(encoding="utf-8")


@pytest.fixture
def townships(county):
    return [
        factories.UnitFactory(name="东城街道办事处", short_name="东城街道", kind="street", parent=county),
        factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county),
        factories.UnitFactory(name="山前乡人民政府", short_name="山前乡", kind="township", parent=county),
    ]


@pytest.fixture
def office(login_as_office):
    page, user = login_as_office()
    return page, user


@pytest.fixture
def speech(office, unit_a, unit_b, townships, speech_text):
    """The speech imported through the service, as the import screen does."""
    _page, user = office
    meeting = factories.MeetingFactory(title="全县冬季供暖保障工作会议", held_on=datetime.date(2026, 11, 2))
    result = speech_import(meeting=meeting, text=speech_text, imported_by=user)
    return result.speeches[0]


def point(speech, number) -> Directive:
    return speech.directives.get(number=number)


def review_url(speech) -> str:
    return reverse("admin:directives_speech_review", args=[speech.pk])


def test_editing_a_point_keeps_its_deadline(office, speech, unit_b):
    # given a point proposed with the deadline 2026-11-30 (11月底前)
    page, _user = office
    target = point(speech, "(二)")
    assert target.deadline == datetime.date(2026, 11, 30)

    # when staff open 修改 and the date field shows it
    page.goto(reverse("admin:directives_speech_directive_edit", args=[speech.pk, target.pk]))
    date_field = page.locator("input[name=deadline]")
    assert date_field.input_value() == "2026-11-30"

    # and they only set the lead unit (an autocomplete) and save
    page.locator("#id_lead_unit + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("交通")
    page.locator(".select2-results__option", has_text="县交通局").click()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**{review_url(speech)}**")

    # then the point keeps its date and has the new lead unit
    target.refresh_from_db()
    assert target.deadline == datetime.date(2026, 11, 30)
    assert target.lead_unit == unit_b


def row(page, directive):
    return page.locator(f"#point-{directive.pk}")


def test_a_refused_assignment_keeps_everything_typed_and_shows_the_reasons_beside_the_rows(office, speech, townships):
    # given staff tick three points and type on each row
    page, _user = office
    gas, heating, warmth, fire = (point(speech, n) for n in ("(一)", "(二)", "(三)", "(四)"))
    page.goto(review_url(speech))
    for directive in (gas, warmth, fire):
        row(page, directive).locator("input[name=selected]").check()
    row(page, gas).locator(f"input[name=person_{gas.pk}]").fill("赵刚")
    row(page, gas).locator(f"input[name=deadline_{gas.pk}]").fill("2026-12-20")
    row(page, fire).locator(f"select[name=fan_out_{fire.pk}]").select_option("townships")
    row(page, fire).locator(f"input[name=person_{fire.pk}]").fill("各乡镇分管领导")
    # (三) has neither a lead unit nor a deadline: it will be refused, and nothing else assigned
    row(page, warmth).locator(f"input[name=person_{warmth.pk}]").fill("钱芳")

    # when they press 交办
    page.get_by_role("button", name="交办选中要点").click()
    page.wait_for_load_state()

    # then nothing was assigned, and every value is as they typed it
    assert not speech.directives.filter(review_status=Directive.Review.ASSIGNED).exists()
    for directive in (gas, warmth, fire):
        assert row(page, directive).locator("input[name=selected]").is_checked()
    assert not row(page, heating).locator("input[name=selected]").is_checked()
    assert row(page, gas).locator(f"input[name=person_{gas.pk}]").input_value() == "赵刚"
    assert row(page, gas).locator(f"input[name=deadline_{gas.pk}]").input_value() == "2026-12-20"
    assert row(page, fire).locator(f"select[name=fan_out_{fire.pk}]").input_value() == "townships"
    assert row(page, fire).locator(f"input[name=person_{fire.pk}]").input_value() == "各乡镇分管领导"
    assert row(page, warmth).locator(f"input[name=person_{warmth.pk}]").input_value() == "钱芳"
    # and the reasons stand beside the refused row only, which the warning at the top lists
    reasons = row(page, warmth).locator(".errorlist").inner_text()
    assert "没有牵头单位" in reasons and "没有完成时限" in reasons
    assert row(page, gas).locator(".errorlist").count() == 0
    assert page.locator(".refused-list a[href='#point-%d']" % warmth.pk).count() == 1
    page.screenshot(path=str(_screenshot_path("review-refused-1366")), full_page=False)

    # when they make (三) 长期 work for 县卫健委 by fanning it out... no: by dropping it, and assign again
    row(page, warmth).locator("input[name=selected]").uncheck()
    page.get_by_role("button", name="交办选中要点").click()
    page.wait_for_load_state()

    # then the typed values reach the tasks: 1 + 3 townships
    gas_task = gas.tasks.get()
    assert (gas_task.deadline, gas_task.responsible_person) == (datetime.date(2026, 12, 20), "赵刚")
    fire_tasks = list(fire.tasks.all())
    assert sorted(t.lead_unit.pk for t in fire_tasks) == sorted(u.pk for u in townships)
    assert {t.responsible_person for t in fire_tasks} == {"各乡镇分管领导"}
    assert {t.deadline for t in fire_tasks} == {datetime.date(2026, 11, 12)}


def test_a_point_without_a_deadline_needs_one_or_the_long_term_choice(office, speech, unit_a):
    # given (三) with no deadline, whose lead unit staff set
    page, _user = office
    warmth = point(speech, "(三)")
    Directive.objects.filter(pk=warmth.pk).update(lead_unit=unit_a)
    page.goto(review_url(speech))
    assert "未定时限" in row(page, warmth).inner_text()

    # when assigned with neither a date nor 长期, it is refused and listed
    row(page, warmth).locator("input[name=selected]").check()
    page.get_by_role("button", name="交办选中要点").click()
    page.wait_for_load_state()
    assert "没有完成时限" in row(page, warmth).locator(".errorlist").inner_text()
    assert not warmth.tasks.exists()

    # when they tick 长期 and assign again
    row(page, warmth).get_by_label("长期").check()
    page.get_by_role("button", name="交办选中要点").click()
    page.wait_for_load_state()

    # then its task has no date on purpose, and no green light
    task = warmth.tasks.get()
    assert (task.deadline, task.open_ended, task.light) == (None, True, "none")
    assert "长期工作" in page.locator(".messagelist").inner_text()


def _screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


@pytest.mark.parametrize("width", [1366, 1600])
def test_the_review_table_fits_the_screen_without_sideways_scrolling(office, speech, width):
    page, _user = office
    page.set_viewport_size({"width": width, "height": 768})
    page.goto(review_url(speech))
    page.screenshot(path=str(_screenshot_path(f"review-{width}")), full_page=False)
    # nothing scrolls sideways: neither the page nor the table's own box
    assert horizontal_overflow(page) == 0
    assert horizontal_overflow(page, "#review-form") == 0
    # and the last columns (责任人, 操作) end before the source panel begins
    table_right = page.evaluate("document.querySelector('table.review').getBoundingClientRect().right")
    source_left = page.evaluate("document.querySelector('#speech-source').getBoundingClientRect().left")
    person = page.locator(f"input[name=person_{point(speech, '(一)').pk}]").bounding_box()
    edit = page.locator(f"#point-{point(speech, '(一)').pk} td.ops a").first.bounding_box()
    assert table_right <= source_left
    assert person["x"] + person["width"] <= source_left and edit["x"] + edit["width"] <= source_left
    assert person["width"] >= 60  # room to type a name


SELECT_IN_SOURCE = """(words) => {
    // Select WORDS in the source panel as a user dragging over them would.
    const source = document.getElementById('speech-source');
    const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
    let text = '', nodes = [];
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    const start = text.indexOf(words), end = start + words.length;
    const at = (offset) => { for (const [node, base] of nodes) { if (offset <= base + node.data.length) return [node, offset - base]; } };
    const [sNode, sOff] = at(start), [eNode, eOff] = at(end);
    window.getSelection().setBaseAndExtent(sNode, sOff, eNode, eOff);
    return start;
}"""


def test_a_missed_point_is_added_from_the_source_in_reading_order_under_its_parent(office, speech):
    # given the extractor missed (三) and read its words into (二)
    page, _user = office
    second, third, fourth = point(speech, "(二)"), point(speech, "(三)"), point(speech, "(四)")
    missed = third.text
    Directive.objects.filter(pk=second.pk).update(text=second.text + "\n" + missed, end_offset=third.end_offset)
    third.delete()
    page.goto(review_url(speech))
    assert page.locator("#add-point").is_disabled()

    # when staff select its words in the source panel and press 新增要点
    assert page.evaluate(SELECT_IN_SOURCE, missed) >= 0
    page.locator("#add-point").click()
    page.wait_for_load_state()

    # then it stands between (二) and (四), under 二, and (二) ends where it begins
    points = list(speech.directives.order_by("position"))
    added = next(p for p in points if p.text == missed)
    assert [p.number for p in points] == ["一", "二", "(一)", "(二)", "(三)", "(四)", "三"]
    assert (added.parent.number, added.level, added.heading) == ("二", 2, "抓好困难群众取暖")
    second.refresh_from_db()
    assert missed not in second.text and second.text.endswith("检查。")
    assert "已新增要点" in page.locator(".messagelist").inner_text()
    assert page.locator(f"#point-{added.pk}").count() == 1
    assert fourth.pk in [p.pk for p in points]


def test_what_was_typed_on_other_rows_survives_a_drop_and_an_added_point(office, speech):
    # given staff typed on (一) and (二)
    page, _user = office
    gas, heating, warmth = point(speech, "(一)"), point(speech, "(二)"), point(speech, "(三)")
    page.goto(review_url(speech))
    row(page, gas).locator("input[name=selected]").check()
    row(page, gas).locator(f"input[name=person_{gas.pk}]").fill("赵刚")
    row(page, heating).locator(f"input[name=deadline_{heating.pk}]").fill("2026-12-10")
    row(page, heating).get_by_label("长期").check()

    # when they drop (三)
    row(page, warmth).get_by_role("button", name="舍弃").click()
    page.wait_for_load_state()

    # then (三) is dropped and the other rows are as they were typed
    assert Directive.objects.get(pk=warmth.pk).review_status == Directive.Review.DROPPED
    assert row(page, gas).locator("input[name=selected]").is_checked()
    assert row(page, gas).locator(f"input[name=person_{gas.pk}]").input_value() == "赵刚"
    assert row(page, heating).locator(f"input[name=deadline_{heating.pk}]").input_value() == "2026-12-10"
    assert row(page, heating).get_by_label("长期").is_checked()

    # and when they restore it, it shows its own proposal again, the others still as typed
    row(page, warmth).get_by_role("button", name="恢复").click()
    page.wait_for_load_state()
    assert row(page, warmth).locator(f"input[name=deadline_{warmth.pk}]").input_value() == ""
    assert row(page, gas).locator(f"input[name=person_{gas.pk}]").input_value() == "赵刚"
    # a plain reload shows the proposals
    page.reload()
    assert row(page, gas).locator(f"input[name=person_{gas.pk}]").input_value() == ""
