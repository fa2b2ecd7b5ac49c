import datetime

import pytest
from django.utils import timezone

from directives.models import DailyReport, DailySummary, Notification, Task
from directives.services import jobs
from directives.services.workflow import task_change_deadline
from tests import factories
from tests.jobs.conftest import DAY

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def days(n):
    return DAY + datetime.timedelta(days=n)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "task__title"))


# ---------------------------------------------------------------- deadline reminders


def test_deadline_reminders_reach_exactly_the_units_of_tasks_due_in_3_1_and_0_days(
    settings, unit_a, unit_b, unit_c, clerk_a, clerk_b, clerk_c, office_user
):
    # given
    settings.DUBAN_REMINDER_DAYS = [3, 1]
    factories.make_task(lead_unit=unit_a, title="三天后", deadline=days(3), cooperating_units=[unit_c])
    factories.make_task(lead_unit=unit_b, title="明天", deadline=days(1))
    factories.make_task(lead_unit=unit_c, title="今天", deadline=DAY)
    factories.make_task(lead_unit=unit_a, title="两天后", deadline=days(2))
    factories.make_task(lead_unit=unit_b, title="已逾期", deadline=days(-1))
    factories.make_task(lead_unit=unit_b, title="无时限")
    closed = factories.make_task(lead_unit=unit_b, title="已销号", deadline=days(1))
    Task.objects.filter(pk=closed.pk).update(status=Task.Status.CLOSED)

    # when
    figures = jobs.deadline_reminders_send(day=DAY)

    # then
    assert received(Kind.TASK_DUE_SOON) == [("clerk_a", "三天后"), ("clerk_b", "明天"), ("clerk_c", "三天后")]
    assert received(Kind.TASK_DUE_TODAY) == [("clerk_c", "今天")]
    assert figures["tasks"] == 3 and figures["notified"] == 4
    title = Notification.objects.get(kind=Kind.TASK_DUE_SOON, recipient=clerk_b).title
    assert title.startswith("1天后到期:督〔2026〕")


def test_deadline_reminders_second_run_sends_nothing_new(unit_a, clerk_a, head_a):
    factories.make_task(lead_unit=unit_a, deadline=days(3))
    first = jobs.deadline_reminders_send(day=DAY)

    second = jobs.deadline_reminders_send(day=DAY)

    assert (first["notified"], first["deliveries"]) == (2, 1)
    assert (second["notified"], second["deliveries"]) == (0, 0)
    assert Notification.objects.count() == 2


def test_deadline_reminders_run_in_a_fixed_number_of_queries(django_assert_num_queries, county):
    def make(n):
        for i in range(n):
            unit = factories.UnitFactory(name=f"单位{n}-{i}", parent=county)
            factories.UserFactory(username=f"u{n}-{i}", membership__unit=unit, membership__role="clerk")
            factories.make_task(lead_unit=unit, deadline=days(i % 4))

    make(8)
    with django_assert_num_queries(9):
        jobs.deadline_reminders_send(day=DAY)
    make(40)
    # then: same count for five times the tasks
    with django_assert_num_queries(9):
        jobs.deadline_reminders_send(day=days(1))


# ---------------------------------------------------------------- overdue sweep


def test_overdue_sweep_marks_overdue_and_tells_the_office_once(unit_a, clerk_a, office_user):
    # given: due yesterday, still green and not flagged (no sweep since)
    task = factories.make_task(lead_unit=unit_a, title="昨天到期", deadline=days(-1))
    Task.objects.filter(pk=task.pk).update(is_overdue=False, light=Task.Light.GREEN)

    # when
    first = jobs.overdue_sweep(day=DAY)
    second = jobs.overdue_sweep(day=DAY)
    next_day = jobs.overdue_sweep(day=days(1))

    # then
    task.refresh_from_db()
    assert (task.is_overdue, task.light) == (True, Task.Light.RED)
    assert received(Kind.TASK_OVERDUE) == [("office", "昨天到期")]
    assert (first["notified"], second["notified"], next_day["notified"]) == (1, 0, 0)
    assert (second["overdue_candidates"], next_day["overdue_candidates"]) == (0, 0)


