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
def test_ensure_admin_writes_password_to_a_private_file_not_the_log(capsys, monkeypatch, settings, tmp_path):
    # given
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    # when
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out
    # then
    secret_file = tmp_path / "admin-password.txt"
    password = secret_file.read_text(encoding="utf-8").split("password: ", 1)[1].strip()
    assert len(password) >= 12
    assert (secret_file.stat().st_mode & 0o777) == 0o600
    assert str(secret_file) in first and password not in first
    assert "already exists" in second and password not in second
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="admin").check_password(password)


@pytest.mark.django_db
def test_load_demo_shows_every_status_and_a_campaign_history():
    from directives.models import DailyReport, ReportCampaign, Speech, Task

    call_command("load_demo")
    statuses = set(Task.objects.values_list("status", flat=True))
    assert statuses == {choice for choice, _label in Task.Status.choices}
    assert Task.objects.filter(is_overdue=True).exists()
    assert Task.objects.filter(events__kind="status", events__from_status="close_requested", events__to_status="in_progress").exists()
    assert Task.objects.filter(lead_unit__kind__in=["township", "street"]).count() >= 12  # a fanned-out point
    assert Speech.objects.count() == 2
    campaign = ReportCampaign.objects.get()
    reports = DailyReport.objects.filter(campaign=campaign)
    assert reports.filter(is_zero=True).exists()
    assert reports.filter(is_late=True).exists()
    assert reports.filter(is_late=False, is_zero=False).exists()
    days = list(campaign.reporting_days(end=campaign.first_day + __import__("datetime").timedelta(days=13)))
    expected = len(days) * campaign.units.count()
    filed = reports.filter(date__in=days).count()
    assert 0 < filed < expected  # some units missed some days
