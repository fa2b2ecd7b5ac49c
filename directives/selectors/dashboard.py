"""The home page's figures: what the office and leaders watch, and what a clerk must do next.

A fixed number of queries, whatever the number of tasks, units and campaigns.
"""
import dataclasses
import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ..models import DailyReport, ReportCampaign, Task
from ..permissions import can_see_everything, unit_of, visible_tasks

Status = Task.Status


@dataclasses.dataclass(frozen=True)
class CampaignToday:
    campaign: ReportCampaign
    expected: int
    received: int
    filed_by_my_unit: bool | None  # None when the viewer files for no unit

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.received)


def task_counts(tasks) -> dict:
    """Counts by status and light, and overdue, in one query."""
    open_q = ~Q(status=Status.CLOSED)
    return tasks.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_q),
        assigned=Count("pk", filter=Q(status=Status.ASSIGNED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        close_requested=Count("pk", filter=Q(status=Status.CLOSE_REQUESTED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        closed_late=Count("pk", filter=Q(status=Status.CLOSED, closed_on_time=False)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        red=Count("pk", filter=open_q & Q(light=Task.Light.RED)),
        yellow=Count("pk", filter=open_q & Q(light=Task.Light.YELLOW)),
        green=Count("pk", filter=open_q & Q(light=Task.Light.GREEN)),
        # No 完成时限: counted apart, never green; 长期 ones were chosen so, the rest still need a date.
        undated=Count("pk", filter=open_q & Q(deadline__isnull=True)),
        open_ended=Count("pk", filter=open_q & Q(deadline__isnull=True, open_ended=True)),
    )


def units_with_most_overdue(limit: int = 10) -> list[dict]:
    """Lead units ranked by overdue tasks, then by open tasks."""
    return list(
        Task.objects.filter(is_overdue=True)
        .values("lead_unit_id", "lead_unit__name", "lead_unit__short_name")
        .annotate(overdue=Count("pk"))
        .order_by("-overdue", "lead_unit__tree_path")[:limit]
    )


def tasks_needing_action(user, *, limit: int = 10) -> list[Task]:
    """What the viewer should act on first: for the office, close requests; for a unit, tasks to accept or overdue or near."""
    tasks = visible_tasks(user).select_related("lead_unit")
    if can_see_everything(user):
        tasks = tasks.filter(status=Status.CLOSE_REQUESTED).order_by("close_requested_at")
    else:
        soon = timezone.localdate() + datetime.timedelta(days=settings.DUBAN_YELLOW_DAYS)
        tasks = tasks.filter(
            Q(status=Status.ASSIGNED) | (~Q(status__in=[Status.CLOSED, Status.CLOSE_REQUESTED]) & Q(deadline__lte=soon))
        ).order_by("deadline", "pk")
    return list(tasks[:limit])


def campaigns_today(user, day: datetime.date | None = None) -> list[CampaignToday]:
    """Active campaigns reporting today (the viewer's unit's only, for a clerk), with today's counts."""
    day = day or timezone.localdate()
    campaigns = ReportCampaign.objects.filter(is_active=True, first_day__lte=day, last_day__gte=day)
    unit = unit_of(user)
    if not can_see_everything(user):
        if unit is None:
            return []
        # A subquery, not a join: a join on units would make the count below count only this unit.
        campaigns = campaigns.filter(pk__in=ReportCampaign.objects.filter(units=unit).values("pk"))
    campaigns = list(
        campaigns.annotate(unit_count=Count("units", filter=Q(units__is_active=True), distinct=True)).order_by("-first_day")
    )
    campaigns = [c for c in campaigns if c.is_reporting_day(day)]
    received = dict(
        DailyReport.objects.filter(campaign__in=campaigns, date=day, unit__is_active=True)
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
    )
    mine = set()
    if unit is not None:
        mine = set(DailyReport.objects.filter(campaign__in=campaigns, date=day, unit=unit).values_list("campaign_id", flat=True))
    return [
        CampaignToday(
            campaign=c,
            expected=c.unit_count,
            received=received.get(c.pk, 0),
            filed_by_my_unit=(c.pk in mine) if unit is not None else None,
        )
        for c in campaigns
    ]
