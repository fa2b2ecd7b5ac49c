"""Accounts: login throttling, password change for every role, password strength."""
import pytest
from django.urls import reverse

PASSWORD = "pass-for-tests-1"  # tests/factories.py


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.django_db
def test_login_locked_after_five_wrong_passwords_even_with_the_right_one(client, clerk_a):
    # given five wrong passwords
    for _ in range(5):
        response = _login(client, "clerk_a", "wrong-password")
    # when the right one comes next
    response = _login(client, "clerk_a", PASSWORD)
    # then it is refused with our page, and nobody is logged in
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert "15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_lockout_is_per_username_and_address(client, clerk_a, clerk_b):
    for _ in range(5):
        _login(client, "clerk_a", "wrong-password")
    # another user from the same address still logs in
    response = _login(client, "clerk_b", PASSWORD)
    assert response.status_code == 302
    client.logout()
    # the same user from another address still logs in
    response = client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_a_few_mistakes_then_the_right_password_logs_in(client, clerk_a):
    for _ in range(4):
        _login(client, "clerk_a", "wrong-password")
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk_a.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["clerk_a", "leader_user", "office_user"])
def test_password_change_open_to_every_role(client, request, user_fixture):
    # given
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    new_password = "青溪县-new-password-2026"
    # when
    page = client.get(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    # then
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
@pytest.mark.parametrize("too_weak", ["short-pw-1", "12345678901234", "password1234"])
def test_password_change_refuses_weak_passwords_with_a_message(client, clerk_a, too_weak):
    client.force_login(clerk_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": too_weak, "new_password2": too_weak},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert errors
    if len(too_weak) < 12:
        assert "密码太短:至少需要 12 个字符。" in errors  # in Chinese, not Django's English
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(PASSWORD)


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
