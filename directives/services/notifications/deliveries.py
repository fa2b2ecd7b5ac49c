"""Deliveries: queued to the worker, each attempt claimed by compare-and-set, retried after a doubling delay."""
import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ...models import NotificationDelivery, WebhookEndpoint
from .channels import DeliveryError, email_send, webhook_payload, webhook_post

logger = logging.getLogger(__name__)

Channel = NotificationDelivery.Channel
Status = NotificationDelivery.Status

# Deliveries per worker message.
ENQUEUE_CHUNK = 100
# A delivery not tried this long after it was written is queued again by the sweep.
NEVER_TRIED_GRACE = datetime.timedelta(minutes=5)

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"


def deliveries_enqueue(delivery_ids: list[int]) -> None:
    """Hand the deliveries to the worker; if the broker is down they stay pending for the sweep."""
    from ...tasks import deliveries_send_task

    delivery_ids = list(delivery_ids)
    for start in range(0, len(delivery_ids), ENQUEUE_CHUNK):
        # A broker that is down is logged, never raised: the deliveries stay pending for the sweep.
        deliveries_send_task.enqueue(delivery_ids[start:start + ENQUEUE_CHUNK])


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failed try: the base delay, doubled each time."""
    return settings.DUBAN_WEBHOOK_RETRY_SECONDS * (2 ** max(0, attempts - 1))


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
                email_send(row.notification, row.target, mail_connection)
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
    """Pending deliveries nobody has touched for a while.

    Never tried ``NEVER_TRIED_GRACE`` after they were written: the broker was down
    when they were queued (or lost the message). Tried but untouched for
    ``older_than`` (longer than any retry delay): the worker holding the retry died.
    Queuing one twice is harmless: each attempt is claimed by compare-and-set.
    """
    now = timezone.now()
    older_than = older_than or datetime.timedelta(
        seconds=max(15 * 60, 2 * retry_delay(settings.DUBAN_WEBHOOK_MAX_ATTEMPTS))
    )
    untouched = Q(updated_at__lt=now - older_than) | Q(attempts=0, updated_at__lt=now - NEVER_TRIED_GRACE)
    return list(
        NotificationDelivery.objects.filter(untouched, status=Status.PENDING)
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
