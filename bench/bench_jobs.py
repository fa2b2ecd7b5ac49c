"""The periodic jobs over 20,000 tasks and 500 units: time and query counts.

Usage: python bench/bench_jobs.py [--tasks 20000] [--units 500]

Builds a throwaway SQLite database in DUBAN_VAR_DIR (a temporary directory when
unset; DATABASE_URL is ignored so no real database is touched): 500 units with
two clerks each (half with an email address), three office members, robots for
one unit in five and the office, tasks with deadlines spread over 200 days
around today (one in five with a cooperating unit, one in ten closed), a
campaign over every unit with 60 % filed. Then runs each job twice (the second
run must send nothing) and prints time, queries (CaptureQueriesContext) and
what it created. Deliveries are queued on the embedded broker as in production.

The query count of a job is fixed whatever the number of tasks, plus one INSERT
per 500 notifications and per 500 deliveries it creates; the run at a quarter
of the size shows the same fixed part.
"""
import argparse
import datetime
import os
import random
import sys
import time

import benchlib

TARGET_SECONDS = 5.0


def django_setup():
    # The jobs run in-process: no broker, and results stay out of any configured backend.
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    benchlib.django_setup("jobs")


def build(n_tasks: int, n_units: int, today: datetime.date) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from directives.models import DailyReport, Membership, ReportCampaign, Task, Unit, WebhookEndpoint

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(7)
    with transaction.atomic():
        county = Unit.objects.create(name="示范县", kind=Unit.Kind.COUNTY)
        office = Unit.objects.create(name="县委督查室", kind=Unit.Kind.OFFICE, parent=county)
        Unit.objects.bulk_create(
            [Unit(name=f"单位{i:03d}", kind=Unit.Kind.DEPARTMENT, parent=county, depth=1) for i in range(n_units)]
        )
        units = list(Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).order_by("pk"))
        for unit in units:
            unit.tree_path = f"{county.pk:06d}.{unit.pk:06d}."
        Unit.objects.bulk_update(units, ["tree_path"], batch_size=500)
        users = [User(username=f"office{i}", password="!", email=f"office{i}@example.cn") for i in range(3)]
        users += [
            User(username=f"clerk{u.pk}-{j}", password="!", email=f"clerk{u.pk}-{j}@example.cn" if j == 0 else "")
            for u in units
            for j in range(2)
        ]
        User.objects.bulk_create(users, batch_size=500)
        by_name = dict(User.objects.values_list("username", "pk"))
        memberships = [Membership(user_id=by_name[f"office{i}"], unit=office, role="office") for i in range(3)]
        memberships += [
            Membership(user_id=by_name[f"clerk{u.pk}-{j}"], unit=u, role="clerk") for u in units for j in range(2)
        ]
        Membership.objects.bulk_create(memberships, batch_size=500)
        WebhookEndpoint.objects.bulk_create(
            [WebhookEndpoint(unit=u, url=f"http://127.0.0.1:9/robot/{u.pk}") for u in units[::5]]
            + [WebhookEndpoint(unit=None, url="http://127.0.0.1:9/robot/office")]
        )
        tasks = []
        for i in range(n_tasks):
            deadline = today + datetime.timedelta(days=rng.randrange(-60, 140))
            closed = rng.random() < 0.1
            tasks.append(
                Task(
                    tracking_year=2026, tracking_serial=i + 1, tracking_number=f"督〔2026〕{i + 1}号",
                    title=f"做好第{i + 1}项重点工作的推进落实", lead_unit=units[i % len(units)], deadline=deadline,
                    status=Task.Status.CLOSED if closed else Task.Status.IN_PROGRESS,
                    # As left by a sweep some days ago: lights are stale.
                    is_overdue=deadline < today - datetime.timedelta(days=10),
                    light=Task.Light.RED if deadline < today - datetime.timedelta(days=10) else Task.Light.GREEN,
                )
            )
        Task.objects.bulk_create(tasks, batch_size=1000)
        through = Task.cooperating_units.through
        through.objects.bulk_create(
            [
                through(task_id=t.pk, unit_id=units[(i * 7 + 3) % len(units)].pk)
                for i, t in enumerate(tasks)
                if i % 5 == 0 and units[(i * 7 + 3) % len(units)].pk != t.lead_unit_id
            ],
            batch_size=1000,
        )
        campaign = ReportCampaign.objects.create(
            name="冬春火灾防控日报告零报告", first_day=today - datetime.timedelta(days=30),
            last_day=today + datetime.timedelta(days=30), cutoff=datetime.time(16, 0),
        )
        campaign.units.set(units)
        DailyReport.objects.bulk_create(
            [DailyReport(campaign=campaign, unit=u, date=today, is_zero=i % 3 == 0) for i, u in enumerate(units)
             if i % 5 < 3],
            batch_size=500,
        )


def measure(label, job):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        figures = job()
        elapsed = time.perf_counter() - started
    inserts = sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    shown = ", ".join(f"{k}={v}" for k, v in figures.items())
    print(f"  {label:<34} {elapsed:6.2f} s  {len(queries):4d} queries ({inserts} INSERT)  {shown}", flush=True)
    return elapsed, len(queries), inserts


def run_jobs(today: datetime.date) -> list[tuple[str, float, int, int]]:
    from django.utils import timezone

    from directives.services import jobs

    def at(hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, minute)))

    plan = [
        ("overdue sweep", lambda: jobs.overdue_sweep(day=today)),
        ("overdue sweep, again", lambda: jobs.overdue_sweep(day=today)),
        ("deadline reminders", lambda: jobs.deadline_reminders_send(day=today)),
        ("deadline reminders, again", lambda: jobs.deadline_reminders_send(day=today)),
        ("report reminders 15:00", lambda: jobs.report_reminders_send(now=at(15))),
        ("report reminders 15:30 (again)", lambda: jobs.report_reminders_send(now=at(15, 30))),
        ("report missing list 16:30", lambda: jobs.report_reminders_send(now=at(16, 30))),
        ("daily summary 16:30", lambda: jobs.daily_summaries_build(now=at(16, 30), day=today)),
        ("daily summary 17:30 (kept)", lambda: jobs.daily_summaries_build(now=at(17, 30), day=today)),
    ]
    return [(label, *measure(label, job)) for label, job in plan]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=500)
    args = parser.parse_args(argv)
    django_setup()
    from django.conf import settings
    from django.utils import timezone

    today = timezone.localdate()
    print(f"database: {settings.DATABASES['default']['NAME']}")
    started = time.perf_counter()
    build(args.tasks, args.units, today)
    print(f"built {args.tasks} tasks, {args.units} units in {time.perf_counter() - started:.1f} s")
    results = run_jobs(today)
    slow = [(label, t) for label, t, _q, _i in results if t > TARGET_SECONDS]
    # The fixed part: queries other than the chunked INSERTs must not depend on the data's size.
    fixed = {label: q - i for label, _t, q, i in results}
    print("fixed queries (all but chunked INSERTs): " + ", ".join(f"{k}: {v}" for k, v in fixed.items()))
    if slow:
        print(f"FAILED: slower than {TARGET_SECONDS} s: {slow}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
