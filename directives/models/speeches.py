"""Meetings, the speeches given at them, and the points pulled from the speeches."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Meeting(models.Model):
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    location = models.CharField(_("地点"), max_length=200, blank=True)
    chair = models.CharField(_("主持人"), max_length=100, blank=True)
    organizer = models.ForeignKey(
        "directives.Unit", verbose_name=_("主办单位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = pgettext_lazy("plural", "会议")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.title}({self.held_on:%Y-%m-%d})"


class Speech(models.Model):
    class Status(models.TextChoices):
        EXTRACTED = "extracted", _("待审核")
        REVIEWED = "reviewed", _("已审核")
        ASSIGNED = "assigned", _("已交办")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="speeches"
    )
    title = models.CharField(_("讲话标题"), max_length=300)
    speaker = models.CharField(_("讲话人"), max_length=100, blank=True)
    delivered_on = models.DateField(_("讲话日期"), null=True, blank=True)
    source_file = models.FileField(_("原始文件"), upload_to="speeches/%Y/%m/", blank=True)
    source_name = models.CharField(_("原始文件名"), max_length=255, blank=True)
    # SHA-256 of the normalised text: the same speech imported twice is found by it.
    text_digest = models.CharField(_("文本指纹"), max_length=64, blank=True, db_index=True)
    text = models.TextField(_("讲话全文"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.EXTRACTED)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("讲话")
        verbose_name_plural = pgettext_lazy("plural", "讲话")
        ordering = ["-delivered_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def reference_date(self):
        """The date deadlines are resolved against: the speech's own, else the meeting's."""
        return self.delivered_on or self.meeting.held_on


class Directive(models.Model):
    """One enumerated point of a speech (一、/(一)/一是…), nested under its parent."""

    class Kind(models.TextChoices):
        DIRECTIVE = "directive", _("工作要求")
        CONTEXT = "context", _("情况描述")

    class Review(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        ACCEPTED = "accepted", _("已确认")
        DROPPED = "dropped", _("已舍弃")
        ASSIGNED = "assigned", _("已交办")

    speech = models.ForeignKey(Speech, verbose_name=_("讲话"), on_delete=models.CASCADE, related_name="directives")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级要点"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    number = models.CharField(_("序号"), max_length=20, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.DIRECTIVE)
    heading = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("原文"))
    start_offset = models.PositiveIntegerField(_("原文起点"), null=True, blank=True)
    end_offset = models.PositiveIntegerField(_("原文终点"), null=True, blank=True)
    # What the extractor found, as written: [{"text": "10月底前", "date": "2026-10-31"}].
    extracted_deadlines = models.JSONField(_("识别的时限"), default=list, blank=True)
    extracted_lead_units = models.JSONField(_("识别的牵头单位"), default=list, blank=True)
    extracted_units = models.JSONField(_("识别的责任单位"), default=list, blank=True)
    recurrence = models.CharField(_("重复规则"), max_length=50, blank=True)
    # What staff settled on in review.
    review_status = models.CharField(
        _("审核状态"), max_length=16, choices=Review.choices, default=Review.PROPOSED
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    # 长期/无固定时限, chosen in review: its tasks get no date on purpose.
    open_ended = models.BooleanField(_("长期/无固定时限"), default=False)
    lead_unit = models.ForeignKey(
        "directives.Unit",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_directives",
    )
    cooperating_units = models.ManyToManyField(
        "directives.Unit", verbose_name=_("配合单位"), blank=True, related_name="cooperating_directives"
    )
    unknown_unit_names = models.JSONField(_("未匹配的单位名称"), default=list, blank=True)
    extracted_doubts = models.JSONField(_("识别存疑"), default=list, blank=True)

    class Meta:
        verbose_name = _("讲话要点")
        verbose_name_plural = pgettext_lazy("plural", "讲话要点")
        ordering = ["speech", "position"]
        indexes = [models.Index(fields=["speech", "position"])]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()
