"""``{% task_flow_panel task %}``: a task's 原时限/延期, 签收时限, sub-tasks and extension requests, as its user may see them."""
from django import template

from ..permissions import task_permissions, visible_extensions, visible_tasks
from ..selectors.task_flow import subtask_progress, visible_subtasks
from ..services.subtasks import subtask_units

register = template.Library()


@register.inclusion_tag("workspace/_task_flow.html", takes_context=True)
def task_flow_panel(context, task):
    user = context["request"].user
    # The page's own answers when it has them (the task page does), so they are not asked twice.
    can = dict(context.get("can") or task_permissions(user, task))
    # 二次交办 only where there are units below to split for (a village has none).
    can["can_split"] = can["can_split"] and subtask_units(task).exists()
    visible = visible_tasks(user)
    subtasks = visible_subtasks(task, visible)
    closed, total = subtask_progress([task.pk]).get(task.pk, (0, 0))
    parent = visible.filter(pk=task.parent_id).select_related("lead_unit").first() if task.parent_id else None
    return {
        "task": task,
        "parent": parent,
        "subtasks": subtasks,
        "subtasks_closed": closed,
        "subtasks_total": total,
        "extensions": list(visible_extensions(user).filter(task=task).select_related("requested_by", "decided_by")),
        "can": can,
    }
