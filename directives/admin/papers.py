"""督办通知书 from the Task admin: actions on the selected tasks and a button on a task's page.

Two actions: one document with a page per lead unit, or a zip with a
document per lead unit. The task's page has a button for its own notice.
"""
import io

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Task
from ..papers import DOCX
from ..papers.notices import notice_filename, notices_document_write, notices_zip_write
from ..permissions import is_office
from ..selectors.papers import notice_tasks

# A selection larger than this is refused (the office selects what it sends out, not the whole ledger).
NOTICE_LIMIT = 500


def _notices_response(task_ids, *, as_zip: bool, single_name: str | None = None) -> FileResponse:
    day = timezone.localdate()
    out = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        tasks = notice_tasks(task_ids)
        if as_zip:
            notices_zip_write(tasks, out, day=day)
            filename, content_type = _("督办通知书_%(day)s.zip") % {"day": f"{day:%Y%m%d}"}, "application/zip"
        else:
            notices_document_write(tasks, out, day=day)
            filename = single_name or _("督办通知书_%(day)s.docx") % {"day": f"{day:%Y%m%d}"}
            content_type = DOCX
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=content_type)


class NoticeMixin:
    """Adds the 督办通知书 actions and the task page's button to TaskAdmin."""

    change_form_template = "admin/directives/task/change_form_notice.html"

    def get_urls(self):
        urls = [
            path("<int:pk>/notice.docx", self.admin_site.admin_view(self.notice_view),
                 name="directives_task_notice"),
        ]
        return urls + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is not None and IS_POPUP_VAR not in request.GET and self.has_view_or_change_permission(request):
            for action in (type(self).notices_one_document, type(self).notices_per_unit):
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions

    def notice_view(self, request, pk):
        """The 督办通知书 of one task."""
        if not (self.has_view_or_change_permission(request) and is_office(request.user)):
            raise PermissionDenied
        task = get_object_or_404(Task, pk=pk)
        name = notice_filename(f"{task.lead_unit.name}_{task.tracking_number}", timezone.localdate())
        return _notices_response([task.pk], as_zip=False, single_name=name)

    def _check_selection(self, request, queryset) -> list[int] | None:
        if not is_office(request.user):
            self.message_user(request, _("只有督查室工作人员可以生成督办通知书。"), messages.ERROR)
            return None
        ids = list(queryset.values_list("pk", flat=True)[: NOTICE_LIMIT + 1])
        if len(ids) > NOTICE_LIMIT:
            self.message_user(request, _("一次最多生成%(limit)s项事项的督办通知书,请缩小选择范围。")
                              % {"limit": NOTICE_LIMIT}, messages.ERROR)
            return None
        return ids

    @admin.action(description=gettext_lazy("生成督办通知书(一个文件,每个牵头单位一页)"))
    def notices_one_document(self, request, queryset):
        ids = self._check_selection(request, queryset)
        return None if ids is None else _notices_response(ids, as_zip=False)

    @admin.action(description=gettext_lazy("生成督办通知书(每个牵头单位一个文件,打包下载)"))
    def notices_per_unit(self, request, queryset):
        ids = self._check_selection(request, queryset)
        return None if ids is None else _notices_response(ids, as_zip=True)
