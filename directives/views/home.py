from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors.access import visible_tasks


@login_required
def home(request):
    tasks = visible_tasks(request.user)
    return render(
        request,
        "workspace/home.html",
        {
            "open_count": tasks.open().count(),
            "overdue_count": tasks.filter(is_overdue=True).count(),
            "assigned_count": tasks.filter(status="assigned").count(),
        },
    )
