"""The browser harness itself: Chromium starts, the live server answers, each role is logged in."""
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_reaches_the_admin_index(login_as_office):
    page, _user = login_as_office()
    page.goto("/admin/")
    assert page.locator("#site-name").count() == 1
    assert "/accounts/login" not in page.url and "/admin/login" not in page.url


def test_clerk_opens_the_workspace_on_a_phone(login_as_clerk, unit_a):
    page, user = login_as_clerk(unit_a, phone=True)
    page.goto("/workspace/")
    assert page.viewport_size == {"width": 390, "height": 844}
    assert "/accounts/login" not in page.url
    assert page.evaluate("navigator.maxTouchPoints") > 0


def test_anonymous_visitor_is_sent_to_the_login_form(new_page):
    page = new_page()
    page.goto("/workspace/")
    assert "/accounts/login/" in page.url
