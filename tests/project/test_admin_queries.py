"""Admin change lists run a fixed number of queries: pinned per ModelAdmin, and the same for 1 row as for a page.

The pins are measured on the demo data (plus a second row where the demo has
one); a change in a pin is a change in what the list costs and should be
looked at, not copied. The second check needs no pin: a list that runs a
query per row (an N+1 in ``list_display``) costs more for a page of rows than
for a page of one.
"""
import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives.models import TrackingCounter, Unit, WebhookEndpoint
from tests import factories

# Queries of each change list of ours on the demo data: session, user, the count, the rows and what they
# select or prefetch with them, and the filters' choices.
PINNED = {
    "directives.DailyReport": 11,
    "directives.DailySummary": 11,
    "directives.DeadlineExtension": 8,
    "directives.Directive": 9,
    "directives.ExportJob": 8,
    "directives.Meeting": 10,
    "directives.Membership": 8,
    "directives.Notification": 10,
    "directives.NotificationDelivery": 8,
    "directives.ProgressReport": 10,
    "directives.ReportCampaign": 10,
    "directives.ScoreWeights": 9,
    "directives.SpeechImportJob": 8,
    "directives.Speech": 10,
    "directives.Task": 12,
    "directives.TaskEvent": 10,
    "directives.TrackingCounter": 8,
    "directives.Unit": 9,
    "directives.WebhookEndpoint": 8,
}
# Lists that must show the same cost for one row as for many (each has several rows in the data below).
MUST_BE_ROW_INDEPENDENT = {
    "directives.DailyReport", "directives.DeadlineExtension", "directives.Directive", "directives.ExportJob",
    "directives.Meeting", "directives.Membership", "directives.Notification", "directives.NotificationDelivery",
    "directives.ProgressReport", "directives.ReportCampaign", "directives.Speech", "directives.Task",
    "directives.TaskEvent", "directives.TrackingCounter", "directives.Unit", "directives.WebhookEndpoint",
}


def _ours():
    return sorted(
        ((model, model_admin) for model, model_admin in admin.site._registry.items()
         if model._meta.app_label == "directives"),
        key=lambda item: item[0]._meta.label,
    )


@pytest.fixture(scope="module")
def admin_data(django_db_setup, django_db_blocker):
    """The demo, and a second row where it has one, kept for the module (the lists only read)."""
    with django_db_blocker.unblock():
        call_command("load_demo")
        county = Unit.objects.filter(parent__isnull=True).first()
        factories.CampaignFactory(name="第二个报送任务", units=list(Unit.objects.filter(kind="village")[:3]))
        TrackingCounter.objects.get_or_create(year=2025, defaults={"last_number": 3})
        for path in ("a", "b"):
            WebhookEndpoint.objects.create(unit=county, url=f"https://robot.example.cn/{path}")
        Group.objects.get_or_create(name="督查室")
        yield
        call_command("flush", "--noinput")


@pytest.fixture
def superuser_client(client, django_user_model, admin_data):
    user = django_user_model.objects.create_superuser("boss", password="pw-for-tests-1")
    client.force_login(user)
    yield client
    user.delete()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_every_change_list_of_ours_is_pinned():
    unpinned = {model._meta.label for model, _admin in _ours()} - set(PINNED)
    assert not unpinned, f"pin the change list query count of {sorted(unpinned)}"


@pytest.mark.django_db
@pytest.mark.parametrize("model, model_admin", _ours(), ids=lambda value: getattr(getattr(value, "_meta", None), "label", ""))
def test_change_list_query_count_is_pinned_and_independent_of_the_rows(model, model_admin, superuser_client):
    # given
    label = model._meta.label
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    superuser_client.get(url)  # the session's first request also saves its session and last login
    # when: a page of rows, then a page of one
    page = _queries(superuser_client, url)
    per_page = model_admin.list_per_page
    model_admin.list_per_page = 1
    try:
        one = _queries(superuser_client, url)
    finally:
        model_admin.list_per_page = per_page
    # then
    assert page == PINNED[label], f"{label}: {page} queries, pinned {PINNED[label]}"
    if label in MUST_BE_ROW_INDEPENDENT:
        assert model.objects.count() >= 2, f"{label} needs two rows to show it costs the same for one"
        assert page == one, f"{label}: {page} queries for a page, {one} for one row (a query per row?)"
