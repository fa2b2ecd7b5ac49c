"""Deadline extensions (申请延期): the lead unit asks for a later 完成时限, the office approves or refuses.

An approved request moves the task's deadline; the task keeps its 原时限
(``original_deadline``) and counts its extensions, and a task closed after an
approved extension is on time against the approved date. Each step is a
TaskEvent (old and new deadline, who decided) and a notification: the office
hears of a request, the unit of the decision either way. Permission (who may
call these) is checked in ``directives.permissions`` before.
"""
import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import DeadlineExtension, Task, TaskEvent, Unit
from .notifications.storage import Message, notifications_send_many
from .notifications.texts import Kind as NotificationKind
from .notifications.texts import task_link
from .workflow import WorkflowError, _locked, _refresh_light, check_subtask_deadline, today

logger = logging.getLogger(__name__)

Status = DeadlineExtension.Status

_TITLES = {
    NotificationKind.EXTENSION_REQUESTED: gettext_noop("申请延期:%(number)s %(title)s"),
    NotificationKind.EXTENSION_APPROVED: gettext_noop("同意延期:%(number)s %(title)s"),
    NotificationKind.EXTENSION_REFUSED: gettext_noop("不同意延期:%(number)s %(title)s"),
}


def _notify_on_commit(*, kind: str, task: Task, event: TaskEvent, body: str) -> None:
    """Once committed, tell the office of a request, or the task's lead unit of a decision.

    Keyed on the event, so each request and decision is its own notification;
    a failure to notify never undoes the decision.
    """
    unit_id = None if kind == NotificationKind.EXTENSION_REQUESTED else task.lead_unit_id
    number, title, pk = task.tracking_number, task.title, task.pk

    def notify():
        try:
            with translation.override(settings.LANGUAGE_CODE):
                message = Message(
                    unit_id=unit_id, kind=kind, subject=f"task:{pk}:event:{event.pk}",
                    title=_(_TITLES[kind]) % {"number": number, "title": title}, body=body,
                    link=task_link(pk), task_id=pk,
                )
                notifications_send_many(messages=[message])
        except Exception:
            logger.exception("could not notify %s for task %s", kind, pk)

    transaction.on_commit(notify)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _locked_extension(extension: DeadlineExtension) -> DeadlineExtension:
    return DeadlineExtension.objects.select_for_update().get(pk=extension.pk)


