"""Clerks on phones: every workspace page fits 360–414 px without sideways scrolling, and its main buttons are
at least 44 px; a zero report is filed and a task accepted by touch; a robot message's link opens its page after login."""
import datetime
import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import DailyReport, Notification, Task, WebhookEndpoint
from directives.services.jobs import report_reminders_send
from directives.services.notifications.channels import webhook_payload
from tests.browser.phone.conftest import PASSWORD, PHONES

pytestmark = pytest.mark.django_db(transaction=True)

MIN_TARGET = 44


def overflow(page) -> dict:
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))})"
    )


def assert_fits(page):
    sizes = overflow(page)
    assert sizes["scroll"] <= sizes["inner"], f"{page.url}: {sizes}"


def assert_targets(page, selector: str, *, at_least: int = 1):
    """Every visible element matching ``selector`` is at least 44×44 CSS px."""
    boxes = [box for box in (el.bounding_box() for el in page.locator(selector).all()) if box and box["width"]]
    assert len(boxes) >= at_least, f"{selector}: {len(boxes)} on {page.url}"
    small = [b for b in boxes if b["height"] < MIN_TARGET or b["width"] < MIN_TARGET]
    assert not small, f"{selector} smaller than {MIN_TARGET}px on {page.url}: {small}"


def clerk_pages(day):
    task, working, campaign = day["to_accept"], day["working"], day["campaign"]
    return [
        ("home", reverse("workspace:home"), ["button.zero", ".topbar nav a", ".stats a"]),
        ("task_list", reverse("workspace:task_list"), ["table.tasks td.title a", "details.filter-box > summary"]),
        ("task_detail", reverse("workspace:task_detail", args=[task.pk]), [".actions button, .actions a.button"]),
        ("task_progress", reverse("workspace:task_progress", args=[working.pk]), [".action-form button"]),
        ("task_request_close", reverse("workspace:task_request_close", args=[working.pk]), [".action-form button"]),
        ("daily_report", reverse("workspace:reports_home"), ["button.zero", ".report-form button"]),
        ("daily_report_file", reverse("workspace:reports_file", args=[campaign.pk]), ["button.zero", ".report-form button"]),
        ("daily_report_history", reverse("workspace:reports_history", args=[campaign.pk]), ["table.history a.button"]),
        ("task_evidence", reverse("workspace:task_evidence", args=[working.pk]), [".action-form button"]),
        ("task_extension", reverse("workspace:task_extension", args=[working.pk]), [".action-form button, form button"]),
        ("notifications", reverse("workspace:notifications"), ["button.open", ".topbar nav a"]),
        ("password_change", reverse("password_change"), ["form button"]),
    ]


@pytest.mark.parametrize("size", list(PHONES))
def test_every_clerk_page_fits_the_phone_and_its_buttons_are_touch_sized(phone, village_clerk, clerk_day, size, screenshot):
    page = phone(size, village_clerk)
    for name, url, targets in clerk_pages(clerk_day):
        page.goto(url)
        assert page.locator("h1").count() == 1, name
        assert_fits(page)
        for selector in targets:
            assert_targets(page, selector)
        if size == "390x844":
            screenshot(page, f"phone-{name}")


@pytest.mark.parametrize("size", list(PHONES))
def test_login_page_fits_and_its_fields_are_touch_sized(phone, size, screenshot):
    page = phone(size)
    page.goto(reverse("login"))
    assert_fits(page)
    assert_targets(page, ".login button")
    assert_targets(page, ".login input[name=username], .login input[name=password]", at_least=2)
    if size == "390x844":
        screenshot(page, "phone-login")


