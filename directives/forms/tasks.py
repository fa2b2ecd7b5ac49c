"""Forms for acting on tasks: the unit's reports and the office's moves."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..validators import validate_attachment
from .widgets import IsoDateInput


class ProgressReportForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        validators=[validate_attachment],
        help_text=_("可上传 PDF、图片、Word/Excel/PPT、txt 或 zip 文件。"),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("进展情况不能为空。"))
        return text


class EvidenceForm(ProgressReportForm):
    """Completion evidence (办结佐证): a progress report whose attachment is required."""

    attachment = forms.FileField(label=_("佐证材料"), validators=[validate_attachment])
    text = forms.CharField(label=_("材料说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RequestCloseForm(ProgressReportForm):
    text = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    attachment = forms.FileField(label=_("佐证材料"), required=False, validators=[validate_attachment])


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"required": _("请填写理由。")},
    )

    def __init__(self, *args, reason_required=False, reason_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        if reason_label:
            field.label = reason_label

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.fields["reason"].required and not reason:
            raise forms.ValidationError(_("请填写理由。"))
        return reason


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("新的完成时限"), widget=IsoDateInput())
    reason = forms.CharField(
        label=_("调整理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("调整时限须说明理由。")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("调整时限须说明理由。"))
        return reason
