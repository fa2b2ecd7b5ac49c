"""Load through the real server: gunicorn on PostgreSQL at 20,000 tasks and 500 units.

Usage: python bench/bench_load.py [--tasks 20000] [--units 500] [--workers 3]
                                  [--clients 10] [--requests 120] [--seconds 10]

Builds the task list's county (bench_workspace) and a 500-unit campaign of
90 days (bench_reports) in a PostgreSQL database of its own
(BENCH_LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/duban_bench_load,
dropped and made anew), starts gunicorn with DEBUG off and ``--workers`` sync
workers, and for each page — the office's task list, a clerk's task list and
the office's report matrix over 14 and 90 days — measures one client, then
``--clients`` concurrent clients (each on its own keep-alive connection,
logged in by a session cookie): requests per second and the 50th / 99th
percentile latency. Skips, saying why, when PostgreSQL is not reachable.
"""
import argparse
import datetime
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duban_bench_load"


def fresh_database(url: str) -> bool:
    """Drop and create the database of ``url``; False when PostgreSQL cannot be reached."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"skipped: PostgreSQL not reachable at {parts.hostname}:{parts.port or 5432} ({error})")
        return False
    return True


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client_run(port: int, path: str, cookie: str, count: int, latencies: list, errors: list, stop_at: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept-Language": "zh-CN", "Host": "127.0.0.1"}
    for _ in range(count):
        if time.monotonic() > stop_at:
            break
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(repr(error))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        elapsed = time.perf_counter() - started
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
        else:
            latencies.append(elapsed)
    connection.close()


def load(port: int, path: str, cookie: str, *, clients: int, requests: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    per_client = max(1, requests // clients)
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_run, args=(port, path, cookie, per_client, latencies, errors, stop_at))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": percentile(50),
        "p99": percentile(99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=120, help="requests per measurement (at most)")
    parser.add_argument("--seconds", type=float, default=15.0, help="time limit per measurement")
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL)
    if not fresh_database(url):
        return 0
    os.environ["BENCH_DATABASE_URL"] = url
    os.environ.setdefault("DUBAN_VAR_DIR", tempfile.mkdtemp(prefix="duban-bench-load-"))
    os.environ.pop("DJANGO_DEBUG", None)
    import benchlib

    benchlib.django_setup("load")
    from django.core.management import call_command

    import bench_reports
    import bench_workspace

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    started = time.perf_counter()
    office, clerk, _clerk_unit = bench_workspace.build(args.tasks, args.units)
    campaign, _reports_office, units, reports = bench_reports.build(args.units, 90)
    print(f"built {args.tasks} tasks, a campaign of {units} units × 90 days ({reports} reports) "
          f"on PostgreSQL in {time.perf_counter() - started:.1f} s", flush=True)
    office_cookie, clerk_cookie = session_cookie(office), session_cookie(clerk)
    from django.db import connections

    connections.close_all()

    today = datetime.date.today()
    matrix = f"/workspace/reports/campaigns/{campaign.pk}/"
    pages = [
        ("office task list", "/workspace/tasks/", office_cookie),
        ("clerk task list", "/workspace/tasks/", clerk_cookie),
        ("14-day report matrix", f"{matrix}?start={today - datetime.timedelta(days=13)}&end={today}", office_cookie),
        ("90-day report matrix", f"{matrix}?start={today - datetime.timedelta(days=89)}&end={today}", office_cookie),
    ]
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, WEB_CONCURRENCY=str(args.workers), PORT=str(port),
               DUBAN_SITE_URL=f"http://127.0.0.1:{port}")
    env.pop("DJANGO_DEBUG", None)
    log = open(Path(os.environ["DUBAN_VAR_DIR"]) / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "tracker/gunicorn.conf.py", "--access-logfile", "/dev/null", "tracker.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("gunicorn did not start:\n" + (Path(os.environ["DUBAN_VAR_DIR"]) / "gunicorn.log").read_text())
                return 1
            time.sleep(0.3)
        print(f"gunicorn: {args.workers} sync workers, DEBUG off, PostgreSQL; {os.cpu_count()} CPUs")
        print(f"{'page':24} {'clients':>7} {'req':>5} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}  errors")
        for label, path, cookie in pages:
            load(port, path, cookie, clients=args.workers, requests=args.workers * 3, seconds=30)  # warm every worker
            for clients in (1, args.clients):
                figures = load(port, path, cookie, clients=clients, requests=args.requests, seconds=args.seconds)
                print(f"{label:24} {clients:7d} {figures['requests']:5d} {figures['rps']:7.1f} "
                      f"{figures['p50'] * 1000:8.0f} {figures['p99'] * 1000:8.0f}  {len(figures['errors']) or ''}"
                      f"{' ' + figures['errors'][0] if figures['errors'] else ''}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
