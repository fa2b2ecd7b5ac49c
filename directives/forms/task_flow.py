"""Forms for 申请延期 (deadline extensions: the request, the office's refusal) and 二次交办 (splitting a task for the
units under it)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Unit
from ..validators import validate_attachment
from .widgets import IsoDateInput


def _required_text(value: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(message)
    return value


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label=_("申请延至"), widget=IsoDateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    attachment = forms.FileField(
        label=_("附件"), required=False, validators=[validate_attachment],
        help_text=_("可附相关说明材料(PDF、图片、Word/Excel 等)。"),
    )

    def clean_reason(self):
        return _required_text(self.cleaned_data["reason"], _("申请延期须说明理由。"))


class ExtensionDecisionForm(forms.Form):
    DECISIONS = [("approve", _("同意延期")), ("refuse", _("不予批准"))]
    decision = forms.ChoiceField(label=_("审批意见"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False,
        help_text=_("不予批准时必须填写理由。"),
    )

    def clean(self):
        data = super().clean()
        data["reason"] = (data.get("reason") or "").strip()
        if data.get("decision") == "refuse" and not data["reason"]:
            self.add_error("reason", _("不予批准须说明理由。"))
        return data


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class SplitForm(forms.Form):
    """One sub-task per chosen unit, with one wording and deadline (each can be changed afterwards)."""

    units = UnitChoices(label=_("承办单位"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("工作任务"), max_length=300)
    description = forms.CharField(label=_("任务内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                  max_length=5000)
    deadline = forms.DateField(label=_("完成时限"), widget=IsoDateInput(), required=False,
                               help_text=_("不能晚于本任务的完成时限;留空则与本任务相同。"))

    def __init__(self, *args, units=None, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units
        if task is not None and not self.is_bound:
            self.initial.setdefault("title", task.title)
            self.initial.setdefault("deadline", task.deadline)

    def clean_title(self):
        return _required_text(self.cleaned_data["title"], _("工作任务不能为空。"))


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("不予批准理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("不予批准须说明理由。")},
    )

    def clean_reason(self):
        return _required_text(self.cleaned_data["reason"], _("不予批准须说明理由。"))
