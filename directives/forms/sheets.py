"""Uploaded spreadsheets the office imports: the unit table and the task list (.xlsx, at most 5 MB)."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_SHEET_BYTES = 5 * 1024 * 1024


class SheetForm(forms.Form):
    """One .xlsx file in ``sheet``; a subclass gives the field and the message for a file too big."""

    too_big_message: str

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if not sheet.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的表格。"))
        if sheet.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(str(self.too_big_message))
        return sheet


class UnitSheetForm(SheetForm):
    sheet = forms.FileField(
        label=gettext_lazy("单位表格(.xlsx)"),
        help_text=gettext_lazy("表头:全称、简称、别名、上级单位、类别、联系人、联系电话。全称必填;新增单位须填类别;空白单元格不改动已有内容。"),
    )
    too_big_message = gettext_lazy("文件太大:单位表格不能超过5MB。")


class TaskSheetForm(SheetForm):
    sheet = forms.FileField(
        label=gettext_lazy("任务清单(.xlsx)"),
        help_text=gettext_lazy(
            "表头:工作任务、任务内容、牵头单位、配合单位、责任人、完成时限、来源类别、文号、批示人、来源日期、备注。"
            "工作任务和牵头单位必填;有一行出错则整张表都不导入。"
        ),
    )
    too_big_message = gettext_lazy("文件太大:任务清单不能超过5MB。")
