"""Set-up shared by the benchmarks: Django on a throwaway database.

Each benchmark runs standalone (``python bench/bench_x.py``) or from
``bench/run_all.py``; either way this module sits beside it on ``sys.path``.
"""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(name: str) -> None:
    """Start Django on a fresh SQLite file (or on BENCH_DATABASE_URL when set), never on DATABASE_URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    if "DUBAN_VAR_DIR" not in os.environ:
        os.environ["DUBAN_VAR_DIR"] = tempfile.mkdtemp(prefix=f"duban-bench-{name}-")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def timed_get(client, url, params, repeat: int):
    """GET ``url`` ``repeat`` times: (best s, median s, SQL queries of the last run, last response); 200 or it fails."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return min(times), statistics.median(times), len(captured), response
