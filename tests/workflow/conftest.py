"""A county with townships and villages, and a speech written for these tests."""
from pathlib import Path

import pytest

from directives.models import Unit
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def uploads_in_tmp(media_root):
    """Every test here may store speech files and attachments: in a temporary folder."""


@pytest.fixture
def speech_text():
    return (FIXTURES / "winter_safety.txt").read_text(encoding="utf-8")


@pytest.fixture
def emergency_unit(county):
    return factories.UnitFactory(
        name="县应急管理局", short_name="县应急局", aliases="应急局", kind="department", parent=county
    )


@pytest.fixture
def townships(county):
    east = factories.UnitFactory(name="东城街道办事处", short_name="东城街道", kind="street", parent=county)
    river = factories.UnitFactory(name="河口镇人民政府", short_name="河口镇", kind="township", parent=county)
    hill = factories.UnitFactory(name="山前乡人民政府", short_name="山前乡", kind="township", parent=county)
    return [east, river, hill]


@pytest.fixture
def villages(townships):
    _east, river, hill = townships
    return [
        factories.UnitFactory(name="李庄村", kind="village", parent=river),
        factories.UnitFactory(name="王家村", kind="village", parent=river),
        # Same name under another township: the factory's get_or_create would return the first.
        Unit.objects.create(name="李庄村", kind="village", parent=hill),
    ]


@pytest.fixture
def directory(unit_a, unit_b, emergency_unit, townships, office_unit):
    """The units the test speech names, and some it does not."""
    return {"health": unit_a, "transport": unit_b, "emergency": emergency_unit}


@pytest.fixture
def speech(meeting, office_user, directory, speech_text):
    """The test speech imported through the service, as the import screen does."""
    from directives.services.speeches import speech_import

    return speech_import(meeting=meeting, text=speech_text, imported_by=office_user).speeches[0]


@pytest.fixture
def points(speech):
    """The speech's points by number: {"(一)": Directive, …}."""
    return {d.number: d for d in speech.directives.all()}
