"""Ledger export (督办台账) at 1,000, 10,000 and 100,000 tasks: time, peak memory, growth, ratio to bare openpyxl.

Usage: python bench/bench_exports.py [--sizes 1000,10000,100000] [--repeat 2]

Builds a throwaway SQLite database (bulk_create: units, meetings, points,
tasks with ledger-like Chinese text, cooperating units), then for each size
runs, each in a fresh process:

- ``ledger``: ``ledger_workbook_write`` over ``Task.objects.filter(pk <= n)``,
  the database read included;
- ``bare``: a bare openpyxl write-only writer of the same rows with the same
  named styles (a pre-styled row of ``WriteOnlyCell``s, only ``.value`` set per
  row), values made in memory, no database, no row heights.

Time is the CPU time (user + system) of the exporting process, best of
``--repeat`` alternated runs: the SQLite read runs in that process, and CPU
time is not stretched by other work on a shared machine the way wall time is
(wall seconds are printed alongside). Peak memory is the process's VmHWM (peak resident set, from /proc/self/status)
after the run minus VmHWM just before it (Django, openpyxl and the app
imported), so the figure is what the export itself added.
Targets (issue 9): ledger ≤ 1.3 × bare at 100,000; memory ≤ 60 MB above the
baseline at 100,000; time linear in the row count.
"""
import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
RATIO_TARGET = 1.3
MEMORY_TARGET_MB = 60

TITLES = [
    "开展冬季医疗机构消防安全大检查,排查整改隐患并建立台账",
    "完成城区老旧小区改造项目年度建设任务,确保按期交付使用",
    "做好春运期间道路交通安全保障和应急值守工作",
    "推进农村人居环境整治,完成生活垃圾分类收运体系建设",
    "加快重点项目前期工作,确保年底前开工建设",
]
PROGRESS = [
    "已组织专项检查组对全县医疗机构开展检查,发现隐患若干处,已完成整改大部分,剩余问题正在督促落实。",
    "项目已完成主体施工,正在进行配套设施建设,预计本月底前完成验收。",
    "",
    "已制定工作方案并召开专题会议部署,各乡镇正在按计划推进。",
]
REMARKS = ["", "县领导点名事项", "", "", "需跨部门协调"]


def vm_hwm_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("VmHWM not found in /proc/self/status")


