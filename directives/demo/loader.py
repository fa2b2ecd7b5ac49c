"""Load the demo county, its people, two speeches, tasks in every status and a daily-report campaign.

Everything is created through the same services the office uses, so the demo
shows real behaviour (tracking numbers, history, lateness), with dates placed
relative to ``today`` so the data always looks current.
"""
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Membership, Unit
from . import county

DEMO_DIR = Path(__file__).resolve().parent


class DemoAlreadyLoaded(Exception):
    pass


def demo_is_loaded() -> bool:
    return Unit.objects.filter(name=county.COUNTY[0], parent__isnull=True).exists()


@transaction.atomic
def demo_load(*, today: datetime.date | None = None) -> dict:
    """Create the demo data in one transaction; raise DemoAlreadyLoaded if it is there."""
    if demo_is_loaded():
        raise DemoAlreadyLoaded()
    today = today or timezone.localdate()
    units = _load_units()
    users = _load_users(units)
    return {"units": len(units), "users": len(users)}


def _load_units() -> dict[str, Unit]:
    name, short, aliases = county.COUNTY
    top = Unit.objects.create(name=name, short_name=short, aliases=aliases, kind=Unit.Kind.COUNTY)
    units = {name: top}
    name, short, aliases = county.OFFICE
    units[name] = Unit.objects.create(
        name=name, short_name=short, aliases=aliases, kind=Unit.Kind.OFFICE, parent=top, order=0,
        contact_person="周敏", contact_phone="0391-6120001",
    )
    for order, (name, short, aliases) in enumerate(county.DEPARTMENTS, start=1):
        units[name] = Unit.objects.create(
            name=name, short_name=short, aliases=aliases, kind=Unit.Kind.DEPARTMENT, parent=top, order=order,
            contact_phone=f"0391-61{order:05d}",
        )
    for order, (name, kind, villages) in enumerate(county.TOWNSHIPS, start=100):
        township = Unit.objects.create(name=name, kind=kind, parent=top, order=order, contact_phone=f"0391-62{order:05d}")
        units[name] = township
        for v_order, village in enumerate(villages, start=1):
            kind = Unit.Kind.COMMUNITY if village.endswith("社区") else Unit.Kind.VILLAGE
            units[village] = Unit.objects.create(name=village, kind=kind, parent=township, order=v_order)
    return units


def _load_users(units: dict[str, Unit]) -> dict:
    User = get_user_model()
    users = {}
    for username, full_name, unit_name, role in county.USERS:
        user = User.objects.create_user(
            username=username,
            password=county.DEMO_PASSWORD,
            first_name=full_name,
            email=f"{username}@qingxi.example.cn",
            is_staff=role == Membership.Role.OFFICE,
        )
        Membership.objects.create(user=user, unit=units[unit_name], role=role)
        if role == Membership.Role.OFFICE:
            from django.contrib.auth.models import Permission

            user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["directives", "django_celery_beat"]))
        users[username] = user
    return users
