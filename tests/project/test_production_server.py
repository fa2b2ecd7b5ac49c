"""The product as `make run` serves it: gunicorn with DEBUG off, two web workers and a Celery worker.

A database of its own is set up from nothing (migrate, collectstatic, the
demo county), on PostgreSQL + Redis when the suite runs there (CI) and on
SQLite + the SQLite broker otherwise. Then a real flow goes through HTTP only:
the office logs in, imports a speech, assigns its points; a clerk accepts the
task and files a zero report; the overdue sweep runs on the worker. Static
CSS comes with its content type and a missing page is our 404.
"""
import html.parser
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "duban-demo-2026"
SPEECH = """在全县冬季卫生健康工作会议上的讲话

同志们:
下面,我就做好今冬明春卫生健康工作讲三点意见。
一、抓紧开展流感疫苗接种。县卫生健康委牵头,12月25日前完成重点人群接种摸底,每周报送进度。
二、做好基层医疗机构药品保障。县卫生健康委负责,县市场监管局配合,确保常用药品不断供。
三、加强值班值守。各单位严格执行日报告零报告制度。
"""


# ------------------------------------------------------------------ a browser without a browser


class _Forms(html.parser.HTMLParser):
    """Every <form> of a page with its fields as a browser would submit them (defaults included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "buttons": [], "checkboxes": [], "options": {}}
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                form["checkboxes"].append((name, attrs.get("value", "on"), "checked" in attrs))
                if "checked" in attrs:
                    form["fields"].append((name, attrs.get("value", "on")))
            elif kind == "submit":
                form["buttons"].append((name, attrs.get("value", "")))
            elif kind != "file":
                form["fields"].append((name, attrs.get("value", "")))
        elif tag == "button" and name:
            form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
            form["options"][name] = []
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._form["options"][self._select["name"]].append(value)
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None:
                self._form["fields"].append((self._select["name"], chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None


class Browser:
    """Cookies, CSRF tokens and form submission over plain HTTP; redirects are not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect)

    def request(self, path, data=None, headers=None):
        url = urllib.parse.urljoin(self.base, path)
        request = urllib.request.Request(url, data=data, headers={"Referer": self.base + "/", **(headers or {})})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path):
        return self.request(path)

    def forms(self, body: bytes) -> list[dict]:
        parser = _Forms()
        parser.feed(body.decode("utf-8"))
        return parser.forms

    def submit(self, page_path, form: dict, overrides=(), button=None, drop=()):
        fields = [(k, v) for k, v in form["fields"] if k not in dict(overrides) and k not in drop]
        fields += list(overrides)
        if button:
            fields.append(button)
        action = form["attrs"].get("action") or page_path
        data = urllib.parse.urlencode(fields).encode()
        return self.request(action if action.startswith("/") else page_path, data=data,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, username, password=DEMO_PASSWORD):
        status, _, body = self.get("/accounts/login/")
        assert status == 200
        form = next(f for f in self.forms(body) if "login" in f["attrs"].get("class", ""))
        status, headers, _ = self.submit("/accounts/login/", form, [("username", username), ("password", password)])
        assert status == 302, f"login of {username} failed ({status})"
        return headers


# ------------------------------------------------------------------ the site


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_database(url: str):
    """Create a fresh database beside the one in ``url``; return (its url, a function dropping it)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"duban_e2e_{uuid.uuid4().hex[:8]}"
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parts._replace(path=f"/{name}").geturl(), drop


@pytest.fixture
def site(tmp_path):
    """gunicorn (2 workers, DEBUG off) and a Celery worker on a database set up from nothing."""
    var = tmp_path / "var"
    var.mkdir()
    queue = f"duban-e2e-{uuid.uuid4().hex[:8]}"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUBAN_"))}
    env.update(
        DUBAN_VAR_DIR=str(var),
        PORT=str(port),
        DUBAN_SITE_URL=f"http://127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        DATABASE_CONN_MAX_AGE="60",
    )
    env.pop("DJANGO_DEBUG", None)
    drop_database = None
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"], drop_database = _postgres_database(os.environ["DATABASE_URL"])
    else:
        env.pop("DATABASE_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        env.pop("CELERY_RESULT_BACKEND", None)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    log = open(tmp_path / "site.log", "w")
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "tracker/gunicorn.conf.py", "tracker.wsgi"],
                           cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "-Q", queue, "-n", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert web.poll() is None, (tmp_path / "site.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer /healthz in 60 s"
            time.sleep(0.3)
        yield {"base": base, "env": env, "queue": queue, "log": tmp_path / "site.log", "web": web}
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        if drop_database is not None:
            drop_database()


def _run_on_worker(site, name, **kwargs):
    """Send job ``name`` through the site's broker to its worker and wait for its answer."""
    code = (
        "import json, sys; from tracker.celery import app; "
        f"r = app.send_task({name!r}, kwargs={kwargs!r}, queue={site['queue']!r}, ignore_result=False); "
        "print(json.dumps(r.get(timeout=120)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=site["env"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:] + site["log"].read_text()[-3000:]
    return done.stdout.strip().splitlines()[-1]


def _bursts_of_sessions(base, *, bursts, clients):
    from concurrent.futures import ThreadPoolExecutor

    def one_session(_):
        browser = Browser(base)
        browser.login("lingdao")
        return browser.get("/workspace/tasks/")[0]

    for _ in range(bursts):
        with ThreadPoolExecutor(max_workers=clients) as pool:
            assert set(pool.map(one_session, range(clients))) == {200}


def _connections_to(url: str) -> int:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [parts.path.lstrip("/")]).fetchone()[0]


