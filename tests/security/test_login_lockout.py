"""Sign-in lock-outs (django-axes) on the workspace login and the admin login."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def _sign_in(client, path, username, password, address="203.0.113.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", password="right-password-1", is_staff=True)


@pytest.mark.parametrize("path", [LOGIN, ADMIN_LOGIN])
def test_repeated_failures_lock_the_user_out_even_with_the_right_password(client, alice, path):
    for _ in range(LIMIT - 1):
        assert _sign_in(client, path, "alice", "wrong").status_code == 200  # the form again
    locked = _sign_in(client, path, "alice", "wrong")
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert b"locked for 30 minutes" in locked.content

    right = _sign_in(client, path, "alice", "right-password-1")

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_name_from_any_address(client, alice):
    for n in range(LIMIT):
        _sign_in(client, LOGIN, "alice", "wrong", address=f"198.51.100.{n}")
    assert _sign_in(client, LOGIN, "alice", "right-password-1", "192.0.2.1").status_code == 429


def test_the_lock_is_per_address_across_user_names(client, alice):
    for n in range(LIMIT):
        _sign_in(client, LOGIN, f"guess{n}", "wrong", address="203.0.113.9")
    assert _sign_in(client, LOGIN, "alice", "right-password-1", "203.0.113.9").status_code == 429
    # Another address is not affected.
    assert _sign_in(client, LOGIN, "alice", "right-password-1", "192.0.2.1").status_code == 302


def test_the_lock_message_is_translated(client, alice):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for _ in range(LIMIT):
        page = _sign_in(client, LOGIN, "alice", "wrong")
    assert page.status_code == 429
    assert "登录失败次数过多".encode() in page.content


def test_an_operator_unlocks_with_axes_reset(client, alice):
    for _ in range(LIMIT):
        _sign_in(client, LOGIN, "alice", "wrong")
    assert AccessAttempt.objects.filter(username="alice").exists()

    call_command("axes_reset_username", "alice")
    call_command("axes_reset")  # the address too (both lock-out parameters)

    assert _sign_in(client, LOGIN, "alice", "right-password-1").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, alice):
    for _ in range(LIMIT - 1):
        _sign_in(client, LOGIN, "alice", "wrong")
    assert _sign_in(client, LOGIN, "alice", "right-password-1").status_code == 302
    client.logout()
    assert _sign_in(client, LOGIN, "alice", "wrong").status_code == 200  # counting from zero


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Kx7#pq9Lm2")
    validate_password("Kx7#pq9Lm2-vT")


def test_the_admin_lock_out_answers_with_the_admin_login_page(client, alice):
    path = f"{ADMIN_LOGIN}?next=/admin/rights/right/"
    for _ in range(LIMIT):
        locked = _sign_in(client, path, "alice", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed sign-ins" in page and "locked for 30 minutes" in page
    # The admin's own login form, posting to the admin login and going on where it was asked to:
    assert locked.templates[0].name == "admin/login.html"
    assert 'id="login-form"' in page and f'action="{ADMIN_LOGIN}"' in page
    assert '<input type="hidden" name="next" value="/admin/rights/right/">' in page
    assert "Log in to iptracker" not in page  # not the workspace's login page
    # Once unlocked, that form signs in to the admin.
    call_command("axes_reset")
    signed_in = _sign_in(client, path, "alice", "right-password-1")
    assert signed_in.status_code == 302 and signed_in.url == "/admin/rights/right/"


def test_the_admin_lock_out_sends_an_offsite_next_back_to_the_admin(client, alice):
    for _ in range(LIMIT):
        locked = _sign_in(client, f"{ADMIN_LOGIN}?next=https://evil.example/", "alice", "wrong")
    assert '<input type="hidden" name="next" value="/admin/">' in locked.content.decode()


def test_the_workspace_lock_out_stays_on_the_workspace_login(client, alice):
    for _ in range(LIMIT):
        locked = _sign_in(client, LOGIN, "alice", "wrong")
    assert locked.templates[0].name == "registration/login.html"
    assert "Log in to iptracker" in locked.content.decode()


def test_the_admin_lock_out_in_chinese(client, alice):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for _ in range(LIMIT):
        locked = _sign_in(client, ADMIN_LOGIN, "alice", "wrong")
    page = locked.content.decode()
    assert "登录失败次数过多" in page and 'id="login-form"' in page
