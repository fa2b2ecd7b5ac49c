"""Reads for sub-tasks (二次交办) and deadline extensions (申请延期)."""
from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from ..models import DeadlineExtension, Task


def subtask_progress(task_ids) -> dict[int, tuple[int, int]]:
    """Sub-tasks closed and in all, for each task id that has any (one query)."""
    rows = (
        Task.objects.filter(parent_id__in=list(task_ids))
        .values("parent_id")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(status=Task.Status.CLOSED)))
    )
    return {row["parent_id"]: (row["closed"], row["total"]) for row in rows}


def visible_subtasks(task: Task, visible: QuerySet[Task]) -> list[Task]:
    """The task's sub-tasks among ``visible`` (what the user may see), in tracking order."""
    return list(
        task.subtasks.filter(pk__in=visible.values("pk")).select_related("lead_unit").order_by(
            "tracking_year", "tracking_serial"
        )
    )


def pending_extensions(extensions: QuerySet[DeadlineExtension]) -> QuerySet[DeadlineExtension]:
    """The queue of requests waiting for the office, oldest first."""
    return extensions.pending().select_related("task", "unit", "requested_by").order_by("requested_at", "pk")


def extensions_by_task(extensions: QuerySet[DeadlineExtension], task_ids) -> dict[int, list[DeadlineExtension]]:
    found = defaultdict(list)
    for extension in extensions.filter(task_id__in=list(task_ids)).select_related("requested_by", "decided_by"):
        found[extension.task_id].append(extension)
    return found
