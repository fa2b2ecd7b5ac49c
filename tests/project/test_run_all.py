"""The `make run` supervisor: the worker and beat come back when they die; the web server's exit stops all."""
import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("run_all", ROOT / "scripts" / "run_all.py")
run_all = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_all)


def _sleeper(seconds):
    return [sys.executable, "-c", f"import time; time.sleep({seconds})"]


def test_supervise_restarts_a_dead_worker_and_keeps_the_web_server(monkeypatch):
    # given a web server that lives 4 s and a worker that dies at once, twice
    monkeypatch.setattr(run_all, "MAX_BACKOFF_SECONDS", 0.2)
    web = run_all.Child("web", _sleeper(4), restart=False)
    worker = run_all.Child("worker", _sleeper(0.1), restart=True, backoff=0.1)
    beat = run_all.Child("beat", _sleeper(30), restart=True)
    # when
    code = run_all.supervise([web, worker, beat], poll_seconds=0.05)
    # then the worker was started again and again, beat never, and all stopped at the end
    assert code == 1  # the web server's exit (0 from sleep) is reported as a failure to the caller
    assert worker.restarts >= 3
    assert beat.restarts == 0
    assert beat.process.poll() is not None and worker.process.poll() is not None


def test_supervise_stops_everything_on_sigterm(monkeypatch):
    web = run_all.Child("web", _sleeper(30), restart=False)
    beat = run_all.Child("beat", _sleeper(30), restart=True)
    threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGTERM)).start()
    started = time.monotonic()
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        code = run_all.supervise([web, beat], poll_seconds=0.05)
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert code == 0
    assert time.monotonic() - started < 10
    assert web.process.poll() is not None and beat.process.poll() is not None


def test_supervise_gunicorn_config_binds_loopback_and_sizes_workers_from_cpus():
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; c = runpy.run_path('tracker/gunicorn.conf.py'); print(c['bind'], c['workers'])"],
        cwd=ROOT, capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k not in ("DUBAN_BIND", "WEB_CONCURRENCY", "PORT")},
    )
    bind, workers = result.stdout.split()
    assert bind == "127.0.0.1:8000"
    assert int(workers) == os.cpu_count() * 2 + 1
