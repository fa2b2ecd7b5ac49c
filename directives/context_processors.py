"""Template context shared by the workspace pages."""
from .permissions import membership_of


def workspace(request):
    """The user's membership and unread count, read once per request.

    A page may render several templates with the request's context (a table
    renders its own): each would otherwise ask the database again.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_duban_workspace_context", None)
    if cached is None:
        from .models import Notification

        cached = {
            "membership": membership_of(user),
            "unread_notification_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        }
        request._duban_workspace_context = cached
    return cached
