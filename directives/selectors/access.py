"""Who a user is in the county, and what they may see."""
from django.db.models import QuerySet

from ..models import Membership, Task


def membership_of(user) -> Membership | None:
    """Return the user's membership, or None for users without a unit."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def is_office(user) -> bool:
    """Office staff: superusers and members of the supervision office."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    membership = membership_of(user)
    return membership is not None and membership.role == Membership.Role.OFFICE


def is_leader(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Membership.Role.LEADER


def can_see_everything(user) -> bool:
    """Office staff and leaders see all units (leaders only read)."""
    return is_office(user) or is_leader(user)


def unit_of(user):
    """The unit a clerk or head acts for, or None."""
    membership = membership_of(user)
    if membership is None or membership.role not in (Membership.Role.CLERK, Membership.Role.HEAD):
        return None
    return membership.unit


def visible_tasks(user) -> QuerySet[Task]:
    """Tasks the user may see: all for office and leaders, their unit's (lead or cooperating) for clerks."""
    if can_see_everything(user):
        return Task.objects.all()
    unit = unit_of(user)
    if unit is None:
        return Task.objects.none()
    return Task.objects.filter(pk__in=Task.objects.for_unit(unit).values("pk"))
