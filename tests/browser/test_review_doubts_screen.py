"""The extractor's doubts on the review screen, in a real browser (issue 17): a reviewer sees them
on a desktop and on a phone, and they do not push the table off the screen."""
import datetime

import pytest
from django.urls import reverse

from directives.services.speeches import speech_import
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = ("在全县护林防火工作会议上的讲话\n(2026年11月2日)\n同志们:\n今天召开护林防火工作会议,部署今冬明春的护林防火工作。"
        "下面,我讲三点意见:一、压实护林责任,各乡镇要在汛前完成护林员选聘,县护林联络中心要加强督导检查。")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_doubts_show_beside_the_point(login_as_office, live_server, screenshot, phone):
    page, user = login_as_office(phone=phone)
    meeting = factories.MeetingFactory(title="全县护林防火工作会议", held_on=datetime.date(2026, 11, 2))
    speech = speech_import(meeting=meeting, text=TEXT, imported_by=user).speeches[0]
    page.goto(live_server.url + reverse("admin:directives_speech_review", args=[speech.pk]))
    badges = page.locator(".badge.doubt")
    assert [t.strip() for t in badges.all_inner_texts()] == ["? 单独序号", "? 时限无日期", "? 单位未在名录"]
    assert all(badge.is_visible() for badge in badges.all())
    box = badges.first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1
    screenshot(page, f"review_doubts_{'phone' if phone else 'desktop'}")
