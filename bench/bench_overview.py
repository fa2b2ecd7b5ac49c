"""The leader's overview (领导驾驶舱) at 20,000 tasks and 500 units: page time and query count.

Usage: python bench/bench_overview.py [--tasks 20000] [--units 500] [--days 30] [--repeat 5]

Builds the county of bench_workspace (``--units`` units, ``--tasks`` tasks over 40
meetings, mixed statuses and deadlines, lights refreshed), closes a share of the tasks
on time and late, adds a campaign every unit reports to over the last ``--days`` days
(about 85 % of reports filed, a tenth of them late), a leader and a 分管领导 of five
townships, then renders /workspace/overview/ and each chart's download through the test
client and prints the best and median time of ``--repeat`` runs and the SQL queries
(which must not depend on the county's size).
"""
import argparse
import datetime
import random
import sys
import time

import bench_workspace
import benchlib


def add_closings_and_reports(days: int):
    """Close tasks on time and late, and file a campaign's daily reports; return (leader, overseeing leader)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from directives.models import DailyReport, Membership, ReportCampaign, Task, Unit

    rng = random.Random(15)
    now = timezone.now()
    closed = list(Task.objects.filter(status=Task.Status.CLOSED).values_list("pk", "deadline"))
    late = {pk for pk, _deadline in rng.sample(closed, len(closed) // 4)}
    Task.objects.filter(pk__in=late).update(closed_on_time=False, closed_at=now)
    Task.objects.filter(status=Task.Status.CLOSED).exclude(pk__in=late).update(
        closed_on_time=True, closed_at=now - datetime.timedelta(days=3)
    )
    Task.objects.update(created_at=now - datetime.timedelta(days=90))
    today = timezone.localdate()
    units = list(Unit.objects.exclude(kind__in=[Unit.Kind.COUNTY, Unit.Kind.OFFICE]))
    campaign = ReportCampaign.objects.create(
        name="基准日报告零报告", first_day=today - datetime.timedelta(days=days), last_day=today + datetime.timedelta(days=30)
    )
    campaign.units.set(units)
    reports = []
    for n in range(1, days + 1):
        day = today - datetime.timedelta(days=n)
        for unit in units:
            if rng.random() < 0.85:
                reports.append(DailyReport(campaign=campaign, unit=unit, date=day, is_zero=rng.random() < 0.7,
                                           is_late=rng.random() < 0.1, submitted_at=now))
    DailyReport.objects.bulk_create(reports, batch_size=2000)
    county = Unit.objects.get(kind=Unit.Kind.COUNTY)
    leader = User.objects.create_user("bench_leader", password="x")
    Membership.objects.create(user=leader, unit=county, role=Membership.Role.LEADER)
    overseer = User.objects.create_user("bench_fenguan", password="x")
    membership = Membership.objects.create(user=overseer, unit=county, role=Membership.Role.LEADER)
    membership.overseen_units.set(Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("tree_path")[:5])
    return leader, overseer, len(reports)


def county_arguments(description: str, argv=None, *, repeat: int = 5):
    """The county's size from the command line (--tasks, --units, --days, --repeat)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=repeat)
    return parser.parse_args(argv)


def build_county(args):
    """Start Django on a fresh database and build the county; return (leader, overseeing leader)."""
    bench_workspace.django_setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from directives.models import Task, Unit

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    bench_workspace.build(args.tasks, args.units)
    leader, overseer, n_reports = add_closings_and_reports(args.days)
    print(
        f"built {Task.objects.count()} tasks, {Unit.objects.count()} units, {n_reports} daily reports on "
        f"{connection.vendor} in {time.perf_counter() - started:.1f} s"
    )
    return leader, overseer


def main(argv=None):
    args = county_arguments(__doc__.splitlines()[0], argv)
    leader, overseer = build_county(args)

    from django.test import Client
    from django.urls import reverse

    page = reverse("workspace:overview")
    scenarios = [
        ("leader", leader, "overview, whole county", page, {}),
        ("fenguan", overseer, "overview, 5 overseen townships", page, {}),
        ("fenguan", overseer, "overview, ?all=1", page, {"all": "1"}),
        ("leader", leader, "ranking.xlsx", reverse("workspace:overview_data", args=["ranking", "xlsx"]), {}),
        ("leader", leader, "units.csv", reverse("workspace:overview_data", args=["units", "csv"]), {}),
    ]
    print(f"{'who':8} {'scenario':34} {'best ms':>8} {'median ms':>10} {'queries':>8} {'KB':>6}")
    for who, user, label, url, params in scenarios:
        client = Client()
        client.force_login(user)
        client.get(url, params)  # warm up templates and the session
        best, median, queries, response = benchlib.timed_get(client, url, params, args.repeat)
        print(f"{who:8} {label:34} {best * 1000:8.1f} {median * 1000:10.1f} {queries:8d} {len(response.content) / 1024:6.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
