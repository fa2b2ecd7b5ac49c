"""One smoke test per ModelAdmin: changelist, search, add and change pages render for the office."""
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from directives.models import Unit


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", password="pw-for-tests-1")
    client.force_login(user)
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo")


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize("model, model_admin", _registered(), ids=lambda value: getattr(getattr(value, "_meta", None), "label", ""))
def test_admin_pages_render(model, model_admin, superuser_client, demo):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert superuser_client.get(changelist, {"q": "县"}).status_code == 200
    if model_admin.has_add_permission(_request(superuser_client)):
        assert superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert superuser_client.get(change).status_code == 200


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    from django.contrib.auth import get_user_model

    request.user = get_user_model().objects.get(username="boss")
    return request


def test_admin_unit_autocomplete_finds_alias(superuser_client, demo):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "directives", "model_name": "task", "field_name": "lead_unit", "term": "卫健委"},
    )
    assert response.status_code == 200
    names = [row["text"] for row in response.json()["results"]]
    assert any("卫健委" in name for name in names)


def test_admin_speaks_english_when_the_browser_asks(superuser_client, demo):
    response = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log out" in response.content.decode()
    response = superuser_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "注销" in response.content.decode()
    assert Unit.objects.exists()
