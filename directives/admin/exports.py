"""The ledger export of the Task changelist: a button that keeps the current filters, and an action.

The button sends the changelist's own GET query to ``export-ledger/``; the
rows are rebuilt from that query by a ChangeList (``exports.sources``), in
the request for a small export and in the Celery worker for a large one, so
both hold exactly what the changelist shows: filters, search, date drill-down.
"""
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from ..exports.responses import export_response, ledger_queryset_response
from ..exports.sources import ledger_query_split
from ..models import ExportJob


class LedgerExportMixin:
    """Adds the 督办台账 export (button keeping the filters, and an action on selected rows) to TaskAdmin."""

    change_list_template = "admin/directives/task/change_list_ledger.html"

    def get_urls(self):
        urls = [
            path(
                "export-ledger/",
                self.admin_site.admin_view(self.export_ledger_view),
                name="directives_task_export_ledger",
            ),
        ]
        return urls + super().get_urls()

    def get_actions(self, request):
        """The model admin's actions plus the ledger export (added here so TaskAdmin's own ``actions`` stay its own)."""
        actions = super().get_actions(request)
        if self.actions is not None and IS_POPUP_VAR not in request.GET and self.has_view_or_change_permission(request):
            action = type(self).export_ledger_selected
            actions["export_ledger_selected"] = (action, "export_ledger_selected", action.short_description)
        return actions

    def export_ledger_view(self, request):
        """Download the ledger of the changelist as filtered now, or start a background job for a large one."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query, options = ledger_query_split(request.GET)
        params = {"source": "admin", "query": query, **options}
        try:
            return export_response(request, kind=ExportJob.Kind.LEDGER, params=params)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:directives_task_changelist") + (f"?{query}" if query else ""))

    @admin.action(description=gettext_lazy("导出所选事项的督办台账"))
    def export_ledger_selected(self, request, queryset):
        return ledger_queryset_response(request, queryset, admin_query=request.GET.urlencode())
