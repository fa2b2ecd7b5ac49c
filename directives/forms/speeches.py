"""Forms of the speech import and review screens (office staff, in admin)."""
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _

from ..models import Directive, Meeting, Unit
from ..validators import validate_speech_file
from .widgets import IsoDateInput


class SpeechImportForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("会议"), queryset=Meeting.objects.all(), required=False,
        help_text=_("选择已有会议;没有的话在下面新建,不必离开本页。"),
    )
    new_meeting_title = forms.CharField(
        label=_("新建会议:名称"), max_length=200, required=False, help_text=_("留空则按讲话标题填写,如“全县冬季供暖保障工作会议”。")
    )
    new_meeting_held_on = forms.DateField(
        label=_("新建会议:日期"), required=False, widget=IsoDateInput(), help_text=_("留空则用讲话稿中的日期。")
    )
    new_meeting_chair = forms.CharField(label=_("新建会议:主持人"), max_length=100, required=False)
    new_meeting_location = forms.CharField(label=_("新建会议:地点"), max_length=200, required=False)
    title = forms.CharField(
        label=_("讲话标题"), max_length=300, required=False, help_text=_("留空则使用讲话稿中的标题。")
    )
    speaker = forms.CharField(
        label=_("讲话人"), max_length=100, required=False, help_text=_("留空则使用讲话稿中的讲话人;汇编中的每篇讲话各用自己的。")
    )
    source_file = forms.FileField(
        label=_("讲话文件"),
        required=False,
        validators=[validate_speech_file],
        help_text=_("支持 .docx、.txt(UTF-8 或 GBK)和有文字层的 .pdf。"),
    )
    text = forms.CharField(
        label=_("或粘贴讲话全文"), required=False, widget=forms.Textarea(attrs={"rows": 14, "cols": 100})
    )

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("source_file"))
        has_text = bool((cleaned.get("text") or "").strip())
        if not self.errors and has_file == has_text:
            raise forms.ValidationError(_("请上传讲话文件,或粘贴讲话全文(二选一)。"))
        new_fields = ("new_meeting_title", "new_meeting_held_on", "new_meeting_chair", "new_meeting_location")
        if cleaned.get("meeting") and any(cleaned.get(name) for name in new_fields):
            self.add_error("meeting", _("请选择已有会议,或填写新会议(二选一)。"))
        return cleaned

    def meeting_draft(self):
        """The meeting to create with the import, when no existing one was chosen."""
        from ..services.speeches import MeetingDraft

        data = self.cleaned_data
        if data.get("meeting"):
            return None
        return MeetingDraft(
            title=data.get("new_meeting_title") or "",
            held_on=data.get("new_meeting_held_on"),
            chair=data.get("new_meeting_chair") or "",
            location=data.get("new_meeting_location") or "",
        )


class DirectiveReviewForm(forms.Form):
    number = forms.CharField(label=_("序号"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Directive.Kind.choices)
    heading = forms.CharField(label=_("标题"), max_length=300)
    text = forms.CharField(label=_("原文"), widget=forms.Textarea(attrs={"rows": 8, "cols": 100}))
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=IsoDateInput())
    open_ended = forms.BooleanField(
        label=_("长期/无固定时限"), required=False, help_text=_("没有完成时限的长期工作勾选此项;填写了完成时限则以时限为准。")
    )
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"),
        queryset=Unit.objects.active(),
        required=False,
        widget=AutocompleteSelect(Directive._meta.get_field("lead_unit"), admin.site),
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"),
        queryset=Unit.objects.active(),
        required=False,
        widget=AutocompleteSelectMultiple(Directive._meta.get_field("cooperating_units"), admin.site),
    )

    @classmethod
    def initial_for(cls, directive: Directive) -> dict:
        return {
            "number": directive.number,
            "kind": directive.kind,
            "heading": directive.heading,
            "text": directive.text,
            "deadline": directive.deadline,
            "open_ended": directive.open_ended,
            "lead_unit": directive.lead_unit,
            "cooperating_units": list(directive.cooperating_units.all()),
        }


class DirectiveSplitForm(forms.Form):
    at = forms.CharField(
        label=_("从这句话起拆成新的一条"),
        max_length=200,
        help_text=_("从原文中复制新一条开头的几个字,例如“县应急管理局负责督导”。"),
    )
