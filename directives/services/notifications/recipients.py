"""Who receives a unit's notifications, and the office's: people and group-chat robots."""
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from ...models import Membership, WebhookEndpoint


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
