"""Run Dubàn as an office runs it: the web server (gunicorn), a Celery worker and beat.

    python scripts/run_all.py            (what `make run` starts)

The worker and beat are restarted when they die (after 1, 2, 4 … 60 s; a
process that ran for a minute starts again at 1 s), so a crash in a job never
stops the site; if the web server itself exits, everything stops and this
script exits with its code. Ctrl-C (SIGINT) or SIGTERM stops all three.
"""
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

MAX_BACKOFF_SECONDS = 60.0
STABLE_AFTER_SECONDS = 60.0
STOP_GRACE_SECONDS = 30.0


@dataclass
class Child:
    name: str
    argv: list[str]
    restart: bool
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = 1.0
    restart_at: float | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv)
        self.started_at = time.monotonic()
        self.restart_at = None

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


def children(python: str, var_dir: str) -> list[Child]:
    concurrency = os.environ.get("CELERY_WORKER_CONCURRENCY", "2")
    return [
        Child("web", [python, "-m", "gunicorn", "-c", "tracker/gunicorn.conf.py", "tracker.wsgi"], restart=False),
        Child(
            "worker",
            [python, "-m", "celery", "-A", "tracker", "worker", "--loglevel=INFO", f"--concurrency={concurrency}"],
            restart=True,
        ),
        Child(
            "beat",
            [python, "-m", "celery", "-A", "tracker", "beat", "--loglevel=INFO",
             "--schedule", os.path.join(var_dir, "celerybeat-schedule")],
            restart=True,
        ),
    ]


def log(message: str) -> None:
    print(f"[run_all] {message}", flush=True)


def stop_all(procs: list[Child]) -> None:
    running = [c for c in procs if c.process is not None and c.process.poll() is None]
    for child in running:
        child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in running:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{child.name} did not stop in {STOP_GRACE_SECONDS:.0f} s: killed")
            child.process.kill()
            child.process.wait()


def supervise(procs: list[Child], *, poll_seconds: float = 0.5) -> int:
    """Start ``procs`` and keep the restartable ones running; return the web server's exit code."""
    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for child in procs:
        child.start()
    try:
        while stopping["signal"] is None:
            now = time.monotonic()
            for child in procs:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        child.restarts += 1
                        log(f"starting {child.name} again (restart {child.restarts})")
                        child.start()
                    continue
                code = child.exited()
                if code is None:
                    continue
                if not child.restart:
                    log(f"{child.name} exited with code {code}: stopping everything")
                    return code or 1
                if now - child.started_at >= STABLE_AFTER_SECONDS:
                    child.backoff = 1.0
                log(f"{child.name} exited with code {code}; the site keeps serving, restart in {child.backoff:.0f} s")
                child.restart_at = now + child.backoff
                child.backoff = min(MAX_BACKOFF_SECONDS, child.backoff * 2)
            time.sleep(poll_seconds)
        log("stopping the web server, the worker and beat…")
        return 0
    finally:
        stop_all(procs)


def main() -> int:
    python = os.environ.get("PY", sys.executable)
    var_dir = os.environ.get("DUBAN_VAR_DIR", os.path.join(os.getcwd(), "var"))
    port = os.environ.get("PORT", "8000")
    bind = os.environ.get("DUBAN_BIND") or f"127.0.0.1:{port}"
    site = os.environ.get("DUBAN_SITE_URL") or f"http://127.0.0.1:{port}"
    log(f"督办 serves on {bind}: {site}/admin/ (office) and {site}/workspace/ (units).")
    log("Ctrl-C stops the web server, the worker and beat.")
    return supervise(children(python, var_dir))


if __name__ == "__main__":
    sys.exit(main())
