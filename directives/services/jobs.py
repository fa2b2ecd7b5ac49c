"""The periodic jobs: overdue sweep, deadline reminders, daily-report reminders, daily summaries.

Each job is a plain function: the Celery tasks in ``directives.tasks`` and the
management commands call the same ones, so cron or a person can run a job
without a broker. Every job may run twice, be retried after a crash or run on
two workers at once: notifications are keyed (see ``services.notifications``)
and summaries, once kept, are not rebuilt unless forced.
"""
import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DailySummary, Notification, ReportCampaign, Task, TaskEvent
from .notifications.deliveries import deliveries_enqueue, deliveries_stale
from .notifications.storage import Message, notifications_send_many
from .notifications.texts import link_to, task_link
from .workflow import tasks_refresh_lights

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# A task is "just overdue" for this many days after its deadline: older ones are
# not announced (e.g. when the jobs are switched on for the first time).
OVERDUE_LOOKBACK_DAYS = 7
# Days back the summary job catches up on, if it did not run (worker or beat down).
SUMMARY_CATCH_UP_DAYS = 7


def _localdate(now: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(now) if now else timezone.localdate()


@transaction.atomic
def overdue_sweep(*, day: datetime.date | None = None) -> dict:
    """Tell the office of tasks that have just gone overdue, then refresh every open task's light.

    The candidates are the tasks the sweep has not yet flagged overdue (a new
    deadline clears the flag) and those a workflow move flagged but nobody
    announced. Each is announced once per deadline: the notification key holds
    the deadline and the database refuses a second copy (INSERT … ON CONFLICT
    DO NOTHING is the compare-and-set), so a sweep that runs again, or on two
    workers at once, sends nothing new. Then the four UPDATEs of
    ``tasks_refresh_lights`` flag them. A fixed number of queries.
    """
    day = day or timezone.localdate()
    announced = Notification.objects.filter(kind=Kind.TASK_OVERDUE, task_id=OuterRef("pk"))
    tasks = list(
        Task.objects.open()
        .filter(deadline__lt=day, deadline__gte=day - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS))
        # Not yet flagged by a sweep (a new deadline clears the flag), or flagged by a move but never announced.
        .filter(Q(is_overdue=False) | ~Exists(announced))
        .order_by("deadline", "pk")
        .values_list("pk", "tracking_number", "title", "deadline", "lead_unit__name")
    )
    messages = [
        Message(
            unit_id=None,
            kind=Kind.TASK_OVERDUE,
            subject=f"task:{pk}:deadline:{deadline:%Y%m%d}",
            title=_("已逾期:%(number)s %(title)s") % {"number": number, "title": title},
            body=_("牵头单位:%(unit)s;完成时限:%(deadline)s,已逾期%(days)s天。")
            % {"unit": unit_name, "deadline": f"{deadline:%Y-%m-%d}", "days": (day - deadline).days},
            link=task_link(pk),
            task_id=pk,
            # One announcement per deadline, whichever day the sweep first sees it.
            day=deadline,
        )
        for pk, number, title, deadline, unit_name in tasks
    ]
    sent = notifications_send_many(messages=messages)
    changed = tasks_refresh_lights(day=day)
    acceptance = acceptance_overdue_flag(day=day)
    stale = deliveries_stale()
    if stale:
        transaction.on_commit(lambda: deliveries_enqueue(stale), robust=True)
    return {"lights_changed": changed, "overdue_candidates": len(tasks), "notified": sent.created,
            "deliveries": sent.deliveries, "stale_deliveries_requeued": len(stale), **acceptance}


def _flag_acceptance_overdue(task_ids: list[int], *, now: datetime.datetime) -> list[int]:
    """Flag the tasks 超时未签收 and count the automatic urge; return the ids this call flagged.

    ``UPDATE … WHERE acceptance_overdue_at IS NULL … RETURNING id`` is the
    compare-and-set: of two sweeps at once, each task is flagged (and urged) by
    exactly one.
    """
    if not task_ids:
        return []
    qn = connection.ops.quote_name
    field = Task._meta.get_field
    moment = field("acceptance_overdue_at").get_db_prep_value(now, connection)
    placeholders = ", ".join(["%s"] * len(task_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(Task._meta.db_table)} SET {qn('acceptance_overdue_at')} = %s, {qn('last_urged_at')} = %s, "
            f"{qn('urge_count')} = {qn('urge_count')} + 1, {qn('updated_at')} = %s "
            f"WHERE {qn('id')} IN ({placeholders}) AND {qn('acceptance_overdue_at')} IS NULL "
            f"AND {qn('status')} = %s RETURNING {qn('id')}",
            [moment, moment, moment, *task_ids, Task.Status.ASSIGNED],
        )
        return sorted(row[0] for row in cursor.fetchall())


