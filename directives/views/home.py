from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors import dashboard
from ..selectors.access import can_see_everything, visible_tasks


@login_required
def home(request):
    """The dashboard: figures for the office and leaders, the next things to do for a unit."""
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
        },
    )
