"""Forms for acting on tasks: the unit's reports, the office's moves, and the admin's change form and reassignment."""
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Task, Unit
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


class TaskAdminForm(forms.ModelForm):
    """The Task change form, with the reason a deadline change (or any edit) is kept with."""

    change_reason = forms.CharField(
        label=gettext_lazy("修改理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("调整完成时限必须填写;调整单位和修改内容时填写的理由会记入办理记录。"),
    )

    class Meta:
        model = Task
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        task = self.instance
        if "deadline" in cleaned and not cleaned.get("deadline") and "open_ended" in self.fields \
                and not cleaned.get("open_ended") and task.status != Task.Status.CLOSED:
            self.add_error("deadline", _("请填写完成时限,或勾选“长期/无固定时限”。"))
        if task.pk is None or "deadline" not in cleaned:
            return cleaned
        original = Task.objects.only("deadline", "status").get(pk=task.pk)
        if cleaned["deadline"] != original.deadline:
            if original.status == Task.Status.CLOSED:
                self.add_error("deadline", _("已销号的事项不能调整完成时限。"))
            elif not (cleaned.get("change_reason") or "").strip():
                self.add_error("change_reason", _("调整完成时限须说明理由。"))
        return cleaned


class ReassignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=gettext_lazy("新的牵头单位"),
        queryset=Unit.objects.active(),
        widget=AutocompleteSelect(Task._meta.get_field("lead_unit"), admin.site),
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("配合单位"),
        queryset=Unit.objects.active(),
        required=False,
        widget=AutocompleteSelectMultiple(Task._meta.get_field("cooperating_units"), admin.site),
        help_text=gettext_lazy("留空则保留各事项原来的配合单位。"),
    )
    reason = forms.CharField(
        label=gettext_lazy("调整理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("调整单位须说明理由。")},
    )