def test_overdue_sweep_announces_a_task_flagged_by_a_move_before_the_sweep(unit_a, office_user):
    # given: the flag was already set by a workflow move today
    task = factories.make_task(lead_unit=unit_a, deadline=days(-2))
    assert Task.objects.get(pk=task.pk).is_overdue

    jobs.overdue_sweep(day=DAY)

    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE, task=task).count() == 1


def test_overdue_sweep_announces_again_after_a_new_deadline_passes(unit_a, office_user):
    # given: announced once, then given a new deadline that passes too
    task = factories.make_task(lead_unit=unit_a, deadline=days(-1))
    jobs.overdue_sweep(day=DAY)
    task_change_deadline(task=task, actor=office_user, deadline=days(2), reason="延期")
    jobs.overdue_sweep(day=days(1))  # not overdue any more

    jobs.overdue_sweep(day=days(3))

    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE, task=task).count() == 2


def test_overdue_sweep_does_not_announce_long_overdue_tasks(unit_a, office_user):
    old = factories.make_task(lead_unit=unit_a, deadline=days(-(jobs.OVERDUE_LOOKBACK_DAYS + 1)))
    Task.objects.filter(pk=old.pk).update(is_overdue=False, light=Task.Light.GREEN)

    figures = jobs.overdue_sweep(day=DAY)

    old.refresh_from_db()
    assert old.is_overdue and figures["notified"] == 0


def test_overdue_sweep_refreshes_lights_of_tasks_coming_due(settings, unit_a):
    settings.DUBAN_YELLOW_DAYS = 3
    soon = factories.make_task(lead_unit=unit_a, deadline=days(2))
    Task.objects.filter(pk=soon.pk).update(light=Task.Light.GREEN)

    jobs.overdue_sweep(day=DAY)

    soon.refresh_from_db()
    assert soon.light == Task.Light.YELLOW


# ---------------------------------------------------------------- report reminders and summaries


@pytest.fixture
def campaign(unit_a, unit_b, unit_c):
    return factories.CampaignFactory(units=[unit_a, unit_b, unit_c], cutoff=datetime.time(16, 0))


def file_report(campaign, unit, day, *, hour=10, is_zero=False, values=None):
    return DailyReport.objects.create(
        campaign=campaign, unit=unit, date=day, is_zero=is_zero, values=values or {},
        submitted_at=at(day, hour), is_late=hour >= 16,
    )


def test_report_reminders_before_the_window_send_nothing(settings, campaign, clerk_a):
    settings.DUBAN_REPORT_REMINDER_MINUTES = 120

    figures = jobs.report_reminders_send(now=at(DAY, 13, 59))

    assert figures["messages"] == 0 and not Notification.objects.exists()


def test_report_reminders_in_the_window_reach_exactly_the_units_not_filed(
    settings, campaign, unit_a, clerk_a, clerk_b, clerk_c, office_user
):
    # given
    settings.DUBAN_REPORT_REMINDER_MINUTES = 120
    file_report(campaign, unit_a, DAY)

    # when
    jobs.report_reminders_send(now=at(DAY, 14, 30))
    again = jobs.report_reminders_send(now=at(DAY, 15, 30))

    # then
    assert set(Notification.objects.filter(kind=Kind.REPORT_DUE).values_list("recipient__username", flat=True)) == {
        "clerk_b", "clerk_c"
    }
    assert again["notified"] == 0
    assert not Notification.objects.filter(kind=Kind.REPORT_MISSING).exists()


