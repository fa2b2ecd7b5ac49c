"""A big speech file imported in the background: the upload kept, its progress, then the speeches it gave."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SpeechImportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("识别中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    class Stage(models.TextChoices):
        QUEUED = "queued", _("等待后台处理")
        READING = "reading", _("读取文件")
        EXTRACTING = "extracting", _("识别要点")
        STORING = "storing", _("保存要点")
        FINISHED = "finished", _("完成")

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(_("进度"), max_length=16, choices=Stage.choices, default=Stage.QUEUED)
    progress = models.PositiveSmallIntegerField(_("完成百分比"), default=0)
    source_file = models.FileField(_("上传的文件"), upload_to="speech_imports/%Y/%m/")
    source_name = models.CharField(_("文件名"), max_length=255)
    source_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    meeting = models.ForeignKey(
        "directives.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="import_jobs",
    )
    # A meeting to create with the import (services.speeches.MeetingDraft), when no meeting is chosen.
    new_meeting = models.JSONField(_("新会议"), default=dict, blank=True)
    title = models.CharField(_("讲话标题"), max_length=300, blank=True)
    speaker = models.CharField(_("讲话人"), max_length=100, blank=True)
    speech_ids = models.JSONField(_("导入的讲话"), default=list, blank=True)
    duplicate_ids = models.JSONField(_("已导入过的讲话"), default=list, blank=True)
    message = models.TextField(_("结果"), blank=True)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE, related_name="speech_import_jobs"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("讲话导入任务")
        verbose_name_plural = pgettext_lazy("plural", "讲话导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source_name} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
