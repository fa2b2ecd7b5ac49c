"""Daily-report matrix, rates and summary at 500 units × 90 days (45,000 expected reports).

Usage: python bench/bench_reports.py [--units 500] [--days 90] [--repeat 3]

Builds a county of townships and villages, a campaign of ``--units`` units over
``--days`` days ending today, and about 90 % of the reports (on time, late and
zero), then times each read (best of ``--repeat``) and counts its queries:

- ``campaign_matrix``: every unit × every day, with the tree's grouping rows;
- ``campaign_rates``: reporting rate and timeliness per unit and overall;
- ``campaign_day_summary``: one day's counts, sums and texts;
- ``units_missing_on``: today's missing units;
- the office's matrix page (92 days is its limit), rendered through the test client.

The database is a throwaway SQLite file under DUBAN_VAR_DIR (a temporary
directory when run standalone). With BENCH_DATABASE_URL set (e.g. a PostgreSQL
database of its own) it runs there instead; everything it writes is rolled back.
"""
import argparse
import datetime
import random
import sys
import time

import benchlib



def django_setup():
    benchlib.django_setup("reports")


class Rollback(Exception):
    pass


def build(units: int, days: int):
    """Create the county, campaign and reports; return (campaign, office user)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from directives.models import DailyReport, Membership, ReportCampaign, ReportIndicator, Unit

    rng = random.Random(5)
    today = timezone.localdate()
    county = Unit.objects.create(name="基准县(日报告)", kind=Unit.Kind.COUNTY)
    office_unit = Unit.objects.create(name="基准县督查室", kind=Unit.Kind.OFFICE, parent=county)
    per_town = 24
    towns = max(1, units // (per_town + 1))
    members = []
    for t in range(towns):
        town = Unit.objects.create(name=f"基准第{t}镇", kind=Unit.Kind.TOWNSHIP, parent=county)
        members.append(town)
        for v in range(per_town):
            if len(members) >= units:
                break
            members.append(Unit.objects.create(name=f"基准第{t}镇{v}村", kind=Unit.Kind.VILLAGE, parent=town))
    while len(members) < units:
        members.append(Unit.objects.create(name=f"基准县第{len(members)}局", kind=Unit.Kind.DEPARTMENT, parent=county))
    campaign = ReportCampaign.objects.create(
        name="基准日报告", first_day=today - datetime.timedelta(days=days - 1), last_day=today, cutoff=datetime.time(16, 0)
    )
    campaign.units.set(members)
    ReportIndicator.objects.create(campaign=campaign, code="checked", name="排查隐患数", kind="integer", order=1)
    ReportIndicator.objects.create(campaign=campaign, code="funds", name="投入资金", kind="decimal", order=2)
    ReportIndicator.objects.create(campaign=campaign, code="issues", name="异常情况", kind="text", order=3)
    reports = []
    for day in campaign.reporting_days():
        cutoff = campaign.cutoff_at(day)
        for unit in members:
            roll = rng.random()
            if roll < 0.10:
                continue  # missing
            late = roll < 0.20
            zero = rng.random() < 0.4
            reports.append(
                DailyReport(
                    campaign=campaign,
                    unit=unit,
                    date=day,
                    is_zero=zero,
                    is_late=late,
                    submitted_at=cutoff + datetime.timedelta(hours=2 if late else -3),
                    values={} if zero else {"checked": rng.randint(0, 30), "funds": f"{rng.randint(0, 999)}.5", "issues": "发现问题一处"},
                    text="" if zero else "今日排查情况正常,隐患已登记整改。",
                )
            )
    DailyReport.objects.bulk_create(reports, batch_size=2000)
    office = User.objects.create_user("bench_reports_office", password="bench-pass-1")
    Membership.objects.create(user=office, unit=office_unit, role=Membership.Role.OFFICE)
    return campaign, office, len(members), len(reports)


def measure(label, fn, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<34} {best * 1000:9.1f} ms   {len(ctx.captured_queries):3d} queries", flush=True)
    return result


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    django_setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from directives.selectors.reports import campaign_day_summary, campaign_matrix, campaign_rates, units_missing_on

    call_command("migrate", verbosity=0, interactive=False)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {connection.vendor}", flush=True)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            campaign, office, unit_count, report_count = build(args.units, args.days)
            expected = unit_count * len(list(campaign.reporting_days()))
            print(
                f"built {unit_count} units × {args.days} days = {expected} expected reports, "
                f"{report_count} filed, in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            start, end = campaign.first_day, campaign.last_day
            today = timezone.localdate()
            matrix = measure("campaign_matrix (all, with tree)", lambda: campaign_matrix(campaign, start, end), args.repeat)
            rates = measure("campaign_rates", lambda: campaign_rates(campaign, start, end), args.repeat)
            summary = measure("campaign_day_summary (one day)", lambda: campaign_day_summary(campaign, end), args.repeat)
            missing = measure("units_missing_on (today)", lambda: list(units_missing_on(campaign, today)), args.repeat)
            client = Client()
            client.force_login(office)
            url = reverse("workspace:reports_matrix", args=[campaign.pk])
            page_days = min(args.days, 92)
            query = {"start": (end - datetime.timedelta(days=page_days - 1)).isoformat(), "end": end.isoformat()}
            response = measure(f"matrix page ({page_days} days, HTML)", lambda: client.get(url, query), args.repeat)
            assert response.status_code == 200, response.status_code
            print(
                f"cells {len(matrix.member_rows()) * len(matrix.days)}, rows {len(matrix.rows)}; "
                f"reporting rate {rates.overall.reporting_rate} %, timeliness {rates.overall.timeliness} %; "
                f"summary {summary.received}/{summary.expected} received; missing today {len(missing)}; "
                f"page {len(response.content) / 1e6:.1f} MB",
                flush=True,
            )
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
