import datetime

import pytest
from django.core import mail
from django.utils import timezone

from directives.models import Notification, NotificationDelivery, WebhookEndpoint
from directives.services.notifications import channels, deliveries, storage
from directives.services.notifications.storage import Message, notification_send, notifications_send_many
from tests import factories
from tests.jobs.conftest import DAY, RobotServer

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def test_notification_send_reaches_active_clerks_and_heads_of_the_unit_only(
    unit_a, unit_b, clerk_a, head_a, clerk_b, office_user, leader_user
):
    # given: an inactive clerk and a leader of unit A as well
    factories.UserFactory(username="gone", is_active=False, membership__unit=unit_a, membership__role="clerk")
    factories.UserFactory(username="leader_a", membership__unit=unit_a, membership__role="leader")

    # when
    result = notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    # then
    assert result.created == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"clerk_a", "head_a"}
    assert set(Notification.objects.values_list("unit_id", flat=True)) == {unit_a.pk}


def test_notification_send_twice_the_same_day_creates_nothing_new(unit_a, clerk_a, head_a):
    # given
    first = notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    # when
    second = notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    # then
    assert (first.created, first.deliveries) == (2, 1)  # head_a has an email, clerk_a has not
    assert (second.created, second.deliveries) == (0, 0)
    assert Notification.objects.count() == 2
    assert NotificationDelivery.objects.count() == 1


def test_notification_send_another_day_or_subject_is_a_new_notification(unit_a, clerk_a):
    notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    next_day = notification_send(
        unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY + datetime.timedelta(days=1)
    )
    other_task = notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:2", title="催办", day=DAY)

    assert (next_day.created, other_task.created) == (1, 1)


def test_notification_send_to_office_reaches_office_members_and_superusers(office_user, clerk_a, leader_user):
    # given
    admin = factories.UserFactory(username="root", is_superuser=True, membership=None)

    # when
    result = notification_send(kind=Kind.REPORT_MISSING, subject="campaign:1", title="缺报", day=DAY)

    # then
    assert result.created == 2
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {office_user.pk, admin.pk}
    assert set(Notification.objects.values_list("unit_id", flat=True)) == {None}


def test_notification_send_gives_unit_robots_one_row_with_webhook_deliveries(unit_a, unit_b, clerk_a):
    # given
    WebhookEndpoint.objects.create(unit=unit_a, url="http://robot.example/a1")
    WebhookEndpoint.objects.create(unit=unit_a, url="http://robot.example/a2", message_format="markdown")
    WebhookEndpoint.objects.create(unit=unit_a, url="http://robot.example/off", is_active=False)
    WebhookEndpoint.objects.create(unit=unit_b, url="http://robot.example/b")

    # when
    notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    # then: one row for clerk_a (no email), one for the unit's robots
    robot_row = Notification.objects.get(recipient=None)
    assert robot_row.unit == unit_a
    assert sorted(robot_row.deliveries.values_list("channel", "target")) == [
        ("webhook", "http://robot.example/a1"),
        ("webhook", "http://robot.example/a2"),
    ]
    assert Notification.objects.filter(recipient=clerk_a).count() == 1


def test_notification_send_to_office_uses_office_robots_and_the_setting(settings, office_user):
    settings.DUBAN_OFFICE_WEBHOOK_URL = "http://robot.example/office-setting"
    WebhookEndpoint.objects.create(unit=None, url="http://robot.example/office-admin")

    notification_send(kind=Kind.TASK_OVERDUE, subject="task:1", title="已逾期", day=DAY)

    targets = set(NotificationDelivery.objects.values_list("target", flat=True))
    assert targets == {"http://robot.example/office-setting", "http://robot.example/office-admin"}


def test_notifications_send_many_in_a_fixed_number_of_queries(django_assert_num_queries, county):
    # given: 60 units with 2 clerks each
    units = [factories.UnitFactory(name=f"单位{i}", parent=county) for i in range(60)]
    for unit in units:
        for j in range(2):
            factories.UserFactory(
                username=f"c{unit.pk}-{j}", email=f"c{unit.pk}-{j}@example.cn",
                membership__unit=unit, membership__role="clerk",
            )
    messages = [Message(unit_id=u.pk, kind=Kind.TASK_DUE_SOON, subject="task:9:d3", title="到期") for u in units]

    # when / then: members, robots, savepoint, insert, deliveries insert, release
    with django_assert_num_queries(6):
        result = notifications_send_many(messages=messages, day=DAY)
    assert (result.created, result.deliveries) == (120, 120)


