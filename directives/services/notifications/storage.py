"""The notification rows: written exactly once per key, with their deliveries; marked read."""
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ...models import Notification, NotificationDelivery
from .deliveries import deliveries_enqueue
from .recipients import recipients_by_unit, webhooks_by_unit

Channel = NotificationDelivery.Channel

# Rows per INSERT: the query count of a job grows by one per this many notifications.
INSERT_CHUNK = 500


@dataclass(frozen=True)
class Message:
    """One notification to one unit's people, or to the office when ``unit_id`` is None."""

    unit_id: int | None
    kind: str
    subject: str
    title: str
    body: str = ""
    link: str = ""
    task_id: int | None = None
    campaign_id: int | None = None
    # The day in the key when not the day of the send (e.g. an overdue task's deadline).
    day: datetime.date | None = None


@dataclass
class SendResult:
    created: int = 0
    deliveries: int = 0
    notification_ids: list[int] = field(default_factory=list)
    delivery_ids: list[int] = field(default_factory=list)

    def __iadd__(self, other):
        self.created += other.created
        self.deliveries += other.deliveries
        self.notification_ids += other.notification_ids
        self.delivery_ids += other.delivery_ids
        return self


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class _Row:
    key: str
    recipient_id: int | None
    message: Message
    email: str = ""
    urls: list[str] = field(default_factory=list)


_COLUMNS = (
    "recipient_id", "unit_id", "kind", "title", "body", "link", "task_id", "campaign_id", "idempotency_key", "created_at"
)


def _insert_new(rows: list[_Row], *, now: datetime.datetime) -> dict[str, int]:
    """Insert the rows whose key is new; return {key: id} of the rows this call inserted.

    ``ON CONFLICT DO NOTHING RETURNING`` (SQLite ≥ 3.35 and PostgreSQL) answers
    exactly which rows were created here, even with another worker inserting
    the same keys at the same moment.
    """
    if not rows:
        return {}
    qn = connection.ops.quote_name
    created_at = Notification._meta.get_field("created_at").get_db_prep_value(now, connection)
    columns = ", ".join(qn(c) for c in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    inserted: dict[str, int] = {}
    with connection.cursor() as cursor:
        for chunk in chunked(rows, INSERT_CHUNK):
            params = []
            for row in chunk:
                m = row.message
                params += [
                    row.recipient_id, m.unit_id, m.kind, m.title[:200], m.body, m.link[:300],
                    m.task_id, m.campaign_id, row.key, created_at,
                ]
            cursor.execute(
                f"INSERT INTO {qn(Notification._meta.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({qn('idempotency_key')}) DO NOTHING RETURNING {qn('id')}, {qn('idempotency_key')}",
                params,
            )
            inserted.update((key, pk) for pk, key in cursor.fetchall())
    return inserted


def notifications_send_many(*, messages: Iterable[Message], day: datetime.date | None = None) -> SendResult:
    """Create the notifications of ``messages`` not yet sent on ``day``, and queue their deliveries.

    The key of each row is ``kind:subject:day:recipient``; rows already there
    are left alone and get no new delivery. A fixed number of queries plus one
    INSERT per ``INSERT_CHUNK`` rows.
    """
    messages = list(messages)
    if not messages:
        return SendResult()
    day = day or timezone.localdate()
    unit_ids = {m.unit_id for m in messages if m.unit_id is not None}
    office = any(m.unit_id is None for m in messages)
    people = recipients_by_unit(unit_ids, office=office)
    robots = webhooks_by_unit(unit_ids, office=office)
    rows: dict[str, _Row] = {}
    for m in messages:
        base = f"{m.kind}:{m.subject}:{(m.day or day):%Y%m%d}"
        for user_id, email in people.get(m.unit_id, ()):
            rows.setdefault(f"{base}:u{user_id}", _Row(f"{base}:u{user_id}", user_id, m, email=email))
        if robots.get(m.unit_id):
            key = f"{base}:unit{m.unit_id}" if m.unit_id is not None else f"{base}:office"
            rows.setdefault(key, _Row(key, None, m, urls=robots[m.unit_id]))
    with transaction.atomic():
        inserted = _insert_new(list(rows.values()), now=timezone.now())
        deliveries = []
        for key, pk in inserted.items():
            row = rows[key]
            if row.email:
                deliveries.append(NotificationDelivery(notification_id=pk, channel=Channel.EMAIL, target=row.email))
            for url in row.urls:
                deliveries.append(NotificationDelivery(notification_id=pk, channel=Channel.WEBHOOK, target=url))
        # The notifications are new, so their deliveries cannot exist yet: a plain insert.
        NotificationDelivery.objects.bulk_create(deliveries, batch_size=INSERT_CHUNK)
        delivery_ids = [d.pk for d in deliveries]
        if delivery_ids:
            transaction.on_commit(lambda: deliveries_enqueue(delivery_ids), robust=True)
    return SendResult(
        created=len(inserted), deliveries=len(deliveries), notification_ids=sorted(inserted.values()),
        delivery_ids=delivery_ids,
    )


def notification_send(
    *,
    kind: str,
    subject: str,
    title: str,
    unit=None,
    body: str = "",
    link: str = "",
    task=None,
    campaign=None,
    day: datetime.date | None = None,
) -> SendResult:
    """Notify one unit's people (or the office when ``unit`` is None) once per kind, subject and day."""
    message = Message(
        unit_id=unit.pk if unit is not None else None, kind=kind, subject=subject, title=title, body=body, link=link,
        task_id=task.pk if task is not None else None, campaign_id=campaign.pk if campaign is not None else None,
    )
    return notifications_send_many(messages=[message], day=day)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; raise Notification.DoesNotExist for anyone else's."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; return how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