def cpu_seconds() -> float:
    """User + system CPU time of this process: unlike wall time, not stretched by other processes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# ----------------------------------------------------------------- building the database


def build_database(max_size: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from directives.models import Directive, Meeting, Speech, Task, Unit

    call_command("migrate", verbosity=0, interactive=False)
    if Task.objects.count() >= max_size:
        return
    with transaction.atomic():
        county = Unit.objects.create(name="基准县", kind=Unit.Kind.COUNTY)
        units = []
        for i in range(60):
            unit = Unit(name=f"县第{i}局", short_name=f"县{i}局", kind=Unit.Kind.DEPARTMENT, parent=county)
            unit.save()
            units.append(unit)
        points = []
        for m in range(20):
            meeting = Meeting.objects.create(title=f"全县重点工作推进会议(第{m + 1}次)", held_on=datetime.date(2026, 1, 1)
                                             + datetime.timedelta(days=7 * m))
            speech = Speech.objects.create(meeting=meeting, title=f"在第{m + 1}次推进会议上的讲话", speaker="王明")
            for p in range(5):
                points.append(
                    Directive.objects.create(
                        speech=speech, position=p, number=f"{p + 1}、", heading="抓好重点工作落实", text="抓好重点工作落实。"
                    )
                )
        statuses = [s for s, _ in Task.Status.choices]
        batch = []
        through = Task.cooperating_units.through
        base = datetime.date(2026, 6, 1)
        for i in range(1, max_size + 1):
            point = points[i % len(points)]
            deadline = base + datetime.timedelta(days=i % 365)
            overdue = i % 4 == 0
            batch.append(
                Task(
                    tracking_year=2026,
                    tracking_serial=i,
                    tracking_number=f"督〔2026〕{i}号",
                    directive=point,
                    meeting_id=point.speech.meeting_id,
                    title=f"{TITLES[i % len(TITLES)]}(第{i}项)",
                    lead_unit=units[i % len(units)],
                    responsible_person="张三",
                    deadline=deadline,
                    status=statuses[i % len(statuses)],
                    is_overdue=overdue,
                    light="red" if overdue else ("yellow" if i % 4 == 1 else "green"),
                    latest_progress=PROGRESS[i % len(PROGRESS)],
                    remarks=REMARKS[i % len(REMARKS)],
                )
            )
            if len(batch) == 5000:
                _flush(batch, through, units)
                batch = []
        if batch:
            _flush(batch, through, units)


def _flush(batch, through, units):
    from directives.models import Task

    created = Task.objects.bulk_create(batch)
    links = []
    for task in created:
        if task.tracking_serial % 3:
            links.append(through(task_id=task.pk, unit_id=units[(task.tracking_serial + 7) % len(units)].pk))
        if task.tracking_serial % 5 == 0:
            links.append(through(task_id=task.pk, unit_id=units[(task.tracking_serial + 13) % len(units)].pk))
    through.objects.bulk_create(links)


# ----------------------------------------------------------------- the two writers, in a child process


def run_ledger(size: int, out: str) -> int:
    from directives.exports.ledger import LedgerOptions, ledger_workbook_write
    from directives.models import Task

    serial_limit = Task.objects.order_by("tracking_serial").values_list("pk", flat=True)[size - 1]
    tasks = Task.objects.filter(pk__lte=serial_limit)
    return ledger_workbook_write(tasks, out, options=LedgerOptions(title="督办台账"))


def run_bare(size: int, out: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from directives.exports import styles
    from directives.exports.ledger import ledger_columns

    columns = ledger_columns()
    workbook = Workbook(write_only=True)
    styles.register_styles(workbook)
    ws = workbook.create_sheet("督办台账")
    styles.set_columns(ws, columns)

    def cell(style, value=None):
        c = WriteOnlyCell(ws, value=value)
        c.style = style
        return c

    ws.append([cell("duban_title", "督办台账")])
    ws.append([cell("duban_header", c.header) for c in columns])
    plain = [cell(f"duban_{c.kind}") for c in columns]
    overdue = [cell(f"duban_{c.kind}_overdue") for c in columns]
    base = datetime.date(2026, 6, 1)
    for i in range(1, size + 1):
        row = overdue if i % 4 == 0 else plain
        values = (
            i, f"督〔2026〕{i}号", f"全县重点工作推进会议(第{i % 20 + 1}次)/王明《在第{i % 20 + 1}次推进会议上的讲话》",
            f"{TITLES[i % len(TITLES)]}(第{i}项)", f"县{i % 60}局", f"县{(i + 7) % 60}局" if i % 3 else "", "张三",
            base + datetime.timedelta(days=i % 365), "办理中", PROGRESS[i % len(PROGRESS)], (i % 30) or None,
            REMARKS[i % len(REMARKS)],
        )
        for c, v in zip(row, values):
            c.value = v
        ws.append(row)
    workbook.save(out)
    return size


def child(kind: str, size: int) -> None:
    django_setup()
    import openpyxl  # noqa: F401  (counted in the baseline, as in the web process)

    import directives.exports.ledger  # noqa: F401

    out = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=os.environ.get("DUBAN_VAR_DIR"))
    out.close()
    baseline = vm_hwm_kb()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    rows = (run_ledger if kind == "ledger" else run_bare)(size, out.name)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    peak = vm_hwm_kb()
    file_size = os.path.getsize(out.name)
    os.unlink(out.name)
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": (peak - baseline) / 1024,
                      "baseline_mb": baseline / 1024, "file_mb": file_size / 1024 / 1024}))


def measure(kind: str, size: int, env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(size)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"{kind} at {size} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeat", type=int, default=2, help="runs of each writer per size (best kept)")
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    own_var_dir = None
    if "DUBAN_VAR_DIR" not in os.environ:
        own_var_dir = tempfile.TemporaryDirectory(prefix="duban-bench-exports-")
        os.environ["DUBAN_VAR_DIR"] = own_var_dir.name
    os.environ.setdefault("OPENPYXL_LXML", "False")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tracker.settings", PYTHONPATH=str(ROOT))

    started = time.perf_counter()
    django_setup()
    build_database(max(sizes))
    print(f"database: {max(sizes):,} tasks built in {time.perf_counter() - started:.1f} s "
          f"(SQLite in {os.environ['DUBAN_VAR_DIR']}, OPENPYXL_LXML={os.environ['OPENPYXL_LXML']})")
    print("time = CPU seconds of the exporting process (user + system; the SQLite read runs in it), best of "
          f"{args.repeat}; wall seconds alongside (stretched when the machine is shared)")
    print(f"{'tasks':>8} {'ledger s':>9} {'bare s':>7} {'ratio':>6} {'µs/row':>7} {'wall ledger':>12} {'wall bare':>10} "
          f"{'wall ratio':>10} {'ledger MB':>10} {'bare MB':>8} {'file MB':>8}")
    results = []
    for size in sizes:
        # Alternate the two writers and keep each one's best run.
        runs = [(measure("ledger", size, env), measure("bare", size, env)) for _ in range(args.repeat)]
        ledger = min((r[0] for r in runs), key=lambda m: m["cpu"])
        bare = min((r[1] for r in runs), key=lambda m: m["cpu"])
        ledger_wall = min(r[0]["seconds"] for r in runs)
        bare_wall = min(r[1]["seconds"] for r in runs)
        ledger["peak_mb"] = max(r[0]["peak_mb"] for r in runs)
        assert ledger["rows"] == size, ledger
        ratio = ledger["cpu"] / bare["cpu"]
        results.append((size, ledger, bare, ratio))
        print(f"{size:>8,} {ledger['cpu']:>9.2f} {bare['cpu']:>7.2f} {ratio:>6.2f} {1e6 * ledger['cpu'] / size:>7.0f} "
              f"{ledger_wall:>12.2f} {bare_wall:>10.2f} {ledger_wall / bare_wall:>10.2f} {ledger['peak_mb']:>10.1f} "
              f"{bare['peak_mb']:>8.1f} {ledger['file_mb']:>8.1f}", flush=True)

    ok = True
    for (s0, l0, _, _), (s1, l1, _, _) in zip(results, results[1:]):
        growth = l1["cpu"] / l0["cpu"]
        linear = growth <= 1.25 * s1 / s0
        print(f"growth {s0:,} → {s1:,} rows (×{s1 / s0:.0f}): time ×{growth:.1f} "
              f"({'linear' if linear else 'WORSE than linear'})")
        ok &= linear
    size, ledger, bare, ratio = results[-1]
    print(f"at {size:,}: ledger/bare = {ratio:.2f} (target ≤ {RATIO_TARGET}); "
          f"peak memory {ledger['peak_mb']:.1f} MB above baseline (target ≤ {MEMORY_TARGET_MB})")
    ok &= ratio <= RATIO_TARGET and ledger["peak_mb"] <= MEMORY_TARGET_MB
    print("targets met" if ok else "TARGETS MISSED")
    if own_var_dir is not None:
        own_var_dir.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