def test_webhook_payload_text_and_markdown_as_robots_accept():
    notification = Notification(title="催办:督〔2026〕1号 做好冬季安全生产检查", body="请于11月20日前反馈。\n第二行")

    text = channels.webhook_payload(notification, "text")
    markdown = channels.webhook_payload(notification, "markdown")

    assert text == {"msgtype": "text", "text": {"content": "【督办】催办:督〔2026〕1号 做好冬季安全生产检查\n请于11月20日前反馈。\n第二行"}}
    assert markdown["msgtype"] == "markdown"
    assert markdown["markdown"]["content"] == markdown["markdown"]["text"]
    assert markdown["markdown"]["content"].startswith("### 催办:督〔2026〕1号")
    assert "> 第二行" in markdown["markdown"]["content"]
    assert markdown["markdown"]["title"] == notification.title


def test_webhook_payload_links_to_the_site(settings):
    settings.DUBAN_SITE_URL = "https://duban.example.gov.cn/"
    notification = Notification(title="催办", body="请反馈。", link="/workspace/tasks/7/")

    text = channels.webhook_payload(notification, "text")
    markdown = channels.webhook_payload(notification, "markdown")

    assert text["text"]["content"].endswith("\nhttps://duban.example.gov.cn/workspace/tasks/7/")
    assert "(https://duban.example.gov.cn/workspace/tasks/7/)" in markdown["markdown"]["content"]


def _one_webhook_delivery(unit, url, fmt="text"):
    WebhookEndpoint.objects.create(unit=unit, url=url, message_format=fmt)
    notification_send(unit=unit, kind=Kind.TASK_URGED, subject="task:1", title="催办:加快进度", body="请本周内反馈", day=DAY)
    return NotificationDelivery.objects.get(channel="webhook")


def test_deliveries_send_posts_the_robot_json_and_records_it_sent(unit_a, robot):
    delivery = _one_webhook_delivery(unit_a, robot.url, "markdown")

    outcomes = deliveries.deliveries_send(delivery_ids=[delivery.pk])

    delivery.refresh_from_db()
    assert outcomes == {delivery.pk: ("sent", 1)}
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert delivery.sent_at is not None
    (_at, path, body), = robot.requests
    assert path == "/robot/send?key=test"
    assert body["msgtype"] == "markdown" and "请本周内反馈" in body["markdown"]["content"]


def test_deliveries_send_again_after_success_sends_nothing(unit_a, robot):
    delivery = _one_webhook_delivery(unit_a, robot.url)
    deliveries.deliveries_send(delivery_ids=[delivery.pk])

    outcomes = deliveries.deliveries_send(delivery_ids=[delivery.pk])

    assert outcomes == {delivery.pk: ("skipped", 0)}
    assert len(robot.requests) == 1


def test_deliveries_send_server_error_is_retried_then_recorded_failed(settings, unit_a, failing_robot):
    # given
    settings.DUBAN_WEBHOOK_MAX_ATTEMPTS = 3
    delivery = _one_webhook_delivery(unit_a, failing_robot.url)

    # when
    outcomes = [deliveries.deliveries_send(delivery_ids=[delivery.pk])[delivery.pk] for _ in range(4)]

    # then
    assert outcomes == [("retry", 1), ("retry", 2), ("failed", 3), ("skipped", 0)]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "HTTP 500" in delivery.last_error
    assert len(failing_robot.requests) == 3


