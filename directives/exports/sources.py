"""Which tasks a ledger export holds: the rows a list shows a user for its GET query, rebuilt from that query.

The rows are rebuilt the same way in the request (a small export) and in the
Celery worker (a large one), so both hold exactly what the list shows:

- ``workspace``: the workspace task list (its FilterSet over the tasks the
  user may see);
- ``admin``: the Task changelist (filters, search, date drill-down), built by
  the ModelAdmin registered on the admin site, so this module needs nothing
  from ``directives.admin``.

Export options travel in the same query as the list's filters;
``ledger_query_split`` takes them out before the query reaches the list.
"""
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Task
from ..selectors.ledger import workspace_tasks

# The ledger's options as query parameters (``_group_by_point=1``): the leading
# underscore keeps them apart from the list's own filters.
LEDGER_OPTION_PARAMS = ("_group_by_point", "_group_by_source", "_sheet_per_lead_unit")


def ledger_query_split(query: QueryDict) -> tuple[str, dict[str, bool]]:
    """Return the list's own query (urlencoded) and the ledger options found in ``query``."""
    query = query.copy()
    options = {}
    for name in LEDGER_OPTION_PARAMS:
        if name in query:
            options[name.lstrip("_")] = query.pop(name)[-1] not in ("", "0")
    return query.urlencode(), options


def changelist_tasks(*, user, query: str) -> QuerySet[Task]:
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


def ledger_tasks(*, user, source: str, query: str) -> QuerySet[Task]:
    """The tasks a ledger export holds: those the list (``source``) shows ``user`` for its GET ``query``."""
    if source == "admin":
        return changelist_tasks(user=user, query=query)
    if source == "workspace":
        return workspace_tasks(user=user, params=QueryDict(query))
    raise ValidationError(_("未知的导出来源:%(source)s") % {"source": source})