def test_report_reminders_after_the_cutoff_send_the_missing_list_to_the_office_once(
    campaign, unit_a, unit_b, clerk_b, office_user
):
    file_report(campaign, unit_a, DAY)

    jobs.report_reminders_send(now=at(DAY, 16, 0))
    jobs.report_reminders_send(now=at(DAY, 17, 30))

    missing = Notification.objects.get(kind=Kind.REPORT_MISSING)
    assert missing.recipient == office_user
    assert "县交通运输局" in missing.body and "县应急管理局" in missing.body and "卫生健康" not in missing.body
    assert "缺报2个单位" in missing.title
    assert not Notification.objects.filter(kind=Kind.REPORT_DUE).exists()


def test_report_reminders_skip_inactive_campaigns_and_days_off(campaign, clerk_b, office_user):
    campaign.is_active = False
    campaign.save()
    assert jobs.report_reminders_send(now=at(DAY, 15))["messages"] == 0
    assert jobs.report_reminders_send(now=at(days(30), 15))["messages"] == 0


def test_daily_summaries_keep_the_day_once_its_cutoff_has_passed(campaign, unit_a, unit_b, office_user):
    # given
    file_report(campaign, unit_a, DAY, hour=9)
    file_report(campaign, unit_b, DAY, hour=17, is_zero=True)

    # when
    before = jobs.daily_summaries_build(now=at(DAY, 15, 59), day=DAY)
    after = jobs.daily_summaries_build(now=at(DAY, 16, 10), day=DAY)

    # then
    assert (before["built"], after["built"]) == (0, 1)
    summary = DailySummary.objects.get(campaign=campaign, date=DAY)
    assert (summary.expected, summary.received, summary.on_time, summary.late, summary.zero) == (3, 2, 1, 1, 1)
    assert [u["name"] for u in summary.missing_units] == ["县应急局"]
    assert Notification.objects.get(kind=Kind.DAILY_SUMMARY).recipient == office_user


def test_daily_summaries_keep_yesterday_as_it_was_when_today_comes_in(campaign, unit_a, unit_c, office_user):
    # given: yesterday kept with one report
    file_report(campaign, unit_a, DAY)
    jobs.daily_summaries_build(now=at(DAY, 16, 10))
    kept = DailySummary.objects.get(date=DAY)

    # when: a late report for yesterday and today's reports come in, and the job runs today
    file_report(campaign, unit_c, DAY, hour=20)
    file_report(campaign, unit_a, days(1))
    figures = jobs.daily_summaries_build(now=at(days(1), 16, 10))

    # then
    assert figures["built"] == 1
    yesterday = DailySummary.objects.get(date=DAY)
    assert (yesterday.received, yesterday.built_at) == (1, kept.built_at)
    assert DailySummary.objects.get(date=days(1)).received == 1


def test_daily_summaries_force_rebuilds_a_kept_day(campaign, unit_a, unit_c):
    file_report(campaign, unit_a, DAY)
    jobs.daily_summaries_build(now=at(DAY, 16, 10))
    file_report(campaign, unit_c, DAY, hour=20)

    jobs.daily_summaries_build(now=at(days(1), 9), day=DAY, force=True)

    assert DailySummary.objects.get(date=DAY).received == 2


def test_daily_summaries_catch_up_days_the_job_missed(campaign, office_user):
    # given: the campaign began on Nov 2 and nothing was kept; it is Nov 13, 09:00
    assert campaign.first_day == days(-8)

    figures = jobs.daily_summaries_build(now=at(days(3), 9))

    # then: the last SUMMARY_CATCH_UP_DAYS days up to yesterday (today's cutoff has not passed)
    assert figures["built"] == jobs.SUMMARY_CATCH_UP_DAYS == 7
    assert sorted(DailySummary.objects.values_list("date", flat=True)) == [days(n) for n in range(-4, 3)]
    # and the office hears of the newest day only
    assert list(Notification.objects.values_list("kind", "title")) == [(Kind.DAILY_SUMMARY, "“冬春火灾防控日报告零报告”11-12汇总")]
