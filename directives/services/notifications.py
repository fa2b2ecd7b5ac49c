"""Notifications: in the app, by email and by group-chat robot (webhook).

Each notification row carries an idempotency key — kind, subject, day and
recipient — that the database keeps unique. Rows are written with
``INSERT … ON CONFLICT DO NOTHING RETURNING``: the database itself is the
compare-and-set, so a job that runs twice, is retried after a crash or runs on
two workers at once creates each notification once, and only the run whose
insert created a row creates that row's deliveries.

A unit's notifications go to its active clerks and heads (one row each, shown in
the app and emailed to those with an address) and, when the unit has robots, to
one extra row without a recipient that carries the webhook deliveries. The
office's go to office members (and superusers) and to the office robots.

Deliveries are sent by the worker (``directives.deliveries_send``); each attempt
is claimed by compare-and-set on the attempt counter, so two workers never send
the same attempt, and a failed webhook is tried again after a doubling delay
until ``DUBAN_WEBHOOK_MAX_ATTEMPTS``, then recorded as failed.
"""
import datetime
import json
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Membership, Notification, NotificationDelivery, Task, WebhookEndpoint
from ..security import check_webhook_target

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Channel = NotificationDelivery.Channel
Status = NotificationDelivery.Status

# Rows per INSERT: the query count of a job grows by one per this many notifications.
INSERT_CHUNK = 500
# Deliveries per worker message.
ENQUEUE_CHUNK = 100

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


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


