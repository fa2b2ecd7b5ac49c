"""Shared actors: units of a small county, an office member, clerks of two units."""
import datetime

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way costs ~0.3 s a user; tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    return factories.UnitFactory(name="示范县", short_name="示范县", kind="county", parent=None)


@pytest.fixture
def office_unit(county):
    return factories.UnitFactory(name="县委督查室", short_name="督查室", kind="office", parent=county)


@pytest.fixture
def unit_a(county):
    return factories.UnitFactory(
        name="县卫生健康委员会", short_name="县卫健委", aliases="卫健委、县卫生健康委", kind="department", parent=county
    )


@pytest.fixture
def unit_b(county):
    return factories.UnitFactory(name="县交通运输局", short_name="县交通局", kind="department", parent=county)


@pytest.fixture
def office_user(office_unit):
    return factories.UserFactory(username="office", membership__unit=office_unit, membership__role="office")


@pytest.fixture
def clerk_a(unit_a):
    return factories.UserFactory(username="clerk_a", membership__unit=unit_a, membership__role="clerk")


@pytest.fixture
def clerk_b(unit_b):
    return factories.UserFactory(username="clerk_b", membership__unit=unit_b, membership__role="clerk")


@pytest.fixture
def leader_user(county):
    return factories.UserFactory(username="leader", membership__unit=county, membership__role="leader")


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(held_on=datetime.date(2026, 11, 2))
