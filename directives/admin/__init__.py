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


# The office's own work first: its app, then accounts, the job schedules (周期任务) last.
APP_ORDER = {"directives": 0, "auth": 1, "django_celery_beat": 9}
# Within the app, the path a speech takes: import, speeches, tasks; the rest as Django sorts them.
MODEL_ORDER = ["SpeechImport", "Speech", "Task", "Meeting", "DeadlineExtension", "DailyReport", "ReportCampaign", "Unit"]
_default_get_app_list = admin.site.get_app_list


def _get_app_list(request, app_label=None):
    from django.urls import reverse

    apps = _default_get_app_list(request, app_label)
    apps.sort(key=lambda app: (APP_ORDER.get(app["app_label"], 5), str(app["name"])))
    for app in apps:
        if app["app_label"] != "directives":
            continue
        speech = next((m for m in app["models"] if m["object_name"] == "Speech"), None)
        if speech is not None and speech["perms"].get("change"):
            app["models"].insert(0, {
                "model": None,
                "name": _("导入讲话"),
                "object_name": "SpeechImport",
                "perms": {"add": False, "change": False, "delete": False, "view": True},
                "admin_url": reverse("admin:directives_speech_import"),
                "add_url": None,
                "view_only": True,
            })
        rank = {name: index for index, name in enumerate(MODEL_ORDER)}
        app["models"].sort(key=lambda m: (rank.get(m["object_name"], len(rank)), str(m["name"])))
    return apps


admin.site.get_app_list = _get_app_list
