"""Template context shared by the workspace pages."""
from .permissions import membership_of


def workspace(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {
        "membership": membership_of(user),
        "unread_notification_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
