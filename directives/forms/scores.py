"""The form of the ranking (考核排名) download: a period among the recent months and quarters."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from ..selectors.scores import ScorePeriod


def period_choices(today, months: int = 12, quarters: int = 4) -> list[tuple[str, str]]:
    """The last ``months`` months and ``quarters`` quarters, newest first, as (key, label)."""
    choices = []
    year, month = today.year, today.month
    for _index in range(months):
        period = ScorePeriod(year, month=month)
        choices.append((period.key, period.label))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    period = ScorePeriod.quarter_of(today)
    for _index in range(quarters):
        choices.append((period.key, period.label))
        year, quarter = (period.year, period.quarter - 1) if period.quarter > 1 else (period.year - 1, 4)
        period = ScorePeriod(year, quarter=quarter)
    return choices


class RankingForm(forms.Form):
    """A period offered from the recent months and quarters; any valid ``YYYY-MM`` / ``YYYY-Qn`` is accepted."""

    period = forms.CharField(label=gettext_lazy("考核期间"), max_length=10, widget=forms.Select)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        choices = period_choices(today)
        asked = (self.data.get("period") or "").strip().upper() if self.is_bound else ""
        if asked and asked not in dict(choices):
            try:
                choices.insert(0, (asked, ScorePeriod.parse(asked).label))
            except ValidationError:
                pass
        self.fields["period"].widget.choices = choices

    def clean_period(self):
        try:
            return ScorePeriod.parse(self.cleaned_data["period"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages)
