"""The daily report form: one field per indicator of the campaign, and a free text."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReportIndicator
from ..services.reports import NON_FIELD, ReportFilingError

PREFIX = "value_"


class DailyReportForm(forms.Form):
    """Collects raw indicator values and text; ``daily_report_file`` checks and types them."""

    text = forms.CharField(
        label=_("报告内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("今日工作情况、发现的问题及处置情况")}),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        fields = {}
        for indicator in self.indicators:
            label = indicator.name + (f"({indicator.unit_label})" if indicator.unit_label else "")
            attrs = {"required": True} if indicator.required else {}
            if indicator.kind == ReportIndicator.Kind.TEXT:
                widget = forms.Textarea(attrs={"rows": 2, **attrs})
            else:
                mode = "numeric" if indicator.kind == ReportIndicator.Kind.INTEGER else "decimal"
                widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off", **attrs})
            fields[PREFIX + indicator.code] = forms.CharField(
                label=label, required=False, max_length=5000, widget=widget, strip=True
            )
        # Indicators first, then the free text.
        fields["text"] = self.fields.pop("text")
        self.fields = fields

    def indicator_values(self) -> dict:
        return {
            name.removeprefix(PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX) and value not in (None, "")
        }

    def add_filing_error(self, error: ReportFilingError) -> None:
        """Show the service's messages next to the fields they concern."""
        for key, messages in error.message_dict.items():
            field = PREFIX + key if PREFIX + key in self.fields else None
            for message in messages:
                self.add_error(field if key != NON_FIELD else None, message)

    @classmethod
    def initial_from(cls, report) -> dict:
        """Initial data that shows an existing report for correction."""
        if report is None or report.is_zero:
            return {}
        initial = {PREFIX + code: value for code, value in (report.values or {}).items()}
        initial["text"] = report.text
        return initial
