"""Django admin for the supervision office, one module per area."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..permissions import is_office
from . import notifications, reports, scores, speeches, tasks, units  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("督办 · 督查督办管理系统")
admin.site.site_title = _("督办")
admin.site.index_title = _("督查室工作台")


def _office_only(request) -> bool:
    """Only the office (and superusers) use the admin: staff status given to a clerk or leader opens nothing,
    since the admin's lists and forms show and change every unit's tasks."""
    user = request.user
    return user.is_active and user.is_staff and is_office(user)


admin.site.has_permission = _office_only