class DeliveryError(Exception):
    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def link_to(name: str, *args) -> str:
    """The path of a workspace page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def task_link(task_id: int) -> str:
    return link_to("workspace:task_detail", task_id)


# --- who receives -----------------------------------------------------------------------------


def recipients_by_unit(unit_ids: Iterable[int], *, office: bool) -> dict[int | None, list[tuple[int, str]]]:
    """Map each unit id (None: the office) to its receiving users as (user id, email).

    A unit's receivers are its active clerks and heads; the office's are office
    members and superusers. Two queries at most, whatever the number of units.
    """
    result: dict[int | None, list[tuple[int, str]]] = defaultdict(list)
    unit_ids = set(unit_ids)
    if unit_ids:
        rows = (
            Membership.objects.filter(
                unit_id__in=unit_ids,
                role__in=(Membership.Role.CLERK, Membership.Role.HEAD),
                user__is_active=True,
            )
            .order_by("unit_id", "user_id")
            .values_list("unit_id", "user_id", "user__email")
        )
        for unit_id, user_id, email in rows:
            result[unit_id].append((user_id, email or ""))
    if office:
        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(membership__role=Membership.Role.OFFICE) | Q(is_superuser=True))
            .order_by("pk")
            .values_list("pk", "email")
        )
        result[None] = [(pk, email or "") for pk, email in users]
    return result


def webhooks_by_unit(unit_ids: Iterable[int], *, office: bool) -> dict[int | None, list[str]]:
    """Map each unit id (None: the office) to the URLs of its active robots. One query."""
    result: dict[int | None, list[str]] = defaultdict(list)
    condition = Q(unit_id__in=set(unit_ids))
    if office:
        condition |= Q(unit__isnull=True)
    for unit_id, url in WebhookEndpoint.objects.filter(condition, is_active=True).order_by("pk").values_list(
        "unit_id", "url"
    ):
        if url not in result[unit_id]:
            result[unit_id].append(url)
    office_url = settings.DUBAN_OFFICE_WEBHOOK_URL
    if office and office_url and office_url not in result[None]:
        result[None].append(office_url)
    return result


# --- creating notifications -------------------------------------------------------------------


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


def deliveries_enqueue(delivery_ids: list[int]) -> None:
    """Hand the deliveries to the worker; if the broker is down they stay pending for the sweep."""
    from ..tasks import deliveries_send_task

    for chunk in chunked(list(delivery_ids), ENQUEUE_CHUNK):
        try:
            deliveries_send_task.delay(chunk)
        except Exception:  # the broker being down must not lose the notification itself
            logger.exception("could not queue deliveries %s; the overdue sweep will retry them", chunk)


# --- notifications of workflow moves ----------------------------------------------------------

_TASK_TITLES = {
    Kind.TASK_ASSIGNED: gettext_noop("新交办:%(number)s %(title)s"),
    Kind.TASK_URGED: gettext_noop("催办:%(number)s %(title)s"),
    Kind.TASK_RETURNED: gettext_noop("退回:%(number)s %(title)s"),
    Kind.TASK_CLOSE_REQUESTED: gettext_noop("申请办结:%(number)s %(title)s"),
    Kind.TASK_CLOSED: gettext_noop("已销号:%(number)s %(title)s"),
}
# Who hears of each move: the task's units, or the office.
_TO_OFFICE = {Kind.TASK_CLOSE_REQUESTED}
_LEAD_ONLY = {Kind.TASK_RETURNED}


def tasks_notify(*, kind: str, task_ids: list[int], event_id: int | None = None, note: str = "") -> SendResult:
    """Tell the units of the tasks (or the office) about a workflow move.

    ``event_id`` makes each urge, return or close request its own notification;
    without it the task itself is the subject (assigned, closed).
    """
    tasks = list(
        Task.objects.filter(pk__in=task_ids).values_list("pk", "tracking_number", "title", "deadline", "lead_unit_id")
    )
    units_of: dict[int, list[int]] = defaultdict(list)
    if kind not in _TO_OFFICE and kind not in _LEAD_ONLY:
        for task_id, unit_id in Task.cooperating_units.through.objects.filter(task_id__in=task_ids).values_list(
            "task_id", "unit_id"
        ):
            units_of[task_id].append(unit_id)
    messages = []
    for pk, number, title, deadline, lead_unit_id in tasks:
        lines = []
        if note:
            lines.append(note)
        if deadline:
            lines.append(_("完成时限:%(deadline)s") % {"deadline": f"{deadline:%Y-%m-%d}"})
        subject = f"task:{pk}" + (f":event:{event_id}" if event_id else "")
        targets = [None] if kind in _TO_OFFICE else [lead_unit_id, *units_of[pk]]
        for unit_id in targets:
            messages.append(
                Message(
                    unit_id=unit_id, kind=kind, subject=subject,
                    title=_(_TASK_TITLES[kind]) % {"number": number, "title": title},
                    body="\n".join(lines), link=task_link(pk), task_id=pk,
                )
            )
    return notifications_send_many(messages=messages)


def tasks_notify_on_commit(*, kind: str, task_ids: list[int], event_id: int | None = None, note: str = "") -> None:
    """Notify once the move is committed; a failure to notify never undoes the move."""
    task_ids = list(task_ids)

    def notify():
        try:
            # Stored and sent to units: in the site language, not in whatever the acting user's browser asked for.
            with translation.override(settings.LANGUAGE_CODE):
                tasks_notify(kind=kind, task_ids=task_ids, event_id=event_id, note=note)
        except Exception:
            logger.exception("could not notify %s for tasks %s", kind, task_ids[:20])

    transaction.on_commit(notify)


# --- reading and marking ----------------------------------------------------------------------


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


# --- delivering -------------------------------------------------------------------------------


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed try: the base delay, doubled each time."""
    return settings.DUBAN_WEBHOOK_RETRY_SECONDS * (2 ** max(0, attempts - 1))


def webhook_payload(notification: Notification, message_format: str) -> dict:
    """The JSON a 企业微信 / 钉钉 group robot accepts: msgtype text or markdown."""
    text = f"【{_('督办')}】{notification.title}"
    if notification.body:
        text += f"\n{notification.body}"
    link = absolute_link(notification.link)
    if message_format == WebhookEndpoint.Format.MARKDOWN:
        lines = [f"### {notification.title}"]
        if notification.body:
            lines += [f"> {line}" if line else ">" for line in notification.body.splitlines()]
        if link:
            lines.append(f"[{_('查看详情')}]({link})")
        markdown = "\n".join(lines)
        # 企业微信 reads "content", 钉钉 reads "title" and "text"; each ignores the others.
        return {"msgtype": "markdown", "markdown": {"title": notification.title, "text": markdown, "content": markdown}}
    if link:
        text += f"\n{link}"
    return {"msgtype": "text", "text": {"content": text}}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Robots answer where they are asked: a redirect could point inside the network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused", headers, fp)


_webhook_opener = urllib.request.build_opener(_NoRedirects)