def test_task_list_is_a_list_of_cards_on_a_phone_and_a_table_on_a_desktop(phone, login_page, village_clerk, clerk_day):
    page = phone("390x844", village_clerk)
    page.goto(reverse("workspace:task_list"))
    assert page.locator("table.tasks thead").is_hidden()
    rows = page.locator("table.tasks tbody tr")
    assert rows.count() == 2
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "block"
    # the filters are folded away above the cards, and open with a tap
    assert page.locator("form.filters").is_hidden()
    page.locator("details.filter-box > summary").tap()
    assert_targets(page, "form.filters button, form.filters a.button", at_least=2)
    assert_fits(page)
    # each value says what it is
    assert page.locator("table.tasks td.deadline").first.evaluate("td => getComputedStyle(td, '::before').content").startswith('"完成时限')
    desktop = login_page(village_clerk)
    desktop.goto(reverse("workspace:task_list"))
    assert desktop.locator("table.tasks thead").is_visible()
    assert desktop.locator("table.tasks tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "table-row"


def test_numeric_indicators_bring_up_the_number_keypad(phone, village_clerk, clerk_day):
    page = phone("390x844", village_clerk)
    page.goto(reverse("workspace:reports_home"))
    form = page.locator(".report-form")
    assert form.get_by_label("排查户数").get_attribute("inputmode") == "numeric"
    assert form.get_by_label("整改资金").get_attribute("inputmode") == "decimal"
    assert form.get_by_label("发现的主要问题").evaluate("el => el.tagName") == "TEXTAREA"


def test_zero_report_is_the_first_thing_a_clerk_sees_and_is_filed_by_one_tap(phone, village_clerk, village_unit, clerk_day):
    page = phone("360x740", village_clerk)
    page.goto(reverse("workspace:home"))
    zero = page.locator("button.zero").first
    box = zero.bounding_box()
    first_button = page.locator("main button, main a.button").first
    assert first_button.evaluate("el => el.classList.contains('zero')")
    assert box["y"] + box["height"] <= PHONES["360x740"]["height"]  # on the first screen, without scrolling
    # when
    zero.tap()
    page.wait_for_load_state()
    # then
    assert "零报告" in page.locator(".messages").inner_text()
    report = DailyReport.objects.get(campaign=clerk_day["campaign"], unit=village_unit)
    assert report.is_zero and report.submitted_by == village_clerk
    page.goto(reverse("workspace:home"))
    assert page.locator("button.zero").count() == 0  # filed: the home page no longer asks
    assert_fits(page)


def test_clerk_accepts_a_task_by_touch(phone, village_clerk, clerk_day):
    task = clerk_day["to_accept"]
    page = phone("390x844", village_clerk)
    page.goto(reverse("workspace:task_list"))
    page.locator("table.tasks td.title a", has_text="燃气安全").tap()
    page.wait_for_url(lambda url: urlparse(url).path == task.get_absolute_url())
    accept = page.get_by_role("button", name="签收")
    assert accept.bounding_box()["height"] >= MIN_TARGET
    accept.tap()
    page.wait_for_load_state()
    assert "已签收" in page.locator(".messages").inner_text()
    task.refresh_from_db()
    assert task.status == Task.Status.ACCEPTED and task.accepted_at is not None
    assert page.get_by_role("button", name="签收").count() == 0


@pytest.mark.parametrize("kind", ["task", "report"])
def test_link_in_a_robot_message_opens_its_page_after_login(phone, settings, live_server, village_unit, village_clerk,
                                                            clerk_day, kind):
    # given the robot message a unit's group chat receives, with the site's address
    settings.DUBAN_SITE_URL = live_server.url
    if kind == "task":
        notification = Notification.objects.filter(task=clerk_day["to_accept"]).first()
        expected = clerk_day["to_accept"].get_absolute_url()
        heading = clerk_day["to_accept"].tracking_number
    else:  # the reminder the job sends before the cutoff to units that have not filed
        campaign = clerk_day["campaign"]
        report_reminders_send(now=campaign.cutoff_at(timezone.localdate()) - datetime.timedelta(minutes=30))
        notification = Notification.objects.get(recipient=village_clerk, kind=Notification.Kind.REPORT_DUE)
        expected = reverse("workspace:reports_file", args=[clerk_day["campaign"].pk])
        heading = clerk_day["campaign"].name
    payload = webhook_payload(notification, WebhookEndpoint.Format.MARKDOWN)
    link = re.search(r"\]\((http[^)]+)\)", payload["markdown"]["text"]).group(1)
    # when a clerk not logged in on the phone taps it
    page = phone("390x844")
    page.goto(link)
    assert "/accounts/login/" in page.url
    assert_fits(page)
    page.locator("input[name=username]").fill(village_clerk.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator(".login button").tap()
    # then the page the message was about opens
    page.wait_for_url(lambda url: urlparse(url).path == expected)
    assert heading in page.locator("h1").inner_text()
    assert_fits(page)


def test_clerk_pages_on_a_desktop_keep_their_tables(login_page, village_clerk, clerk_day, screenshot):
    page = login_page(village_clerk)
    for name, url, _targets in clerk_pages(clerk_day):
        page.goto(url)
        assert_fits(page)
        if name in ("home", "task_list", "task_detail", "daily_report", "notifications"):
            screenshot(page, f"desktop-{name}")
    page.goto(reverse("workspace:notifications"))
    assert page.locator("table.notifications thead").is_visible()
