"""Deadline extension requests (申请延期): a unit asks, the office approves or refuses."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeadlineExtensionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=DeadlineExtension.Status.PENDING)


class DeadlineExtension(models.Model):
    """One request for a later 完成时限, with the office's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    task = models.ForeignKey(
        "directives.Task", verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey("directives.Unit", verbose_name=_("申请单位"), on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now, db_index=True)
    # The deadline in force when the request was made, and the one asked for.
    current_deadline = models.DateField(_("原完成时限"), null=True, blank=True)
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    attachment = models.FileField(_("附件"), upload_to="extensions/%Y/%m/", blank=True)
    status = models.CharField(
        _("审批状态"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)

    objects = DeadlineExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = pgettext_lazy("plural", "延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per task: the office decides it before the unit may ask again.
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(status="pending"), name="one_pending_extension_per_task"
            ),
        ]

    def __str__(self):
        return f"{self.task.tracking_number} → {self.requested_deadline:%Y-%m-%d} · {self.get_status_display()}"
