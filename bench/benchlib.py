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
