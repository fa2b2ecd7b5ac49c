"""Scoring and the Word papers at 20,000 tasks and 500 units: time and SQL queries.

Usage: python bench/bench_scores.py [--tasks 20000] [--units 500] [--days 30] [--repeat 3]

Builds the county of bench_overview (tasks, closings on time and late, a campaign of
``--days`` days every unit reports to), then times: ``score_board`` for the current
quarter (queries must not depend on the county's size), the 考核排名 workbook, the
scores page, the 督办通知书 of 200 tasks (one document) and the written 督查通报 of the
last 30 days.
"""
import datetime
import io
import statistics
import sys
import time

import bench_overview


def timed(function, repeat: int):
    """(best s, median s, SQL queries of the last run, result) of ``function()`` run ``repeat`` times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), len(captured), result


def main(argv=None):
    args = bench_overview.county_arguments(__doc__.splitlines()[0], argv, repeat=3)
    leader, _overseer = bench_overview.build_county(args)

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from directives.exports.ranking import ranking_workbook_write
    from directives.models import Task
    from directives.papers.bulletin import bulletin_document_write
    from directives.papers.notices import notices_document_write
    from directives.selectors.papers import notice_tasks
    from directives.selectors.scores import ScorePeriod, score_board

    today = timezone.localdate()
    quarter = ScorePeriod.quarter_of(today)
    notice_ids = list(Task.objects.order_by("pk").values_list("pk", flat=True)[:200])

    def workbook():
        out = io.BytesIO()
        ranking_workbook_write(quarter, out)
        return len(out.getvalue())

    def notices():
        out = io.BytesIO()
        notices_document_write(notice_tasks(notice_ids), out)
        return len(out.getvalue())

    def bulletin():
        out = io.BytesIO()
        bulletin_document_write(today - datetime.timedelta(days=30), today, out)
        return len(out.getvalue())

    client = Client()
    client.force_login(leader)

    def page():
        response = client.get(reverse("workspace:scores"), {"period": quarter.key})
        assert response.status_code == 200
        return len(response.content)

    print(f"{'scenario':40} {'best ms':>8} {'median ms':>10} {'queries':>8} {'result':>10}")
    for label, function in [
        (f"score_board {quarter.key}", lambda: len(score_board(quarter).units)),
        ("考核排名 workbook (bytes)", workbook),
        ("scores page (bytes)", page),
        ("督办通知书, 200 tasks (bytes)", notices),
        ("督查通报, last 30 days (bytes)", bulletin),
    ]:
        best, median, queries, result = timed(function, args.repeat)
        print(f"{label:40} {best * 1000:8.1f} {median * 1000:10.1f} {queries:8d} {result:10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
