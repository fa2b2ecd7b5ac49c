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


@pytest.mark.parametrize("raw", ["1e400", "1000000000000000"])
def test_daily_report_file_refuses_an_integer_beyond_what_a_spreadsheet_keeps(unit_a, clerk_a, raw):
    # given a campaign with a whole-number indicator
    from directives.models import ReportIndicator
    from directives.services.reports import ReportFilingError, daily_report_file
    from tests.reports.conftest import at

    day = datetime.date(2026, 11, 3)
    campaign = factories.CampaignFactory(units=[unit_a])
    ReportIndicator.objects.create(campaign=campaign, code="returnees", name="排查返乡人员数", kind="integer")
    # when a figure no spreadsheet can hold is filed
    with pytest.raises(ReportFilingError) as caught:
        daily_report_file(
            campaign=campaign, unit=unit_a, user=clerk_a, day=day, is_zero=False,
            values={"returnees": raw}, now=at(day, "10:00:00"),
        )
    # then it is refused with a message, as an out-of-range decimal is (it broke the matrix export)
    assert "超出范围" in caught.value.message_dict["returnees"][0]
