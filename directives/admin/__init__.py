"""Django admin for the supervision office, one module per area."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import notifications, reports, speeches, tasks, units  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("督办 · 督查督办管理系统")
admin.site.site_title = _("督办")
admin.site.index_title = _("督查室工作台")
