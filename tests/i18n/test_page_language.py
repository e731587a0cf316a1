"""The page language is the user's saved preference, switchable from every page; a new user's
browser language (Accept-Language) is the default and becomes their saved one at sign-in."""

import re

import pytest
from django.conf import settings

from notifications.models import NotificationPreference
from notifications.services import preference_update

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def sign_in(client, user, **headers):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": "pw"}, headers=headers
    )


def test_a_new_users_browser_language_is_their_default_and_is_saved(client, manager):
    response = sign_in(client, manager, accept_language="zh-CN,zh;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=manager).language == "zh-hans"
    assert client.cookies[COOKIE].value == "zh-hans"
    assert html_lang(client.get("/")) == "zh-hans"


def test_a_saved_language_wins_over_the_browser_at_sign_in(client, manager):
    preference_update(user=manager, language="en")
    sign_in(client, manager, accept_language="zh-CN,zh;q=0.9")
    assert client.cookies[COOKIE].value == "en"
    assert html_lang(client.get("/", headers={"accept-language": "zh-CN"})) == "en"


def test_every_page_has_the_switch_and_it_saves_the_choice(client, manager):
    client.force_login(manager)
    page = client.get("/rights/")
    assert 'action="/settings/language/"' in page.content.decode()
    response = client.post("/settings/language/", {"language": "zh-hans", "next": "/rights/"})
    assert (response.status_code, response["Location"]) == (302, "/rights/")
    assert NotificationPreference.objects.get(user=manager).language == "zh-hans"
    assert html_lang(client.get("/rights/")) == "zh-hans"


@pytest.mark.parametrize("language", ["fr", "", "zh-hans<script>"])
def test_an_unknown_language_changes_nothing(client, manager, language):
    preference_update(user=manager, language="en")
    client.force_login(manager)
    response = client.post("/settings/language/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=manager).language == "en"
    assert COOKIE not in response.cookies


def test_the_switch_never_redirects_off_site(client, manager):
    client.force_login(manager)
    response = client.post(
        "/settings/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_login_page_can_be_switched_before_signing_in(client, db):
    response = client.post(
        "/settings/language/", {"language": "zh-hans", "next": "/accounts/login/"}
    )
    assert response.cookies[COOKIE].value == "zh-hans"
    assert html_lang(client.get("/accounts/login/")) == "zh-hans"


def test_the_preferences_page_switches_the_pages_too(client, manager):
    client.force_login(manager)
    client.post(
        "/settings/notifications/",
        {"digest_hour": "8", "language": "zh-hans", "time_zone": "Asia/Shanghai"},
    )
    assert client.cookies[COOKIE].value == "zh-hans"


def test_api_errors_follow_accept_language(client, db):
    chinese = client.get("/api/v1/rights/", headers={"accept-language": "zh-CN"})
    english = client.get("/api/v1/rights/", headers={"accept-language": "en"})
    assert chinese.status_code == english.status_code == 401
    assert re.search(r"[\u4e00-\u9fff]", chinese.json()["detail"])
    assert "credentials" in english.json()["detail"]
