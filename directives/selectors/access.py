"""Temporary alias: these moved to ``directives.permissions``; removed once nothing imports this path."""
from ..permissions import can_see_everything, is_leader, is_office, membership_of, unit_of, visible_tasks  # noqa: F401
