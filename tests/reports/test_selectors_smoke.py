import datetime

from directives.selectors.reports import campaign_day_summary, campaign_matrix, units_expected_on, units_missing_on
from directives.models import DailyReport
from tests.factories import CampaignFactory


def test_selectors_answer_for_a_small_campaign(unit_a, unit_b):
    campaign = CampaignFactory(units=[unit_a, unit_b])
    day = datetime.date(2026, 11, 3)
    DailyReport.objects.create(campaign=campaign, unit=unit_a, date=day, is_zero=True)
    assert set(units_expected_on(campaign, day)) == {unit_a, unit_b}
    assert list(units_missing_on(campaign, day)) == [unit_b]
    summary = campaign_day_summary(campaign, day)
    assert (summary.expected, summary.received, summary.zero) == (2, 1, 1)
    matrix = campaign_matrix(campaign, day, day)
    assert [r.cells for r in matrix.member_rows()] == [["zero"], ["missing"]]
