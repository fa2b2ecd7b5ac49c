"""Two filings at once still give one report: real threads, each with its own database connection.

Runs on PostgreSQL only: SQLite serialises every writer with one database-wide
lock, so threads there never race on the unique index and the test would
prove nothing about the row-level race PostgreSQL must survive.
"""
import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from directives.models import DailyReport, DailyReportRevision, ReportIndicator
from directives.services.reports import daily_report_file
from tests import factories
from tests.reports.conftest import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers with a database-wide lock: the concurrent-filing race only exists on PostgreSQL",
    ),
]

DAY = datetime.date(2026, 11, 3)


@pytest.fixture
def setup():
    county = factories.UnitFactory(name="示范县", kind="county", parent=None)
    unit = factories.UnitFactory(name="县卫生健康委员会", parent=county)
    campaign = factories.CampaignFactory(units=[unit])
    ReportIndicator.objects.create(campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer")
    clerks = [
        factories.UserFactory(username=f"clerk{i}", membership__unit=unit, membership__role="clerk") for i in range(8)
    ]
    return campaign, unit, clerks


def run_in_threads(targets):
    """Start every target at the same moment, each in its own thread (own connection); return their errors."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def wrapped(target):
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 — reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a filing thread hung"
    return errors


def test_daily_report_file_loser_of_a_held_insert_becomes_a_correction(setup):
    # given clerk 0 has inserted the day's report in a transaction not yet committed
    campaign, unit, clerks = setup
    inserted = threading.Event()
    second_started = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                daily_report_file(
                    campaign=campaign, unit=unit, user=clerks[0], day=DAY, is_zero=True, now=at(DAY, "15:00:00")
                )
                inserted.set()
                second_started.wait(10)
                time.sleep(0.5)  # clerk 1's insert is now blocked on the unique index
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    def second():
        try:
            inserted.wait(10)
            second_started.set()
            daily_report_file(
                campaign=campaign,
                unit=unit,
                user=clerks[1],
                day=DAY,
                is_zero=False,
                values={"returnees": 7},
                now=at(DAY, "15:00:01"),
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    # when clerk 1 files the same day meanwhile
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then clerk 1 waited, lost the insert and corrected clerk 0's report
    assert errors == []
    report = DailyReport.objects.get()
    assert (report.is_zero, report.values, report.submitted_by_id, report.revision_count) == (
        False,
        {"returnees": 7},
        clerks[1].pk,
        1,
    )
    revision = DailyReportRevision.objects.get()
    assert (revision.is_zero, revision.submitted_by_id) == (True, clerks[0].pk)


def test_daily_report_file_eight_clerks_at_once_give_one_report(setup):
    # given eight clerks of the same unit
    campaign, unit, clerks = setup

    def filing(i):
        return lambda: daily_report_file(
            campaign=campaign,
            unit=unit,
            user=clerks[i],
            day=DAY,
            is_zero=False,
            values={"returnees": i},
            now=at(DAY, "15:00:00"),
        )

    # when all file the same day at the same moment
    errors = run_in_threads([filing(i) for i in range(8)])

    # then no error, one report, and every other filing kept as a revision
    assert errors == []
    report = DailyReport.objects.get()
    assert report.revision_count == 7
    assert DailyReportRevision.objects.filter(report=report).count() == 7
    kept = {r.values["returnees"] for r in DailyReportRevision.objects.all()} | {report.values["returnees"]}
    assert kept == set(range(8))


def test_daily_report_file_double_click_through_the_page_gives_one_report(setup, settings):
    # given a clerk logged in twice (two tabs, or a double click)
    campaign, unit, clerks = setup
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(clerks[0])
        clients.append(client)
    url = f"/workspace/reports/{campaign.pk}/file/"
    responses = []

    def click(client):
        return lambda: responses.append(
            client.post(url, {"action": "zero", "day": timezone_today().isoformat()})
        )

    # when both requests file a zero report at the same moment
    campaign.first_day = timezone_today() - datetime.timedelta(days=1)
    campaign.last_day = timezone_today() + datetime.timedelta(days=1)
    campaign.save()
    errors = run_in_threads([click(c) for c in clients])

    # then both requests succeed and there is one report, without revision
    assert errors == []
    assert sorted(r.status_code for r in responses) == [302, 302]
    report = DailyReport.objects.get()
    assert report.is_zero and report.revision_count == 0


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()