def test_production_server_serves_a_real_flow(site):
    office = Browser(site["base"])

    # Static files: hashed names, served by whitenoise with their content type.
    status, headers, body = office.get("/accounts/login/")
    assert status == 200
    css = re.search(r'href="(/static/duban/duban\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "the stylesheet is not served under its hashed (collected) name"
    status, headers, _ = office.get(css.group(1))
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers.get("Cache-Control", "")

    # A missing page is our 404, never Django's debug page.
    status, _, body = office.get("/workspace/no-such-page/")
    assert status == 404 and "页面不存在" in body.decode() and "URLconf" not in body.decode()

    # The office imports a speech.
    office.login("duchashi")
    status, _, body = office.get("/admin/directives/speech/import/")
    assert status == 200, body[:2000]
    form = next(f for f in office.forms(body) if f["attrs"].get("id") == "speech-import")
    meeting = next(value for value in form["options"]["meeting"] if value)
    status, headers, body = office.submit(
        "/admin/directives/speech/import/", form,
        [("meeting", meeting), ("title", "在全县冬季卫生健康工作会议上的讲话"), ("text", SPEECH)],
    )
    assert status == 302, body.decode()[:3000]
    review_path = headers["Location"]
    assert "/review/" in review_path

    # ... and assigns its points (a deadline where the speech gave none: 长期).
    status, _, body = office.get(review_path)
    assert status == 200
    form = next(f for f in office.forms(body) if f["attrs"].get("id") == "review-form")
    points = [value for name, value, _ in form["checkboxes"] if name == "selected"]
    assert len(points) >= 2, body.decode()[:3000]
    chosen = []
    fields = dict(form["fields"])
    for pk in points:
        chosen.append(("selected", pk))
        if not fields.get(f"deadline_{pk}"):
            chosen.append((f"open_ended_{pk}", "1"))
    status, headers, body = office.submit(review_path, form, chosen, button=("op", "assign"), drop=("selected",))
    assert status == 302, body.decode()[:3000]
    status, _, body = office.get("/workspace/tasks/?" + urllib.parse.urlencode({"q": "流感疫苗"}))
    assert status == 200 and "流感疫苗" in body.decode()

    # The clerk of 县卫健委 sees the task, accepts it and files today's zero report.
    clerk = Browser(site["base"])
    clerk.login("weijianwei")
    status, _, body = clerk.get("/workspace/tasks/")
    assert status == 200 and "流感疫苗" in body.decode()
    task_path = None
    for path in dict.fromkeys(re.findall(r'href="(/workspace/tasks/\d+/)"', body.decode())):
        if "流感疫苗" in clerk.get(path)[2].decode():
            task_path = path
            break
    assert task_path, "the clerk's list links to no page of the new task"
    status, _, body = clerk.get(task_path)
    accept = next(f for f in clerk.forms(body) if f["attrs"].get("action", "").endswith("/accept/"))
    status, _, _ = clerk.submit(task_path, accept)
    assert status == 302
    status, _, body = clerk.get(task_path)
    assert "签收" in body.decode()

    status, _, body = clerk.get("/workspace/reports/")
    assert status == 200
    zero = next(f for f in clerk.forms(body) if "zero-form" in f["attrs"].get("class", ""))
    status, _, _ = clerk.submit("/workspace/reports/", zero, button=("action", "zero"))
    assert status == 302
    status, _, body = clerk.get("/workspace/reports/")
    assert "已报送零报告" in body.decode()

    # The overdue sweep runs on the worker, through the broker.
    answer = _run_on_worker(site, "directives.overdue_sweep")
    assert answer.startswith("{")

    # Bursts of sessions never pile up database connections: one per web worker, kept.
    _bursts_of_sessions(site["base"], bursts=2, clients=12)
    if site["env"].get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        assert _connections_to(site["env"]["DATABASE_URL"]) <= 2 + 1 + 1  # web workers, the worker, slack

    # Every page went through gunicorn with DEBUG off: nothing leaked a traceback.
    assert "Traceback" not in site["log"].read_text()
