"""The workspace task list at 20,000 tasks and 500 units: page time and query count.

Usage: python bench/bench_workspace.py [--tasks 20000] [--units 500] [--repeat 5]

Builds a county of departments, townships and villages (``--units`` in all),
``--tasks`` tasks spread over them (a third with cooperating units, statuses
and deadlines mixed, lights refreshed by the overdue sweep), an office user
and one clerk, then renders /workspace/tasks/ through the test client and
prints, per scenario, the best and median time of ``--repeat`` runs and the
number of SQL queries (which must not depend on the page size).

The database is a throwaway SQLite file under DUBAN_VAR_DIR (a temporary
directory when run standalone). With BENCH_DATABASE_URL set (e.g. a
PostgreSQL database of its own) it runs there instead.
"""
import argparse
import datetime
import os
import random
import statistics
import sys
import time

import benchlib



def django_setup():
    os.environ.setdefault("DJANGO_DEBUG", "1")
    benchlib.django_setup("workspace")


def build(n_tasks: int, n_units: int):
    """Create the county, its units, the tasks and two users; return (office user, clerk, clerk's unit)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from directives.models import Meeting, Membership, Task, TaskEvent, Unit
    from directives.services.workflow import tasks_refresh_lights
    from directives.services.tracking import format_tracking_number

    rng = random.Random(2026)
    county = Unit.objects.create(name="基准县", kind=Unit.Kind.COUNTY)
    office = Unit.objects.create(name="基准县委督查室", kind=Unit.Kind.OFFICE, parent=county)
    departments = [Unit.objects.create(name=f"县第{i}局", kind=Unit.Kind.DEPARTMENT, parent=county) for i in range(60)]
    townships = [Unit.objects.create(name=f"第{i}镇", kind=Unit.Kind.TOWNSHIP, parent=county) for i in range(20)]
    villages = []
    for i in range(max(0, n_units - 2 - len(departments) - len(townships))):
        villages.append(Unit(name=f"第{i}村", kind=Unit.Kind.VILLAGE, parent=townships[i % len(townships)]))
    Unit.objects.bulk_create(villages, batch_size=500)
    for village in Unit.objects.filter(kind=Unit.Kind.VILLAGE):
        village.save()  # computes the tree path
    leads = departments + townships + list(Unit.objects.filter(kind=Unit.Kind.VILLAGE))
    meetings = [
        Meeting.objects.create(title=f"第{i}次县政府常务会议", held_on=datetime.date(2026, 1, 5) + datetime.timedelta(days=7 * i))
        for i in range(40)
    ]
    office_user = User.objects.create_user("bench_office", password="x")
    Membership.objects.create(user=office_user, unit=office, role=Membership.Role.OFFICE)
    clerk_unit = departments[0]
    clerk = User.objects.create_user("bench_clerk", password="x")
    Membership.objects.create(user=clerk, unit=clerk_unit, role=Membership.Role.CLERK)

    today = timezone.localdate()
    now = timezone.now()
    statuses = [s for s, _label in Task.Status.choices]
    tasks = []
    for serial in range(1, n_tasks + 1):
        status = rng.choice(statuses)
        tasks.append(
            Task(
                tracking_year=2026,
                tracking_serial=serial,
                tracking_number=format_tracking_number(2026, serial),
                meeting=rng.choice(meetings),
                title=f"基准工作任务{serial}:推进重点项目建设和安全隐患整治",
                description="按照会议要求,抓紧推进,按时反馈。" * 5,
                lead_unit=rng.choice(leads),
                deadline=today + datetime.timedelta(days=rng.randint(-60, 120)),
                status=status,
                latest_progress="已完成阶段性工作,正在推进下一步。" if status != Task.Status.ASSIGNED else "",
                created_by=office_user,
                created_at=now,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=1000)
    ids = list(Task.objects.values_list("pk", flat=True))
    through = Task.cooperating_units.through
    links = {(task_id, rng.choice(departments).pk) for task_id in rng.sample(ids, len(ids) // 3)}
    links |= {(task_id, clerk_unit.pk) for task_id in rng.sample(ids, 200)}
    through.objects.bulk_create([through(task_id=t, unit_id=u) for t, u in links], batch_size=2000)
    TaskEvent.objects.bulk_create(
        [TaskEvent(task_id=t, kind=TaskEvent.Kind.CREATED, to_status="assigned", at=now) for t in ids], batch_size=2000
    )
    tasks_refresh_lights()
    return office_user, clerk, clerk_unit


def measure(client, url, params, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    rows = len(response.context["table"].page.object_list)
    total = response.context["table"].page.paginator.count
    return min(times), statistics.median(times), queries, rows, total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    django_setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from directives.models import Task, Unit

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    office_user, clerk, clerk_unit = build(args.tasks, args.units)
    print(
        f"built {Task.objects.count()} tasks, {Unit.objects.count()} units on {connection.vendor} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    url = reverse("workspace:task_list")
    scenarios = [
        ("office", office_user, "default page (50 rows)", {}),
        ("office", office_user, "30 rows", {"per_page": 30}),
        ("office", office_user, "100 rows", {"per_page": 100}),
        ("office", office_user, "200 rows, sorted by deadline", {"per_page": 200, "sort": "deadline"}),
        ("office", office_user, "red lights, sorted by light", {"light": "red", "sort": "-light"}),
        ("office", office_user, "unit filter + status", {"unit": clerk_unit.pk, "status": ["assigned", "in_progress"]}),
        ("office", office_user, "text search", {"q": "任务123"}),
        ("office", office_user, "last page", {"page": args.tasks // 50}),
        ("clerk", clerk, "own unit, 100 rows", {"per_page": 100}),
        ("clerk", clerk, "own unit, overdue", {"is_overdue": "true"}),
    ]
    print(f"{'who':7} {'scenario':36} {'best ms':>8} {'median ms':>10} {'queries':>8} {'rows':>5} {'matches':>8}")
    query_counts = {}
    for who, user, label, params in scenarios:
        client = Client()
        client.force_login(user)
        client.get(url)  # warm up templates and the session
        best, median, queries, rows, total = measure(client, url, params, args.repeat)
        query_counts.setdefault(who, set()).add(queries)
        print(f"{who:7} {label:36} {best * 1000:8.1f} {median * 1000:10.1f} {queries:8d} {rows:5d} {total:8d}")
    for who, counts in query_counts.items():
        print(f"{who}: query counts seen {sorted(counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
