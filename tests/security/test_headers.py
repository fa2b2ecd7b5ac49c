"""Headers and pages every response carries: CSP, no-store for private pages, our error pages, /healthz."""
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_private_pages_are_never_stored(client, clerk_a):
    client.force_login(clerk_a)
    for url in (reverse("workspace:home"), reverse("workspace:task_list"), reverse("workspace:notifications")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_every_page_forbids_inline_scripts_and_framing(client, clerk_a):
    client.force_login(clerk_a)
    policy = client.get(reverse("workspace:home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]


def test_templates_carry_no_inline_script_or_event_handler():
    """The CSP refuses inline scripts: a template that had one would break silently in the browser."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("directives/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        for pattern in (inline_script, handler):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert not offenders, "move these into a static .js file:\n" + "\n".join(offenders)


@pytest.mark.django_db
def test_missing_page_shows_our_404_without_debug_details(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get("/workspace/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "返回首页" in body
    assert "URLconf" not in body and "DEBUG" not in body


@pytest.mark.django_db
def test_server_error_shows_our_500_page(settings):
    # given a view that fails
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    urlconf = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
    settings.ROOT_URLCONF = urlconf
    # when
    response = Client(raise_request_exception=False).get("/broken/")
    # then
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in body and "boom" not in body


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.9")  # a load balancer asks by address
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "ok": True}
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_503_when_the_broker_is_down_and_answers_fast(client):
    import time

    from tracker.celery import app

    # given a broker nobody listens on
    # (publishing, and so the check, use broker_write_url, which falls back on broker_url)
    saved = app.conf.broker_url, app.conf.broker_write_url
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url, app.conf.broker_write_url = saved
    # then
    assert response.status_code == 503
    assert response.json()["broker"] == "down" and response.json()["database"] == "ok"
    assert elapsed < 5
