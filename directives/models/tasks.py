"""Tasks (交办事项), their tracking numbers, history and progress reports."""
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrackingCounter(models.Model):
    """The last tracking number issued in a year: incremented under a row lock."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    last_number = models.PositiveIntegerField(_("已用最大编号"), default=0)

    class Meta:
        verbose_name = _("督办编号计数")
        verbose_name_plural = pgettext_lazy("plural", "督办编号计数")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("交办")
    ACCEPTED = "accepted", _("签收")
    IN_PROGRESS = "in_progress", _("办理中")
    CLOSE_REQUESTED = "close_requested", _("申请办结")
    CLOSED = "closed", _("销号")


class TaskSource(models.TextChoices):
    """Where a task comes from (任务来源)."""

    SPEECH = "speech", _("讲话")
    INSTRUCTION = "instruction", _("领导批示")
    DOCUMENT = "document", _("上级文件")
    MINUTES = "minutes", _("会议纪要")
    PETITION = "petition", _("群众诉求")
    OTHER = "other", _("其他")


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")
    # An open task with no 完成时限 (长期 or not yet set): it can never be overdue, so it is no green light.
    NONE = "none", _("无时限")


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=TaskStatus.CLOSED)

    def for_unit(self, unit):
        """Tasks the unit leads or cooperates on."""
        return self.filter(models.Q(lead_unit=unit) | models.Q(cooperating_units=unit)).distinct()

    def overdue_on(self, day):
        return self.open().filter(deadline__lt=day)


class Task(models.Model):
    Status = TaskStatus
    Light = Light
    Source = TaskSource

    tracking_year = models.PositiveSmallIntegerField(_("编号年度"), editable=False)
    tracking_serial = models.PositiveIntegerField(_("年度序号"), editable=False)
    tracking_number = models.CharField(_("督办编号"), max_length=40, unique=True, editable=False)
    directive = models.ForeignKey(
        "directives.Directive",
        verbose_name=_("来源要点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    meeting = models.ForeignKey(
        "directives.Meeting",
        verbose_name=_("来源会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    source_kind = models.CharField(
        _("来源类别"), max_length=16, choices=TaskSource.choices, default=TaskSource.OTHER, db_index=True
    )
    # The source's reference: a document number (文号), who gave the instruction (批示人), its date.
    source_reference = models.CharField(_("来源文号"), max_length=100, blank=True)
    source_person = models.CharField(_("批示人"), max_length=50, blank=True)
    source_date = models.DateField(_("来源日期"), null=True, blank=True)
    # 二次交办: a unit splits its task into sub-tasks for the units under it.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    title = models.CharField(_("工作任务"), max_length=300)
    description = models.TextField(_("任务内容"), blank=True)
    lead_unit = models.ForeignKey(
        "directives.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    cooperating_units = models.ManyToManyField(
        "directives.Unit", verbose_name=_("配合单位"), blank=True, related_name="cooperating_tasks"
    )
    responsible_person = models.CharField(_("责任人"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True, db_index=True)
    # 长期/无固定时限: chosen on purpose, unlike a deadline nobody set.
    open_ended = models.BooleanField(_("长期/无固定时限"), default=False)
    # 原时限: the deadline as first set; ``deadline`` is the one in force (调整后时限).
    original_deadline = models.DateField(_("原时限"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    # 签收时限: the last day to accept, DUBAN_ACCEPTANCE_WORKDAYS working days after assignment.
    accept_by = models.DateField(_("签收时限"), null=True, blank=True, db_index=True)
    # Set once, by the overdue sweep, when the task was still not accepted after ``accept_by`` (超时未签收).
    acceptance_overdue_at = models.DateTimeField(_("超时未签收"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED, db_index=True
    )
    # Kept current by the services and the overdue sweep, so lists filter on them.
    is_overdue = models.BooleanField(_("逾期"), default=False, db_index=True)
    light = models.CharField(_("警示灯"), max_length=8, choices=Light.choices, default=Light.GREEN, db_index=True)
    closed_on_time = models.BooleanField(_("按期办结"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    # Copy of the newest progress report's text, kept by the services: lists and
    # ledgers show it without a query per row.
    latest_progress = models.TextField(_("最新进展"), blank=True)
    latest_progress_at = models.DateTimeField(_("最新进展时间"), null=True, blank=True)
    urge_count = models.PositiveIntegerField(_("催办次数"), default=0)
    last_urged_at = models.DateTimeField(_("最近催办"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_tasks",
    )
    created_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    close_requested_at = models.DateTimeField(_("申请办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办事项")
        verbose_name_plural = pgettext_lazy("plural", "交办事项")
        ordering = ["-tracking_year", "-tracking_serial"]
        constraints = [
            models.UniqueConstraint(fields=["tracking_year", "tracking_serial"], name="task_tracking_serial_per_year"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("workspace:task_detail", args=[self.pk])

    def light_on(self, day: datetime.date, yellow_days: int | None = None) -> str:
        """Return the warning light on ``day``: red when overdue, yellow near the deadline."""
        if yellow_days is None:
            yellow_days = settings.DUBAN_YELLOW_DAYS
        if self.status == TaskStatus.CLOSED and self.deadline is None:
            return Light.GREEN
        if self.deadline is None:
            return Light.NONE
        if self.status == TaskStatus.CLOSED:
            return Light.GREEN if self.closed_on_time is not False else Light.RED
        if day > self.deadline:
            return Light.RED
        if (self.deadline - day).days <= yellow_days:
            return Light.YELLOW
        return Light.GREEN

    def last_return(self, events=None):
        """The 退回 this task is being reworked after: the newest status move, when it sent the task back."""
        events = list(events) if events is not None else list(self.events.filter(kind=TaskEvent.Kind.STATUS))
        moves = [e for e in events if e.kind == TaskEvent.Kind.STATUS]
        latest = max(moves, key=lambda e: (e.at, e.pk), default=None)
        return latest if latest is not None and latest.is_return and self.status == TaskStatus.IN_PROGRESS else None

    @property
    def is_acceptance_overdue(self) -> bool:
        """超时未签收: flagged by the sweep and still not accepted."""
        return self.acceptance_overdue_at is not None and self.status == TaskStatus.ASSIGNED

    def overdue_days_on(self, day: datetime.date) -> int:
        """Days past the deadline on ``day`` (or at closing, for closed tasks); 0 if none."""
        if self.deadline is None:
            return 0
        if self.status == TaskStatus.CLOSED and self.closed_at:
            day = timezone.localtime(self.closed_at).date()
        return max(0, (day - self.deadline).days)


class TaskEvent(models.Model):
    """One entry of a task's history: a status move, an edit, a deadline change, an urge."""

    class Kind(models.TextChoices):
        CREATED = "created", _("交办")
        STATUS = "status", _("状态变更")
        DEADLINE = "deadline", _("调整时限")
        REASSIGN = "reassign", _("调整单位")
        EDIT = "edit", _("修改")
        URGE = "urge", _("催办")
        PROGRESS = "progress", _("进展反馈")
        EXTENSION_REQUESTED = "extension_requested", _("申请延期")
        EXTENSION_APPROVED = "extension_approved", _("批准延期")
        EXTENSION_REFUSED = "extension_refused", _("不予延期")
        SPLIT = "split", _("二次交办")
        ACCEPTANCE_OVERDUE = "acceptance_overdue", _("超时未签收")

    task = models.ForeignKey(Task, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=TaskStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=TaskStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    reason = models.TextField(_("说明"), blank=True)
    # What changed, field by field: {"deadline": ["2026-10-31", "2026-11-15"]}.
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = pgettext_lazy("plural", "办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.task.tracking_number} {self.label} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def is_return(self) -> bool:
        """退回: the office sent a completion request back (申请办结 → 办理中)."""
        return (
            self.kind == self.Kind.STATUS
            and self.from_status == TaskStatus.CLOSE_REQUESTED
            and self.to_status == TaskStatus.IN_PROGRESS
        )

    @property
    def label(self) -> str:
        """What the move was, as the office says it: 退回, not 状态变更."""
        return str(_("退回")) if self.is_return else self.get_kind_display()


class ProgressReport(models.Model):
    """A unit's progress report (进展反馈) on a task, optionally with an attachment."""

    task = models.ForeignKey(Task, verbose_name=_("交办事项"), on_delete=models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey("directives.Unit", verbose_name=_("反馈单位"), on_delete=models.PROTECT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("反馈人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("进展情况"))
    attachment = models.FileField(_("附件"), upload_to="progress/%Y/%m/", blank=True)
    is_completion_evidence = models.BooleanField(_("办结佐证"), default=False)
    created_at = models.DateTimeField(_("反馈时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进展反馈")
        verbose_name_plural = pgettext_lazy("plural", "进展反馈")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.task.tracking_number} · {self.unit} · {timezone.localtime(self.created_at):%Y-%m-%d}"