def webhook_post(url: str, payload: dict) -> None:
    """POST ``payload`` as JSON; raise DeliveryError unless the robot accepted it.

    The address is checked first (``security.check_webhook_target``): a robot on
    loopback or a private network is never called unless the setting allows it.
    """
    try:
        check_webhook_target(url)
    except ValidationError as error:
        raise DeliveryError(" ".join(error.messages), retryable=False) from error
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _webhook_opener.open(request, timeout=settings.DUBAN_WEBHOOK_TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        retryable = error.code >= 500 or error.code == 429
        raise DeliveryError(f"HTTP {error.code} {error.reason}", retryable=retryable) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    try:
        answer = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (UnicodeDecodeError, ValueError):
        answer = {}
    # Both robots answer HTTP 200 with {"errcode": 0} on success and a non-zero code otherwise.
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def absolute_link(link: str) -> str:
    """The link as a full address (settings.DUBAN_SITE_URL + path), for messages read outside the app."""
    if not link or "://" in link:
        return link
    return settings.DUBAN_SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def _email(notification: Notification, target: str, connection_) -> None:
    body = notification.body
    if notification.link:
        link = absolute_link(notification.link)
        body = f"{body}\n\n{link}" if body else link
    try:
        mail.EmailMessage(
            subject=f"【{_('督办')}】{notification.title}", body=body, to=[target], connection=connection_
        ).send()
    except Exception as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error


def deliveries_send(*, delivery_ids: list[int]) -> dict[int, tuple[str, int]]:
    """Make one attempt at each pending delivery; return {id: (outcome, attempts so far)}.

    Outcomes: sent; retry (failed, tries left); failed (no tries left, recorded);
    skipped (already sent or failed, or this attempt claimed by another worker).
    """
    rows = list(
        NotificationDelivery.objects.filter(pk__in=delivery_ids, status=Status.PENDING).select_related("notification")
    )
    formats = dict(
        ((unit_id, url), fmt)
        for unit_id, url, fmt in WebhookEndpoint.objects.filter(
            url__in=[r.target for r in rows if r.channel == Channel.WEBHOOK]
        ).values_list("unit_id", "url", "message_format")
    )
    outcomes: dict[int, tuple[str, int]] = {pk: (SKIPPED, 0) for pk in delivery_ids}
    max_attempts = settings.DUBAN_WEBHOOK_MAX_ATTEMPTS
    mail_connection = None
    for row in rows:
        attempt = row.attempts + 1
        now = timezone.now()
        claimed = NotificationDelivery.objects.filter(pk=row.pk, status=Status.PENDING, attempts=row.attempts).update(
            attempts=attempt, updated_at=now
        )
        if not claimed:
            continue
        try:
            if row.channel == Channel.EMAIL:
                if mail_connection is None:
                    mail_connection = mail.get_connection()
                _email(row.notification, row.target, mail_connection)
            else:
                fmt = formats.get((row.notification.unit_id, row.target), WebhookEndpoint.Format.TEXT)
                webhook_post(row.target, webhook_payload(row.notification, fmt))
        except DeliveryError as error:
            final = attempt >= max_attempts or not error.retryable
            NotificationDelivery.objects.filter(pk=row.pk).update(
                status=Status.FAILED if final else Status.PENDING, last_error=str(error)[:2000],
                updated_at=timezone.now(),
            )
            outcomes[row.pk] = (FAILED if final else RETRY, attempt)
            logger.warning("delivery %s (%s %s) attempt %s failed: %s", row.pk, row.channel, row.target, attempt, error)
            continue
        NotificationDelivery.objects.filter(pk=row.pk).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
        )
        outcomes[row.pk] = (SENT, attempt)
    return outcomes


def deliveries_stale(*, older_than: datetime.timedelta | None = None) -> list[int]:
    """Pending deliveries nobody has touched for a while (broker was down, worker crashed)."""
    older_than = older_than or datetime.timedelta(
        seconds=max(15 * 60, 2 * retry_delay(settings.DUBAN_WEBHOOK_MAX_ATTEMPTS))
    )
    return list(
        NotificationDelivery.objects.filter(status=Status.PENDING, updated_at__lt=timezone.now() - older_than)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )


@transaction.atomic
def deliveries_retry(*, delivery_ids: Iterable[int]) -> int:
    """Give failed deliveries a fresh set of tries (e.g. after a robot's address was fixed); return how many."""
    ids = list(
        NotificationDelivery.objects.filter(pk__in=list(delivery_ids), status=Status.FAILED).values_list("pk", flat=True)
    )
    NotificationDelivery.objects.filter(pk__in=ids, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, updated_at=timezone.now()
    )
    if ids:
        transaction.on_commit(lambda: deliveries_enqueue(ids), robust=True)
    return len(ids)
