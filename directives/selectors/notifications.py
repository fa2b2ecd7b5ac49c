"""Reads of notifications: a user only ever sees their own."""
from django.db.models import QuerySet

from ..models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (none for anonymous users)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()
