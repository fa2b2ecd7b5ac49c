"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright against a live server.

Fixtures:

- ``browser``: one headless Chromium for the whole run (``/usr/bin/chromium``; Playwright's own
  browser download does not work on our machines). The tests skip with the reason when Chromium or
  the ``playwright`` package is missing.
- ``new_page(phone=False)``: a fresh browser context and page, 1366×768 desktop or a 390×844 phone
  (touch, mobile viewport); closed after the test.
- ``login_page(user, phone=False)``: a page already logged in as ``user`` (a session cookie made by
  Django's test client, so no login form is typed in every test); ``login_as_office()``,
  ``login_as_clerk()``, ``login_as_leader()`` make the usual actors with the right rights.
- ``screenshot(page, name)``: saves a full-page PNG under ``$DUBAN_SCREENSHOT_DIR`` (default
  ``var/screenshots``) and returns its path.

The live server is pytest-django's ``live_server`` (a thread serving the test database; works on
SQLite, whose test database is a file, and on PostgreSQL). Playwright's sync API runs an event loop
in the test thread, so Django's async-safety check is relaxed for these tests only.
"""
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.test import Client

from tests import factories

CHROMIUM = os.environ.get("DUBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
DEFAULT_TIMEOUT_MS = 15_000

# Playwright's sync API keeps an asyncio loop in this thread; the ORM calls a test makes between
# browser steps are still synchronous, so Django's guard would refuse them without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing_browser_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install -r requirements.txt)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install: say why instead of erroring every test
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_media_root(settings, tmp_path):
    """Uploads (attachments, speech files) of a browser test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(phone=False, locale="zh-CN")`` -> a Page in a fresh context; ``page.base_url`` is the live server."""
    contexts = []

    def make(*, phone: bool = False, locale: str = "zh-CN", cookies: list | None = None):
        options = {
            "viewport": PHONE if phone else DESKTOP,
            "locale": locale,
            "timezone_id": "Asia/Shanghai",
            "base_url": live_server.url,
            "accept_downloads": True,
        }
        if phone:
            options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login_page(new_page, live_server):
    """``login_page(user, phone=False)`` -> a Page whose browser is logged in as ``user``."""

    def make(user, *, phone: bool = False, locale: str = "zh-CN"):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        session_cookie = {"name": cookie.key, "value": cookie.value, "url": live_server.url}
        return new_page(phone=phone, locale=locale, cookies=[session_cookie])

    return make


def grant_office_rights(user):
    """An office member as the demo makes one: staff, with every permission of the app."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["directives", "django_celery_beat"]))
    return user


@pytest.fixture
def login_as_office(login_page, office_unit):
    """``login_as_office(phone=False)`` -> (page, user) for a member of the 督查室 with admin rights."""

    def make(*, phone: bool = False, username: str = "office", locale: str = "zh-CN"):
        user = factories.UserFactory(username=username, membership__unit=office_unit, membership__role="office")
        grant_office_rights(user)
        return login_page(user, phone=phone, locale=locale), user

    return make


@pytest.fixture
def login_as_clerk(login_page):
    """``login_as_clerk(unit, phone=False)`` -> (page, user) for a clerk (经办人) of ``unit``."""

    def make(unit, *, phone: bool = False, username: str | None = None, locale: str = "zh-CN"):
        user = factories.UserFactory(
            username=username or f"clerk_{unit.pk}", membership__unit=unit, membership__role="clerk"
        )
        return login_page(user, phone=phone, locale=locale), user

    return make


@pytest.fixture
def login_as_leader(login_page, county):
    """``login_as_leader(phone=False)`` -> (page, user) for a leader (领导, read-only)."""

    def make(*, phone: bool = False, username: str = "leader", locale: str = "zh-CN"):
        user = factories.UserFactory(username=username, membership__unit=county, membership__role="leader")
        return login_page(user, phone=phone, locale=locale), user

    return make


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves ``<name>.png`` (full page) and returns its path."""
    folder = Path(os.environ.get("DUBAN_SCREENSHOT_DIR", Path(django_settings.BASE_DIR) / "var" / "screenshots"))

    def take(page, name: str, *, full_page: bool = True) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def horizontal_overflow(page, selector: str = "body") -> int:
    """How many CSS pixels the element (or the page) is wider than what is shown: 0 when nothing scrolls sideways."""
    return page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            if (!el) return -1;
            const root = document.scrollingElement;
            const target = sel === 'body' ? root : el;
            return Math.max(0, target.scrollWidth - target.clientWidth);
        }""",
        selector,
    )
