"""The Content-Security-Policy holds in a real browser: no page trips it, and the scripts still work."""
import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _violations(page):
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    return seen


def test_csp_office_and_clerk_pages_trip_no_violation(login_as_office, login_as_clerk, unit_a, meeting):
    # given a speech with points and a task, so the review screen and task pages have content
    speech = factories.SpeechFactory(meeting=meeting)
    factories.make_task(lead_unit=unit_a, title="做好冬季安全生产检查")
    office_page, _ = login_as_office()
    violations = _violations(office_page)
    office_paths = [
        "/admin/",
        "/admin/directives/task/",
        "/admin/directives/task/add/",
        "/admin/directives/speech/import/",
        "/workspace/",
        "/workspace/tasks/",
        f"/admin/directives/speech/{speech.pk}/review/",
    ]
    # when
    for path in office_paths:
        response = office_page.goto(office_page.base_url + path)
        assert response.status < 400, path
    clerk_page, _ = login_as_clerk(unit_a)
    clerk_violations = _violations(clerk_page)
    for path in ["/workspace/", "/workspace/tasks/", "/workspace/reports/", "/workspace/notifications/", "/accounts/password/"]:
        response = clerk_page.goto(clerk_page.base_url + path)
        assert response.status < 400, path
    # then
    assert violations == [] and clerk_violations == []


def test_csp_language_switch_still_works_without_inline_script(login_as_clerk, unit_a):
    # given
    page, _ = login_as_clerk(unit_a)
    violations = _violations(page)
    page.goto(page.base_url + "/workspace/")
    assert "首页" in page.inner_text("header")
    # when the language is picked in the footer (no button: duban.js submits on change)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    # then
    assert "Home" in page.inner_text("header")
    assert violations == []
