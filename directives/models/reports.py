"""Daily zero-reports (日报告零报告): campaigns, the reports units file, and day summaries."""
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..extraction.workdays import is_workday


class ReportCampaign(models.Model):
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    units = models.ManyToManyField(
        "directives.Unit", verbose_name=_("报送单位"), related_name="report_campaigns", blank=True
    )
    first_day = models.DateField(_("开始日期"))
    last_day = models.DateField(_("结束日期"))
    cutoff = models.TimeField(_("每日截止时间"), default=datetime.time(16, 0))
    workdays_only = models.BooleanField(
        _("仅工作日报送"), default=False, help_text=_("按国家法定节假日和调休安排计算工作日")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("日报告零报告")
        verbose_name_plural = pgettext_lazy("plural", "日报告零报告")
        ordering = ["-first_day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="campaign_last_day_not_before_first"
            )
        ]

    def __str__(self):
        return self.name

    def is_reporting_day(self, day: datetime.date) -> bool:
        """Whether units owe a report on ``day``."""
        if not (self.first_day <= day <= self.last_day):
            return False
        if not self.workdays_only:
            return True
        return is_workday(day)

    def reporting_days(self, start=None, end=None):
        start = max(start or self.first_day, self.first_day)
        end = min(end or self.last_day, self.last_day)
        day = start
        while day <= end:
            if self.is_reporting_day(day):
                yield day
            day += datetime.timedelta(days=1)

    def cutoff_at(self, day: datetime.date) -> datetime.datetime:
        """The aware moment the report for ``day`` is due."""
        return timezone.make_aware(datetime.datetime.combine(day, self.cutoff))


class ReportIndicator(models.Model):
    """A figure or text every report of a campaign carries (e.g. 排查返乡人员数)."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("整数")
        DECIMAL = "decimal", _("小数")
        TEXT = "text", _("文字")

    campaign = models.ForeignKey(
        ReportCampaign, verbose_name=_("日报告"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("代码"), max_length=50)
    name = models.CharField(_("指标名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.INTEGER)
    required = models.BooleanField(_("必填"), default=False)
    unit_label = models.CharField(_("计量单位"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("报送指标")
        verbose_name_plural = pgettext_lazy("plural", "报送指标")
        ordering = ["campaign", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_per_campaign")]

    def __str__(self):
        return self.name


class DailyReport(models.Model):
    """One unit's report for one day of a campaign: a zero report or figures and text."""

    campaign = models.ForeignKey(
        ReportCampaign, verbose_name=_("日报告"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey("directives.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="daily_reports")
    date = models.DateField(_("报送日期"))
    is_zero = models.BooleanField(_("零报告"), default=False)
    values = models.JSONField(_("指标数据"), default=dict, blank=True)
    text = models.TextField(_("报告内容"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    # Lateness of the first filing: a correction does not make a report late or on time.
    is_late = models.BooleanField(_("迟报"), default=False)
    revision_count = models.PositiveIntegerField(_("更正次数"), default=0)

    class Meta:
        verbose_name = _("日报")
        verbose_name_plural = pgettext_lazy("plural", "日报")
        ordering = ["-date", "unit__tree_path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "date"], name="one_daily_report_per_unit_and_day"),
        ]
        indexes = [models.Index(fields=["campaign", "date"])]

    def __str__(self):
        return f"{self.campaign} · {self.unit} · {self.date:%Y-%m-%d}"


class DailyReportRevision(models.Model):
    """An earlier version of a daily report, kept when the unit corrects it."""

    report = models.ForeignKey(
        DailyReport, verbose_name=_("日报"), on_delete=models.CASCADE, related_name="revisions"
    )
    is_zero = models.BooleanField(_("零报告"), default=False)
    values = models.JSONField(_("指标数据"), default=dict, blank=True)
    text = models.TextField(_("报告内容"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    replaced_at = models.DateTimeField(_("更正时间"), default=timezone.now)

    class Meta:
        verbose_name = _("日报更正记录")
        verbose_name_plural = pgettext_lazy("plural", "日报更正记录")
        ordering = ["report", "submitted_at"]

    def __str__(self):
        return f"{self.report} @ {timezone.localtime(self.submitted_at):%H:%M}"


class DailySummary(models.Model):
    """A campaign's figures for one day, built after the cutoff and then kept as they were."""

    campaign = models.ForeignKey(
        ReportCampaign, verbose_name=_("日报告"), on_delete=models.CASCADE, related_name="summaries"
    )
    date = models.DateField(_("日期"))
    expected = models.PositiveIntegerField(_("应报"), default=0)
    received = models.PositiveIntegerField(_("已报"), default=0)
    on_time = models.PositiveIntegerField(_("按时"), default=0)
    late = models.PositiveIntegerField(_("迟报"), default=0)
    zero = models.PositiveIntegerField(_("零报告"), default=0)
    missing_units = models.JSONField(_("缺报单位"), default=list, blank=True)
    indicator_totals = models.JSONField(_("指标合计"), default=dict, blank=True)
    texts = models.JSONField(_("报告内容汇总"), default=list, blank=True)
    built_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("日报汇总")
        verbose_name_plural = pgettext_lazy("plural", "日报汇总")
        ordering = ["-date", "campaign"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date"], name="one_summary_per_campaign_and_day")]

    def __str__(self):
        return f"{self.campaign} · {self.date:%Y-%m-%d}"
