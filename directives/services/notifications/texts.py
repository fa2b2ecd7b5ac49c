"""What each workflow move says, and to whom: the task's units, or the office."""
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ...models import Notification, Task
from .storage import Message, SendResult, notifications_send_many

logger = logging.getLogger(__name__)

Kind = Notification.Kind


def link_to(name: str, *args) -> str:
    """The path of a workspace page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def task_link(task_id: int) -> str:
    return link_to("workspace:task_detail", task_id)


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
