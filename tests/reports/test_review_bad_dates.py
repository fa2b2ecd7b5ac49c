"""Office pages and exports of a campaign survive dates at the ends of the calendar."""
import datetime

import pytest
from django.urls import reverse

from directives.selectors.reports import campaign_matrix
from tests import factories


@pytest.fixture
def campaign(unit_a, unit_b):
    return factories.CampaignFactory(units=[unit_a, unit_b])


def test_campaign_matrix_up_to_the_last_representable_day(campaign):
    # when the range ends on date.max
    end = datetime.date.max
    matrix = campaign_matrix(campaign, end - datetime.timedelta(days=2), end)
    # then three days, none of them reporting days (outside the campaign)
    assert matrix.days == [end - datetime.timedelta(days=2), end - datetime.timedelta(days=1), end]
    assert not matrix.reporting_days


@pytest.mark.parametrize(
    "url_name, query",
    [
        ("workspace:reports_matrix", {"end": "9999-12-31"}),
        ("workspace:reports_matrix", {"start": "9999-12-01", "end": "9999-12-31"}),
        ("workspace:export_report_matrix", {"start": "9999-12-01", "end": "9999-12-31"}),
    ],
)
def test_matrix_page_and_export_at_the_end_of_the_calendar(client, office_user, campaign, url_name, query):
    # given
    client.force_login(office_user)
    # when
    response = client.get(reverse(url_name, args=[campaign.pk]), query)
    # then a page or a file, not a server error
    assert response.status_code == 200
