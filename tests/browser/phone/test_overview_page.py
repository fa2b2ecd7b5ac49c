"""The leader's overview in a browser, on the demo county: charts drawn, nothing sideways, figures downloaded, printable."""
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from directives.demo.loader import demo_load
from tests.browser.phone.conftest import PHONES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_leader():
    demo_load()
    return User.objects.get(username="lingdao")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_overview_on_a_desktop_draws_every_chart_and_downloads_its_figures(login_page, demo_leader, screenshot):
    page = login_page(demo_leader)
    page.goto(reverse("workspace:home"))
    assert page.url.endswith(reverse("workspace:overview"))  # a leader's home is the overview
    charts = page.locator("svg.chart")
    assert charts.count() >= 4
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 300 and box["height"] > 60
    assert fits(page)
    assert page.locator("#ranking tbody tr").count() >= 3
    screenshot(page, "overview-1366")
    screenshot(page, "overview-1366-first-screen", full_page=False)
    with page.expect_download() as download:
        page.locator("#ranking .downloads a", has_text="Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["A2"].value == "排名" and sheet["A3"].value == 1


def test_overview_prints_charts_without_the_bars_and_links(login_page, demo_leader, screenshot):
    page = login_page(demo_leader)
    page.goto(reverse("workspace:overview"))
    page.emulate_media(media="print")
    assert page.locator(".topbar").is_hidden()
    assert page.locator(".downloads").first.is_hidden()
    assert page.locator("svg.chart").first.is_visible()
    screenshot(page, "overview-print")


def test_overview_fits_a_phone(phone, demo_leader, screenshot):
    page = phone("390x844", demo_leader)
    page.goto(reverse("workspace:overview"))
    assert fits(page), page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    frame = page.locator(".chart-frame").first
    assert frame.bounding_box()["width"] <= PHONES["390x844"]["width"]
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth")  # the chart swipes inside its frame
    screenshot(page, "overview-390")
    page.locator("#chart-units").scroll_into_view_if_needed()
    screenshot(page, "overview-390-units-chart", full_page=False)