def acceptance_overdue_flag(*, day: datetime.date | None = None) -> dict:
    """Flag tasks still not accepted after their 签收时限 (超时未签收) and urge their lead units, once.

    Run by the overdue sweep. A task is flagged once (compare-and-set on
    ``acceptance_overdue_at``), its urge counted once, and its notification is
    keyed on the task, so a second sweep changes nothing. A fixed number of
    queries.
    """
    day = day or timezone.localdate()
    now = timezone.now()
    due = Task.objects.filter(status=Task.Status.ASSIGNED, accept_by__lt=day, acceptance_overdue_at__isnull=True)
    flagged = _flag_acceptance_overdue(list(due.values_list("pk", flat=True)), now=now)
    tasks = list(
        Task.objects.filter(pk__in=flagged)
        .order_by("pk")
        .values_list("pk", "tracking_number", "title", "accept_by", "deadline", "lead_unit_id")
    )
    reason = _("超时未签收(签收时限%(day)s),系统自动催办。")
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(task_id=pk, kind=TaskEvent.Kind.ACCEPTANCE_OVERDUE, at=now,
                      reason=reason % {"day": f"{accept_by:%Y-%m-%d}"})
            for pk, _number, _title, accept_by, _deadline, _unit in tasks
        ]
    )
    messages = [
        Message(
            unit_id=unit_id,
            kind=Kind.TASK_ACCEPTANCE_OVERDUE,
            subject=f"task:{pk}:acceptance",
            title=_("超时未签收,请尽快签收:%(number)s %(title)s") % {"number": number, "title": title},
            body=_("签收时限:%(day)s。") % {"day": f"{accept_by:%Y-%m-%d}"}
            + (_("完成时限:%(deadline)s") % {"deadline": f"{deadline:%Y-%m-%d}"} if deadline else ""),
            link=task_link(pk),
            task_id=pk,
            day=accept_by,
        )
        for pk, number, title, accept_by, deadline, unit_id in tasks
    ]
    sent = notifications_send_many(messages=messages)
    return {"acceptance_overdue": len(flagged), "acceptance_urged": sent.created}


@transaction.atomic
def deadline_reminders_send(*, day: datetime.date | None = None) -> dict:
    """Remind the units (lead and cooperating) of open tasks due in N days (DUBAN_REMINDER_DAYS) and today.

    Once per task, unit, offset and day. Fixed number of queries.
    """
    day = day or timezone.localdate()
    offsets = sorted({int(n) for n in settings.DUBAN_REMINDER_DAYS if int(n) > 0} | {0})
    offset_of = {day + datetime.timedelta(days=n): n for n in offsets}
    due = Task.objects.open().filter(deadline__in=list(offset_of))
    tasks = list(due.order_by("deadline", "pk").values_list("pk", "tracking_number", "title", "deadline", "lead_unit_id"))
    cooperating: dict[int, list[int]] = {}
    for task_id, unit_id in Task.cooperating_units.through.objects.filter(task__in=due).values_list(
        "task_id", "unit_id"
    ):
        cooperating.setdefault(task_id, []).append(unit_id)
    messages = []
    for pk, number, title, deadline, lead_unit_id in tasks:
        n = offset_of[deadline]
        if n == 0:
            kind, heading = Kind.TASK_DUE_TODAY, _("今日到期:%(number)s %(title)s")
            body = _("完成时限为今天(%(deadline)s),请抓紧办结并及时反馈。")
        else:
            kind, heading = Kind.TASK_DUE_SOON, _("%(days)s天后到期:%(number)s %(title)s")
            body = _("完成时限:%(deadline)s,请抓紧办理。")
        for unit_id in dict.fromkeys([lead_unit_id, *cooperating.get(pk, ())]):
            messages.append(
                Message(
                    unit_id=unit_id, kind=kind, subject=f"task:{pk}:d{n}",
                    title=heading % {"days": n, "number": number, "title": title},
                    body=body % {"deadline": f"{deadline:%Y-%m-%d}"}, link=task_link(pk), task_id=pk,
                )
            )
    sent = notifications_send_many(messages=messages, day=day)
    return {"tasks": len(tasks), "messages": len(messages), "notified": sent.created, "deliveries": sent.deliveries}


def _active_campaigns_on(day: datetime.date):
    return ReportCampaign.objects.filter(is_active=True, first_day__lte=day, last_day__gte=day).order_by("pk")


