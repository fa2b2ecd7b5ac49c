"""The whole path in a real browser, as office staff and a unit's clerk click it (issue 13):
import a speech (the meeting created in place), edit a point and keep its date, assign with a refused
row and lose nothing typed, fan out; the clerk accepts, reports with an attachment and asks to close;
the office sends it back with a reason, the clerk sees it, asks again, and the office closes it."""
import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from directives.models import Meeting, ProgressReport, Speech, Task, TaskEvent
from tests import factories
from tests.browser.test_speech_review import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

SPEECH = (Path(__file__).parent / "fixtures" / "heating_season.txt").read_text(encoding="utf-8")


@pytest.fixture
def townships(county):
    return [
        factories.UnitFactory(name="东城街道办事处", short_name="东城街道", kind="street", parent=county),
        factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county),
    ]


def _row(page, speech, number):
    return page.locator(f"#point-{speech.directives.get(number=number).pk}")


def test_from_a_pasted_speech_to_a_closed_task(login_as_office, login_as_clerk, login_page, unit_a, unit_b, townships):
    office, _office_user = login_as_office()

    # 1. import: paste the speech, no meeting yet: the new meeting's name and date fill in from the text
    office.goto(reverse("admin:directives_speech_import"))
    office.locator("textarea[name=text]").fill(SPEECH)
    assert office.locator("input[name=new_meeting_title]").input_value() == "全县冬季供暖保障工作会议"
    assert office.locator("input[name=new_meeting_held_on]").input_value() == "2026-11-02"
    office.locator("input[name=new_meeting_chair]").fill("县委副书记 孙磊")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    office.screenshot(path=str(SCREENSHOTS / "import-new-meeting-1366.png"), full_page=True)
    office.get_by_role("button", name="导入并识别要点").click()
    office.wait_for_url("**/review/**")
    speech = Speech.objects.get()
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.held_on, meeting.chair) == ("全县冬季供暖保障工作会议", datetime.date(2026, 11, 2), "县委副书记 孙磊")
    assert speech.speaker == "陈志远"

    # 2. edit a point: its date shows in the date field and survives the save
    gas = speech.directives.get(number="(一)")
    _row(office, speech, "(一)").get_by_role("link", name="修改").click()
    assert office.locator("input[name=deadline]").input_value() == "2026-12-04"
    office.locator("input[name=heading]").fill("抓好燃气管网沿线排查")
    office.get_by_role("button", name="保存", exact=True).click()
    office.wait_for_url("**/review/**")
    gas.refresh_from_db()
    assert (gas.heading, gas.deadline) == ("抓好燃气管网沿线排查", datetime.date(2026, 12, 4))

    # 3. assign three points, one of which cannot go: the refusal keeps every value typed
    _row(office, speech, "(一)").locator("input[name=selected]").check()
    _row(office, speech, "(一)").get_by_placeholder("责任人").fill("赵刚")
    _row(office, speech, "(三)").locator("input[name=selected]").check()
    _row(office, speech, "(四)").locator("input[name=selected]").check()
    _row(office, speech, "(四)").locator("select").select_option("townships")
    _row(office, speech, "(四)").get_by_placeholder("责任人").fill("分管副镇长")
    office.get_by_role("button", name="交办选中要点").click()
    office.wait_for_load_state()
    assert not Task.objects.exists()
    assert "没有牵头单位" in _row(office, speech, "(三)").locator(".errorlist").inner_text()
    assert _row(office, speech, "(一)").get_by_placeholder("责任人").input_value() == "赵刚"
    assert _row(office, speech, "(四)").locator("select").input_value() == "townships"
    assert _row(office, speech, "(四)").get_by_placeholder("责任人").input_value() == "分管副镇长"
    assert _row(office, speech, "(四)").locator("input[name=selected]").is_checked()
    office.screenshot(path=str(SCREENSHOTS / "path-refused-1366.png"))

    # leave (三) for later and assign the others: one task, and one per township
    _row(office, speech, "(三)").locator("input[name=selected]").uncheck()
    office.get_by_role("button", name="交办选中要点").click()
    office.wait_for_load_state()
    assert "生成3项交办事项" in office.locator(".messagelist").inner_text()
    task = Task.objects.get(directive__number="(一)")
    assert (task.lead_unit, task.responsible_person, task.deadline) == (unit_b, "赵刚", datetime.date(2026, 12, 4))
    assert sorted(t.lead_unit.pk for t in Task.objects.filter(directive__number="(四)")) == sorted(u.pk for u in townships)
    office.screenshot(path=str(SCREENSHOTS / "path-assigned-1366.png"))

    # 4. the clerk of 县交通局 accepts, reports with an attachment and asks to close
    clerk, _clerk_user = login_as_clerk(unit_b, username="jiaotong")
    clerk.goto(reverse("workspace:task_detail", args=[task.pk]))
    clerk.get_by_role("button", name="签收").first.click()
    clerk.wait_for_load_state()
    assert Task.objects.get(pk=task.pk).status == Task.Status.ACCEPTED
    clerk.goto(reverse("workspace:task_progress", args=[task.pk]))
    clerk.locator("textarea[name=text]").fill("已完成城区主干道沿线审批清理,共12处。")
    clerk.locator("input[name=attachment]").set_input_files(
        {"name": "清理台账.txt", "mimeType": "text/plain", "buffer": "12处审批清理明细".encode("utf-8")}
    )
    clerk.get_by_role("button", name="提交").click()
    clerk.wait_for_load_state()
    report = ProgressReport.objects.get(task=task)
    assert report.attachment and report.attachment.read() == "12处审批清理明细".encode("utf-8")
    clerk.goto(reverse("workspace:task_request_close", args=[task.pk]))
    clerk.locator("textarea[name=text]").fill("全部完成。")
    clerk.get_by_role("button", name="提交").click()
    clerk.wait_for_load_state()
    assert Task.objects.get(pk=task.pk).status == Task.Status.CLOSE_REQUESTED

    # 5. the office sends it back with a reason
    office.goto(reverse("workspace:task_return", args=[task.pk]))
    office.locator("textarea[name=reason]").fill("缺少开挖点位照片,请补充后再申请。")
    office.get_by_role("button", name="提交").click()
    office.wait_for_load_state()
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS

    # 6. the clerk sees the reason first, not at the bottom of the history
    clerk.goto(reverse("workspace:task_detail", args=[task.pk]))
    notice = clerk.locator(".notice.returned")
    assert "缺少开挖点位照片" in notice.inner_text()
    assert notice.bounding_box()["y"] < clerk.locator("h2").first.bounding_box()["y"]
    assert "退回" in clerk.locator("table.events").inner_text()
    clerk.screenshot(path=str(SCREENSHOTS / "path-clerk-returned-1366.png"), full_page=True)
    phone = login_page(_clerk_user, phone=True)
    phone.goto(reverse("workspace:task_detail", args=[task.pk]))
    assert "缺少开挖点位照片" in phone.locator(".notice.returned").inner_text()
    assert phone.evaluate("document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth") <= 0
    phone.screenshot(path=str(SCREENSHOTS / "path-clerk-returned-390.png"), full_page=True)

    # 7. asked again, the office closes it
    clerk.goto(reverse("workspace:task_request_close", args=[task.pk]))
    clerk.locator("textarea[name=text]").fill("已补充照片。")
    clerk.get_by_role("button", name="提交").click()
    clerk.wait_for_load_state()
    office.goto(reverse("workspace:task_close", args=[task.pk]))
    office.get_by_role("button", name="提交").click()
    office.wait_for_load_state()
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED
    assert list(task.events.filter(kind=TaskEvent.Kind.STATUS).values_list("to_status", flat=True)) == [
        "accepted", "in_progress", "close_requested", "in_progress", "close_requested", "closed"
    ]
    clerk.goto(reverse("workspace:task_detail", args=[task.pk]))
    assert clerk.locator(".notice.returned").count() == 0
