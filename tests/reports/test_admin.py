import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from directives.models import ReportCampaign, ReportIndicator
from directives.services.reports import campaign_units_add_branches
from tests import factories


@pytest.fixture
def township_tree(county):
    """A township with two villages and a community (one village inactive), and a second township."""
    town = factories.UnitFactory(name="青石镇", kind="township", parent=county)
    v1 = factories.UnitFactory(name="青石镇东村", kind="village", parent=town)
    v2 = factories.UnitFactory(name="青石镇西村", kind="village", parent=town)
    closed = factories.UnitFactory(name="青石镇旧村", kind="village", parent=town, is_active=False)
    community = factories.UnitFactory(name="青石镇新社区", kind="community", parent=town)
    other_town = factories.UnitFactory(name="白沙镇", kind="township", parent=county)
    other_village = factories.UnitFactory(name="白沙镇南村", kind="village", parent=other_town)
    return {"town": town, "v1": v1, "v2": v2, "closed": closed, "community": community, "other_village": other_village}


@pytest.fixture
def superuser_client(client, db):
    user = User.objects.create_superuser("root", "root@example.com", "pass-for-tests-1")
    client.force_login(user)
    return client


def test_campaign_units_add_branches_adds_active_units_of_chosen_kinds(township_tree):
    campaign = factories.CampaignFactory()
    added = campaign_units_add_branches(campaign=campaign, roots=[township_tree["town"]], kinds=["village"])
    assert added == 2
    assert set(campaign.units.all()) == {township_tree["v1"], township_tree["v2"]}


def test_campaign_units_add_branches_without_kinds_adds_the_whole_branch_once(township_tree):
    campaign = factories.CampaignFactory(units=[township_tree["v1"]])
    added = campaign_units_add_branches(campaign=campaign, roots=[township_tree["town"]])
    assert added == 3  # the township itself, v2 and the community; v1 was there, the closed village is not added
    assert campaign.units.count() == 4
    assert township_tree["other_village"] not in campaign.units.all()


def test_campaign_admin_add_with_whole_branch_and_indicators(superuser_client, township_tree, unit_a):
    # when the office creates a campaign picking one unit and the township's villages
    response = superuser_client.post(
        reverse("admin:directives_reportcampaign_add"),
        {
            "name": "防汛日报告",
            "description": "",
            "is_active": "on",
            "first_day": "2026-11-02",
            "last_day": "2026-11-30",
            "cutoff": "16:00",
            "workdays_only": "on",
            "units": [unit_a.pk],
            "branches": [township_tree["town"].pk],
            "branch_kinds": ["village", "community"],
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
            "indicators-0-order": "1",
            "indicators-0-code": "returnees",
            "indicators-0-name": "排查返乡人员数",
            "indicators-0-kind": "integer",
            "indicators-0-unit_label": "人",
            "indicators-0-required": "on",
        },
    )
    # then the campaign has the unit plus the active villages and community, and its indicator
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = ReportCampaign.objects.get()
    assert campaign.workdays_only and campaign.cutoff == datetime.time(16, 0)
    assert set(campaign.units.all()) == {unit_a, township_tree["v1"], township_tree["v2"], township_tree["community"]}
    assert ReportIndicator.objects.get(campaign=campaign).required is True
    assert campaign.created_by.username == "root"


def test_campaign_admin_refuses_last_day_before_first_day(superuser_client):
    response = superuser_client.post(
        reverse("admin:directives_reportcampaign_add"),
        {
            "name": "日期颠倒",
            "first_day": "2026-11-30",
            "last_day": "2026-11-02",
            "cutoff": "16:00",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not ReportCampaign.objects.exists()


def test_campaign_admin_changelist_and_change_page_render(superuser_client, township_tree, unit_a, unit_b):
    campaign = factories.CampaignFactory(units=[unit_a, unit_b])
    response = superuser_client.get(reverse("admin:directives_reportcampaign_changelist"))
    assert response.status_code == 200
    assert reverse("workspace:reports_matrix", args=[campaign.pk]) in response.content.decode()
    response = superuser_client.get(reverse("admin:directives_reportcampaign_change", args=[campaign.pk]))
    assert response.status_code == 200
    assert "整枝选择" in response.content.decode()
