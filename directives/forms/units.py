"""Forms about units: the spreadsheet of an import."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UNIT_SHEET_BYTES = 5 * 1024 * 1024


class UnitSheetForm(forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("单位表格(.xlsx)"),
        help_text=gettext_lazy("表头:全称、简称、别名、上级单位、类别、联系人、联系电话。全称必填;新增单位须填类别;空白单元格不改动已有内容。"),
    )

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if not sheet.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的表格。"))
        if sheet.size > MAX_UNIT_SHEET_BYTES:
            raise forms.ValidationError(_("文件太大:单位表格不能超过5MB。"))
        return sheet
