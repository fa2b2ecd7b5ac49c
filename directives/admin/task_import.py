"""Admin screen to import tasks from an .xlsx task list: upload, then every task or none."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..forms.sheets import TaskSheetForm
from ..services.task_import import TaskImportError, tasks_import

class TaskImportMixin:
    """Adds 导入任务清单 to TaskAdmin."""

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="directives_task_import"),
        ] + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("导入任务清单")}
        form = TaskSheetForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = tasks_import(content=form.cleaned_data["sheet"].read(), created_by=request.user)
            except TaskImportError as error:
                return TemplateResponse(request, "admin/directives/task/import.html",
                                        {**context, "form": TaskSheetForm(), "plan": error.plan}, status=400)
            self.message_user(
                request,
                _("已导入%(count)s项任务:%(first)s至%(last)s。")
                % {"count": len(created), "first": created[0].tracking_number, "last": created[-1].tracking_number},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:directives_task_changelist"))
        return TemplateResponse(request, "admin/directives/task/import.html", {**context, "form": form})
