from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..selectors import dashboard
from ..permissions import can_see_everything, is_leader, is_office, visible_extensions, visible_tasks
from ..selectors.task_flow import pending_extensions


@login_required
def home(request):
    """The dashboard: figures for the office, the next things to do for a unit; leaders go to their overview."""
    if is_leader(request.user) and not request.user.is_superuser:
        return redirect("workspace:overview")
    sees_all = can_see_everything(request.user)
    return render(
        request,
        "workspace/home.html",
        {
            "sees_all": sees_all,
            "counts": dashboard.task_counts(visible_tasks(request.user)),
            "overdue_units": dashboard.units_with_most_overdue() if sees_all else [],
            "action_tasks": dashboard.tasks_needing_action(request.user),
            "campaigns_today": dashboard.campaigns_today(request.user),
            # The office's queue of 申请延期 waiting for a decision (the first ten; admin holds the rest).
            "pending_extensions": list(pending_extensions(visible_extensions(request.user))[:10])
            if is_office(request.user) else [],
        },
    )
