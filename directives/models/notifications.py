"""Notifications to users and units, delivered in the app, by email and by webhook."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WebhookEndpoint(models.Model):
    """A group-chat robot (企业微信 / 钉钉 style) of a unit, or of the office when no unit is set."""

    class Format(models.TextChoices):
        TEXT = "text", _("文本")
        MARKDOWN = "markdown", _("Markdown")

    unit = models.ForeignKey(
        "directives.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
        help_text=_("留空表示督查室的机器人"),
    )
    url = models.URLField(_("机器人地址"), max_length=500)
    message_format = models.CharField(_("消息格式"), max_length=16, choices=Format.choices, default=Format.TEXT)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = pgettext_lazy("plural", "群机器人")

    def __str__(self):
        return f"{self.unit or _('督查室')} · {self.url}"

    def clean(self):
        from ..security import check_webhook_target

        if self.url:
            try:
                check_webhook_target(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None


class Notification(models.Model):
    class Kind(models.TextChoices):
        TASK_ASSIGNED = "task_assigned", _("新交办")
        TASK_URGED = "task_urged", _("催办")
        TASK_DUE_SOON = "task_due_soon", _("即将到期")
        TASK_DUE_TODAY = "task_due_today", _("今日到期")
        TASK_OVERDUE = "task_overdue", _("已逾期")
        TASK_RETURNED = "task_returned", _("退回")
        TASK_CLOSE_REQUESTED = "task_close_requested", _("申请办结")
        TASK_CLOSED = "task_closed", _("已销号")
        TASK_ACCEPTANCE_OVERDUE = "task_acceptance_overdue", _("超时未签收")
        EXTENSION_REQUESTED = "extension_requested", _("申请延期")
        EXTENSION_APPROVED = "extension_approved", _("批准延期")
        EXTENSION_REFUSED = "extension_refused", _("不予延期")
        REPORT_DUE = "report_due", _("日报提醒")
        REPORT_MISSING = "report_missing", _("缺报名单")
        DAILY_SUMMARY = "daily_summary", _("日报汇总")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    unit = models.ForeignKey(
        "directives.Unit", verbose_name=_("接收单位"), null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    task = models.ForeignKey("directives.Task", verbose_name=_("交办事项"), null=True, blank=True, on_delete=models.CASCADE)
    campaign = models.ForeignKey(
        "directives.ReportCampaign", verbose_name=_("日报告"), null=True, blank=True, on_delete=models.CASCADE
    )
    # recipient + kind + subject + day: the database refuses a second copy.
    idempotency_key = models.CharField(_("去重键"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class NotificationDelivery(models.Model):
    """One attempt record per channel (email, webhook) of a notification."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件")
        WEBHOOK = "webhook", _("群机器人")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    notification = models.ForeignKey(
        Notification, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    target = models.CharField(_("发送目标"), max_length=500)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知发送记录")
        verbose_name_plural = pgettext_lazy("plural", "通知发送记录")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel", "target"], name="one_delivery_per_channel_target")
        ]

    def __str__(self):
        return f"{self.notification} → {self.get_channel_display()} {self.get_status_display()}"
