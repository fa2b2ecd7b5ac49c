"""Admin screens to import units from a spreadsheet: upload → preview → confirm.

The uploaded file waits between preview and confirm in the var directory
under a random token kept in the session; confirming plans it again inside
the import's transaction, so a preview gone stale (someone edited units
meanwhile) shows up as errors instead of a half-import.
"""
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..forms.sheets import UnitSheetForm
from ..services.unit_import import UnitImportError, units_import, units_import_plan

SESSION_KEY = "unit_import_token"


def _pending_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "unit-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _pending_path(token: str) -> Path | None:
    if not token or not token.isalnum():
        return None
    path_ = _pending_dir() / f"{token}.xlsx"
    return path_ if path_.exists() else None


class UnitImportMixin:
    """Adds 从表格导入 to UnitAdmin."""

    change_list_template = "admin/directives/unit/change_list_import.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="directives_unit_import"),
        ] + super().get_urls()

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("从表格导入单位")}
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, context)
        form = UnitSheetForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["sheet"].read()
            plan = units_import_plan(content=content)
            token = ""
            if plan.is_valid:
                token = secrets.token_hex(16)
                (_pending_dir() / f"{token}.xlsx").write_bytes(content)
                request.session[SESSION_KEY] = token
            return TemplateResponse(request, "admin/directives/unit/import.html",
                                    {**context, "form": UnitSheetForm(), "plan": plan, "token": token})
        return TemplateResponse(request, "admin/directives/unit/import.html", {**context, "form": form})

    def _confirm(self, request, context):
        token = request.POST.get("token", "")
        pending = _pending_path(token) if token == request.session.get(SESSION_KEY) else None
        if pending is None:
            self.message_user(request, _("预览已过期,请重新上传表格。"), messages.ERROR)
            return redirect("admin:directives_unit_import")
        try:
            plan = units_import(content=pending.read_bytes())
        except UnitImportError as error:
            return TemplateResponse(request, "admin/directives/unit/import.html",
                                    {**context, "form": UnitSheetForm(), "plan": error.plan, "token": ""})
        pending.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        self.message_user(
            request,
            _("导入完成:新增%(created)s个单位,更新%(updated)s个,未变%(unchanged)s个。")
            % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:directives_unit_changelist"))