def report_reminders_send(*, now: datetime.datetime | None = None) -> dict:
    """Before each active campaign's cutoff, remind the units that have not filed today; after it, tell the office who is missing.

    The reminder window is DUBAN_REPORT_REMINDER_MINUTES before the cutoff, so
    the job can run every half hour and each campaign decides for itself. Once
    per unit (or office), campaign and day.
    """
    now = now or timezone.now()
    today = _localdate(now)
    window = datetime.timedelta(minutes=settings.DUBAN_REPORT_REMINDER_MINUTES)
    from ..selectors.reports import units_missing_on

    messages = []
    reminded_campaigns = missing_lists = 0
    for campaign in _active_campaigns_on(today):
        if not campaign.is_reporting_day(today):
            continue
        cutoff = campaign.cutoff_at(today)
        if now < cutoff - window:
            continue
        missing = list(units_missing_on(campaign, today).values_list("pk", "name"))
        if not missing:
            continue
        file_link = link_to("workspace:reports_file", campaign.pk)
        day_link = link_to("workspace:reports_day", campaign.pk, today.isoformat())
        if now < cutoff:
            reminded_campaigns += 1
            for unit_id, _name in missing:
                messages.append(
                    Message(
                        unit_id=unit_id, kind=Kind.REPORT_DUE, subject=f"campaign:{campaign.pk}",
                        title=_("请报送今日“%(campaign)s”") % {"campaign": campaign.name},
                        body=_("今日报送截止时间为%(cutoff)s,尚未收到贵单位的报告;无情况也请报送零报告。")
                        % {"cutoff": f"{campaign.cutoff:%H:%M}"},
                        link=file_link, campaign_id=campaign.pk,
                    )
                )
        else:
            missing_lists += 1
            messages.append(
                Message(
                    unit_id=None, kind=Kind.REPORT_MISSING, subject=f"campaign:{campaign.pk}",
                    title=_("“%(campaign)s”%(day)s缺报%(count)s个单位")
                    % {"campaign": campaign.name, "day": f"{today:%m-%d}", "count": len(missing)},
                    body=_("截至%(cutoff)s未报送:") % {"cutoff": f"{campaign.cutoff:%H:%M}"}
                    + "、".join(name for _pk, name in missing),
                    link=day_link, campaign_id=campaign.pk,
                )
            )
    sent = notifications_send_many(messages=messages, day=today)
    return {"campaigns_reminded": reminded_campaigns, "missing_lists": missing_lists, "messages": len(messages),
            "notified": sent.created, "deliveries": sent.deliveries}


def daily_summary_keep(*, campaign: ReportCampaign, day: datetime.date, force: bool = False) -> tuple[DailySummary, bool]:
    """Build and keep the campaign's summary of ``day``; return (summary, built now).

    A summary already kept is returned as it is — later or corrected reports do
    not change yesterday's figures — unless ``force`` rebuilds it.
    """
    from ..selectors.reports import campaign_day_summary

    kept = DailySummary.objects.filter(campaign=campaign, date=day).first()
    if kept is not None and not force:
        return kept, False
    figures = campaign_day_summary(campaign, day).as_dict()
    values = {
        "expected": figures["expected"],
        "received": figures["received"],
        "on_time": figures["on_time"],
        "late": figures["late"],
        "zero": figures["zero"],
        "missing_units": figures["missing_units"],
        "indicator_totals": figures["indicator_totals"],
        "texts": figures["texts"],
        "built_at": timezone.now(),
    }
    if kept is not None:
        for name, value in values.items():
            setattr(kept, name, value)
        kept.save(update_fields=list(values))
        return kept, True
    try:
        with transaction.atomic():
            return DailySummary.objects.create(campaign=campaign, date=day, **values), True
    except IntegrityError:
        # Another worker kept it a moment ago: theirs stands.
        return DailySummary.objects.get(campaign=campaign, date=day), False


def daily_summaries_build(
    *, now: datetime.datetime | None = None, day: datetime.date | None = None, force: bool = False
) -> dict:
    """Keep the summary of every active campaign's reporting days whose cutoff has passed.

    Catches up SUMMARY_CATCH_UP_DAYS back (if the job did not run), never
    rebuilds a kept day unless ``force``; tells the office of the newest day
    built per campaign (days caught up on are kept without a message).
    With ``day``, only that day (still only once its cutoff has passed).
    """
    now = now or timezone.now()
    today = _localdate(now)
    start = day or today - datetime.timedelta(days=SUMMARY_CATCH_UP_DAYS)
    end = day or today
    campaigns = ReportCampaign.objects.filter(is_active=True, first_day__lte=end, last_day__gte=start).order_by("pk")
    built, messages = [], []
    for campaign in campaigns:
        newest = None
        days = [d for d in campaign.reporting_days(start, end) if campaign.cutoff_at(d) <= now]
        kept = set() if force else set(
            DailySummary.objects.filter(campaign=campaign, date__in=days).values_list("date", flat=True)
        )
        for d in days:
            if d in kept:
                continue
            summary, is_new = daily_summary_keep(campaign=campaign, day=d, force=force)
            if not is_new:
                continue
            built.append(summary)
            newest = summary
        if newest is not None:
            # Days caught up on are kept quietly: the office hears of the newest only.
            summary, d = newest, newest.date
            missing = len(summary.missing_units)
            messages.append(
                Message(
                    unit_id=None, kind=Kind.DAILY_SUMMARY, subject=f"campaign:{campaign.pk}:{d:%Y%m%d}",
                    title=_("“%(campaign)s”%(day)s汇总") % {"campaign": campaign.name, "day": f"{d:%m-%d}"},
                    body=_("应报%(expected)s,已报%(received)s(按时%(on_time)s、迟报%(late)s、零报告%(zero)s),缺报%(missing)s。")
                    % {"expected": summary.expected, "received": summary.received, "on_time": summary.on_time,
                       "late": summary.late, "zero": summary.zero, "missing": missing},
                    link=link_to("workspace:reports_day", campaign.pk, d.isoformat()), campaign_id=campaign.pk, day=d,
                )
            )
    sent = notifications_send_many(messages=messages, day=today)
    return {"built": len(built), "notified": sent.created, "deliveries": sent.deliveries}
