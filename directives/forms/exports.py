"""Forms of the export pages: the date range of a bulletin or a report matrix."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .widgets import IsoDateInput


class DateRangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=IsoDateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=IsoDateInput())
    max_days = 366

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise ValidationError(_("结束日期不能早于开始日期。"))
        if start and end and (end - start).days + 1 > self.max_days:
            raise ValidationError(_("日期范围不能超过%(days)s天。") % {"days": self.max_days})
        return cleaned


class MatrixRangeForm(DateRangeForm):
    max_days = 92  # one column a day: more would not fit the width of a printed page
