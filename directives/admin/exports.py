"""The ledger export of the Task changelist: a button that keeps the current filters, and an action.

The button sends the changelist's own GET query to ``export-ledger/``; the
rows are rebuilt from that query by a ChangeList (``changelist_tasks``), in
the request for a small export and in the Celery worker for a large one, so
both hold exactly what the changelist shows: filters, search, date drill-down.
"""
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ExportJob, Task

# Export options travel in the same query as the changelist's filters; these
# names are taken out before the query reaches the ChangeList.
OPTION_PARAMS = ("_group_by_point", "_sheet_per_lead_unit")


def changelist_tasks(*, user, query: str):
    """The tasks the Task changelist shows ``user`` for the GET ``query`` (filters, search, date drill-down)."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    request.path = request.path_info = reverse("admin:directives_task_changelist")
    model_admin = admin.site.get_model_admin(Task)
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied(_("您无权查看交办事项。"))
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters as error:
        raise ValidationError(_("筛选条件有误,无法导出。")) from error
    return changelist.queryset


def _split_options(query: QueryDict) -> tuple[str, dict]:
    query = query.copy()
    options = {}
    for name in OPTION_PARAMS:
        if name in query:
            options[name.lstrip("_")] = query.pop(name)[-1] not in ("", "0")
    return query.urlencode(), options


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
        from ..views.exports import export_response

        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        query, options = _split_options(request.GET)
        params = {"source": "admin", "query": query, **options}
        try:
            return export_response(request, kind=ExportJob.Kind.LEDGER, params=params)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:directives_task_changelist") + (f"?{query}" if query else ""))

    @admin.action(description=gettext_lazy("导出所选事项的督办台账"))
    def export_ledger_selected(self, request, queryset):
        from ..views.exports import ledger_queryset_response

        return ledger_queryset_response(request, queryset, admin_query=request.GET.urlencode())