def test_deliveries_send_two_workers_holding_the_same_attempt_send_it_once(unit_a, failing_robot, monkeypatch):
    # given: a pending webhook delivery both workers have read, attempts=0
    delivery = _one_webhook_delivery(unit_a, failing_robot.url)
    real_now = timezone.now
    second_worker = []

    def now():
        # The first worker is about to claim attempt 1; the second worker claims and makes it first (and fails).
        if not second_worker:
            second_worker.append(None)
            second_worker[0] = deliveries.deliveries_send(delivery_ids=[delivery.pk])
        return real_now()

    monkeypatch.setattr(timezone, "now", now)

    # when
    outcomes = deliveries.deliveries_send(delivery_ids=[delivery.pk])

    # then: the first worker's claim on attempts=0 finds attempt 1 taken, and sends nothing
    assert second_worker == [{delivery.pk: ("retry", 1)}]
    assert outcomes == {delivery.pk: ("skipped", 0)}
    assert len(failing_robot.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)


def test_deliveries_send_robot_errcode_counts_as_failure(unit_a):
    with RobotServer(answer={"errcode": 93000, "errmsg": "invalid webhook url"}) as server:
        delivery = _one_webhook_delivery(unit_a, server.url)
        outcome = deliveries.deliveries_send(delivery_ids=[delivery.pk])[delivery.pk]
    delivery.refresh_from_db()
    assert outcome == ("retry", 1)
    assert "errcode 93000" in delivery.last_error


def test_deliveries_send_client_error_fails_at_once(unit_a):
    with RobotServer(statuses=(404,)) as server:
        delivery = _one_webhook_delivery(unit_a, server.url)
        outcome = deliveries.deliveries_send(delivery_ids=[delivery.pk])[delivery.pk]
    assert outcome == ("failed", 1)


def test_deliveries_send_unreachable_robot_is_retried(unit_a):
    delivery = _one_webhook_delivery(unit_a, "http://127.0.0.1:9/closed")

    outcome = deliveries.deliveries_send(delivery_ids=[delivery.pk])[delivery.pk]

    delivery.refresh_from_db()
    assert outcome == ("retry", 1)
    assert delivery.status == "pending" and delivery.last_error


def test_deliveries_send_emails_through_django_mail(unit_a, head_a):
    notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办:加快进度", body="请本周内反馈", link="/workspace/tasks/1/", day=DAY)
    delivery = NotificationDelivery.objects.get(channel="email")

    deliveries.deliveries_send(delivery_ids=[delivery.pk])

    assert [m.to for m in mail.outbox] == [["head_a@example.cn"]]
    assert mail.outbox[0].subject == "【督办】催办:加快进度"
    assert "请本周内反馈" in mail.outbox[0].body and "/workspace/tasks/1/" in mail.outbox[0].body
    delivery.refresh_from_db()
    assert delivery.status == "sent"


@pytest.mark.parametrize("attempts, delay", [(1, 60), (2, 120), (3, 240), (4, 480)])
def test_retry_delay_doubles_after_each_failure(settings, attempts, delay):
    settings.DUBAN_WEBHOOK_RETRY_SECONDS = 60
    assert deliveries.retry_delay(attempts) == delay


def test_deliveries_enqueue_runs_after_commit(unit_a, head_a, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(storage, "deliveries_enqueue", lambda ids: queued.append(ids))

    with django_capture_on_commit_callbacks(execute=True):
        result = notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)

    assert queued == [result.delivery_ids]


def test_deliveries_retry_gives_failed_deliveries_new_tries_from_the_admin(
    admin_client, unit_a, monkeypatch, django_capture_on_commit_callbacks
):
    # given: a delivery that failed for good, and one that was sent
    queued = []
    monkeypatch.setattr(storage, "deliveries_enqueue", lambda ids: queued.append(ids))
    monkeypatch.setattr(deliveries, "deliveries_enqueue", lambda ids: queued.append(ids))
    WebhookEndpoint.objects.create(unit=unit_a, url="http://robot.example/a")
    WebhookEndpoint.objects.create(unit=unit_a, url="http://robot.example/b")
    notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", day=DAY)
    failed, sent = NotificationDelivery.objects.order_by("target")
    NotificationDelivery.objects.filter(pk=failed.pk).update(status="failed", attempts=5, last_error="HTTP 500")
    NotificationDelivery.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    queued.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/directives/notificationdelivery/",
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    # then
    assert "已重新排队发送1条" in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts, sent.status) == ("pending", 0, "sent")
    assert queued == [[failed.pk]]
