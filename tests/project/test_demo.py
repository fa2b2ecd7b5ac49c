import pytest
from django.core.management import call_command

from directives.models import Membership, Unit


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    # given
    call_command("load_demo")
    counts = {model.__name__: model.objects.count() for model in (Unit, Membership)}
    # when
    call_command("load_demo")
    # then
    assert {model.__name__: model.objects.count() for model in (Unit, Membership)} == counts


@pytest.mark.django_db
def test_load_demo_builds_a_county_tree():
    call_command("load_demo")
    county = Unit.objects.get(kind=Unit.Kind.COUNTY)
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, parent=county).count() >= 20
    townships = Unit.objects.filter(kind__in=[Unit.Kind.TOWNSHIP, Unit.Kind.STREET], parent=county)
    assert townships.count() == 12
    for township in townships:
        assert township.children.count() >= 3
    assert Membership.objects.filter(role=Membership.Role.CLERK).count() >= 5


@pytest.mark.django_db
def test_ensure_admin_prints_password_once(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert "Password (shown only this once)" in first
    assert "already exists" in second and "Password" not in second
