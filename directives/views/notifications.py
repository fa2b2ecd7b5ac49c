"""The user's notifications: the list, open one (marks it read), mark all read."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Notification
from ..selectors.notifications import notifications_of
from ..services.notifications.storage import notification_mark_read, notifications_mark_all_read

PER_PAGE = 30


@login_required
def notification_list(request):
    notifications = notifications_of(request.user).select_related("task").only(
        "id", "kind", "title", "body", "link", "created_at", "read_at", "task__tracking_number"
    )
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/notifications.html",
        {"page": page, "notifications": page.object_list, "only_unread": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark the notification read and go to what it is about."""
    try:
        notification = notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404(_("没有这条通知。"))
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("workspace:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将%(count)s条通知标为已读。") % {"count": count})
    return redirect("workspace:notifications")


urlpatterns = [
    path("", notification_list, name="notifications"),
    path("<int:pk>/read/", notification_read, name="notification_read"),
    path("read-all/", notifications_read_all, name="notifications_read_all"),
]
