"""Shared actors (units of a small county, an office member, clerks of two units, a unit head), and uploads kept
in a temporary folder for the tests that ask for it (``media_root``)."""
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
def head_a(unit_a):
    return factories.UserFactory(username="head_a", email="head_a@example.cn", membership__unit=unit_a, membership__role="head")


@pytest.fixture
def staff_office(office_user):
    """The office member with the admin open to them (staff, superuser)."""
    office_user.is_staff = True
    office_user.is_superuser = True
    office_user.save(update_fields=["is_staff", "is_superuser"])
    return office_user


@pytest.fixture
def office_client(client, staff_office):
    client.force_login(staff_office)
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, not the data folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def leader_user(county):
    return factories.UserFactory(username="leader", membership__unit=county, membership__role="leader")


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(held_on=datetime.date(2026, 11, 2))
