"""Run every benchmark (bench/bench_*.py), each in its own process, and print its figures.

Usage: python bench/run_all.py [name ...]   e.g. `python bench/run_all.py extraction`
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv):
    wanted = set(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    if not scripts:
        print("no benchmarks found", file=sys.stderr)
        return 1
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        with tempfile.TemporaryDirectory(prefix="duban-bench-") as var_dir:
            env = dict(os.environ, DJANGO_SETTINGS_MODULE="tracker.settings", DUBAN_VAR_DIR=var_dir, PYTHONPATH=str(ROOT))
            env.setdefault("OPENPYXL_LXML", "False")
            started = time.perf_counter()
            result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env)
            print(f"--- {script.stem}: {'ok' if result.returncode == 0 else 'FAILED'} in {time.perf_counter() - started:.1f} s")
            if result.returncode:
                failed.append(script.stem)
    if failed:
        print(f"\nFailed benchmarks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