@transaction.atomic
def extension_request(
    *, task: Task, unit: Unit, actor, requested_deadline: datetime.date | None, reason: str, attachment=None
) -> DeadlineExtension:
    """The unit asks to move the deadline of an open task to a later day; one open request at a time."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("申请延期须说明理由。"))
    if requested_deadline is None:
        raise ValidationError(_("请填写申请延至的日期。"))
    task = _locked(task)
    if task.status == Task.Status.CLOSED:
        raise WorkflowError(_("“%(number)s”已销号,不能申请延期。") % {"number": task.tracking_number})
    if requested_deadline < today():
        raise ValidationError(_("申请延至的日期不能早于今天。"))
    if task.deadline is not None and requested_deadline <= task.deadline:
        raise ValidationError(
            _("申请延至的日期须晚于现完成时限(%(deadline)s)。") % {"deadline": f"{task.deadline:%Y-%m-%d}"}
        )
    check_subtask_deadline(task.parent, requested_deadline)
    if task.extensions.pending().exists():
        raise WorkflowError(_("“%(number)s”已有一项延期申请待审批。") % {"number": task.tracking_number})
    try:
        with transaction.atomic():
            extension = DeadlineExtension.objects.create(
                task=task,
                unit=unit,
                requested_by=actor,
                current_deadline=task.deadline,
                requested_deadline=requested_deadline,
                reason=reason,
                attachment=attachment or "",
            )
    except IntegrityError:  # another request won the race for the one pending slot
        raise WorkflowError(_("“%(number)s”已有一项延期申请待审批。") % {"number": task.tracking_number})
    event = TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.EXTENSION_REQUESTED,
        actor=actor,
        at=extension.requested_at,
        reason=_("申请延至%(day)s:%(reason)s") % {"day": f"{requested_deadline:%Y-%m-%d}", "reason": reason},
        # Not a [old, new] pair: the deadline has not changed yet (the approval records that).
        changes={"extension": extension.pk, "requested_deadline": _iso(requested_deadline)},
    )
    body = _("%(unit)s申请将完成时限由%(old)s延至%(new)s。理由:%(reason)s") % {
        "unit": unit, "old": f"{task.deadline:%Y-%m-%d}" if task.deadline else _("未定"),
        "new": f"{requested_deadline:%Y-%m-%d}", "reason": reason,
    }
    _notify_on_commit(kind=NotificationKind.EXTENSION_REQUESTED, task=task, event=event, body=body)
    return extension


def _check_pending(extension: DeadlineExtension) -> None:
    if extension.status != Status.PENDING:
        raise WorkflowError(
            _("这项延期申请已经审批(%(status)s)。") % {"status": extension.get_status_display()}
        )


@transaction.atomic
def extension_approve(*, extension: DeadlineExtension, actor, note: str = "") -> DeadlineExtension:
    """The office grants the request: the deadline moves, 原时限 stays, the extension is counted."""
    extension = _locked_extension(extension)
    _check_pending(extension)
    task = _locked(extension.task)
    if task.status == Task.Status.CLOSED:
        raise WorkflowError(_("“%(number)s”已销号,不能延期。") % {"number": task.tracking_number})
    check_subtask_deadline(task.parent, extension.requested_deadline)
    now = timezone.now()
    old = task.deadline
    task.deadline = extension.requested_deadline
    if task.original_deadline is None:
        task.original_deadline = old
    task.extension_count += 1
    task.save(update_fields=["deadline", "original_deadline", "extension_count", "updated_at", *_refresh_light(task)])
    extension.status = Status.APPROVED
    extension.decided_by = actor
    extension.decided_at = now
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    event = TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.EXTENSION_APPROVED,
        actor=actor,
        at=now,
        reason=(note or "").strip() or extension.reason,
        changes={"extension": extension.pk, "deadline": [_iso(old), _iso(task.deadline)]},
    )
    message = _("完成时限由%(old)s延至%(new)s。") % {
        "old": f"{old:%Y-%m-%d}" if old else _("未定"), "new": f"{task.deadline:%Y-%m-%d}",
    }
    body = " ".join(filter(None, [message, (note or "").strip()]))
    _notify_on_commit(kind=NotificationKind.EXTENSION_APPROVED, task=task, event=event, body=body)
    return extension


@transaction.atomic
def extension_refuse(*, extension: DeadlineExtension, actor, reason: str) -> DeadlineExtension:
    """The office refuses the request, with its reason; the deadline stays."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("不予批准须说明理由。"))
    extension = _locked_extension(extension)
    _check_pending(extension)
    task = _locked(extension.task)
    now = timezone.now()
    extension.status = Status.REFUSED
    extension.decided_by = actor
    extension.decided_at = now
    extension.refusal_reason = reason
    extension.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    event = TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.EXTENSION_REFUSED,
        actor=actor,
        at=now,
        reason=reason,
        changes={"extension": extension.pk, "requested_deadline": _iso(extension.requested_deadline)},
    )
    body = _("申请延至%(day)s,不予批准,完成时限仍为%(deadline)s。理由:%(reason)s") % {
        "day": f"{extension.requested_deadline:%Y-%m-%d}", "reason": reason,
        "deadline": f"{task.deadline:%Y-%m-%d}" if task.deadline else _("未定"),
    }
    _notify_on_commit(kind=NotificationKind.EXTENSION_REFUSED, task=task, event=event, body=body)
    return extension
