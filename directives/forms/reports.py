"""Forms of the daily reports: the report (one field per indicator, and a free text), the matrix's filter,
and the campaign's admin form with its whole-branch pick."""
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import ReportCampaign, ReportIndicator, Unit
from ..services.reports import NON_FIELD, ReportFilingError
from .widgets import IsoDateInput, QuickSelect

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


# Days a report matrix shows at most: one column a day.
MAX_MATRIX_DAYS = 92


class MatrixFilterForm(forms.Form):
    branch = forms.ModelChoiceField(
        label=_("单位范围"), queryset=Unit.objects.none(), required=False, empty_label=_("全部"), widget=QuickSelect
    )
    start = forms.DateField(label=_("起始日期"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("截止日期"), required=False, widget=IsoDateInput())

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        self.fields["branch"].label_from_instance = lambda unit: "\u3000" * unit.depth + str(unit)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(gettext("起始日期不能晚于截止日期。"))
        if start and end and (end - start).days + 1 > MAX_MATRIX_DAYS:
            raise forms.ValidationError(gettext("一次最多查看 %(days)d 天。") % {"days": MAX_MATRIX_DAYS})
        return data


class ReportCampaignForm(forms.ModelForm):
    """The campaign with a whole-branch pick: chosen roots' active units (of chosen kinds) join the campaign."""

    branches = forms.ModelMultipleChoiceField(
        label=_("整枝选择"),
        queryset=Unit.objects.none(),
        required=False,
        widget=FilteredSelectMultiple(_("上级单位"), is_stacked=False),
        help_text=_("选择上级单位(如某乡镇),保存时把它及其下属的启用单位一并加入报送单位。"),
    )
    branch_kinds = forms.MultipleChoiceField(
        label=_("整枝选择的单位类别"),
        choices=Unit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只加入这些类别的单位(如只选“村”“社区”);不选则加入全部类别。"),
    )

    class Meta:
        model = ReportCampaign
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branches"].queryset = Unit.objects.active().filter(children__isnull=False).distinct()
        self.fields["branches"].label_from_instance = lambda unit: "\u3000" * unit.depth + unit.name

    def clean(self):
        data = super().clean()
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day and last_day < first_day:
            self.add_error("last_day", gettext("结束日期不能早于开始日期。"))
        return data
