"""The main pages under the Content-Security-Policy in a real browser: no violation anywhere
(the `page` fixture fails on any), the API tokens page, and the sign-in lock-out."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import ApiToken
from tests.dashboard.conftest import build_portfolio

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]


def _main_pages(made) -> list[str]:
    notice = made["notices"][0]
    right = notice.recordal.right
    deadline = right.deadlines.order_by("id").first()
    return [
        reverse("dashboard:home"),
        reverse("dashboard:docket"),
        reverse("dashboard:docket-calendar"),
        reverse("dashboard:right-list"),
        right.get_absolute_url(),
        reverse("dashboard:recordal-list"),
        notice.recordal.get_absolute_url(),
        reverse("dashboard:notice-list"),
        notice.get_absolute_url(),
        deadline.get_absolute_url(),
        reverse("enforcement:complaint-list"),
        reverse("enforcement:infringer-list"),
        reverse("enforcement:letter-list"),
        reverse("enforcement:statistics"),
        reverse("entry:right-start"),
        reverse("entry:import"),
        reverse("notifications:preferences"),
        reverse("accounts:api-tokens"),
        "/api/docs/",
        "/api/redoc/",
        "/admin/",
    ]


def test_the_main_pages_load_with_no_policy_violation(page, live_server, login, counsel, org):
    made = build_portfolio(org, 3, responsible=counsel)
    login(page, "counsel")
    for path in _main_pages(made):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    # The docs viewers really rendered (their scripts ran under the policy).
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title").first).to_be_visible(timeout=60_000)
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.get_by_role("heading", name="iptracker API (1.0.0)")).to_be_visible(timeout=60_000)


def test_a_user_creates_and_revokes_a_token_in_english_and_chinese(
    page, live_server, login, counsel, org, shot
):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("ERP integration")
    page.get_by_label("Read-only").check()
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_label("Copy it now: it will not be shown again.").input_value()
    assert key.startswith(ApiToken.objects.get(user=counsel).prefix)
    expect(page.get_by_role("cell", name="ERP integration", exact=True)).to_be_visible()
    shot(page, "30-api-tokens-en")

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", level=1, name="API 令牌")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "31-api-tokens-zh-390")
    page.get_by_role("button", name="吊销 ERP integration").click()
    expect(page.get_by_text("您还没有 API 令牌。")).to_be_visible()
    assert ApiToken.objects.get(user=counsel).revoked_at is not None


def _five_wrong_passwords(page, url):
    for _ in range(5):
        page.goto(url)
        page.get_by_label("Username").fill("counsel")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()


def test_repeated_wrong_passwords_lock_the_sign_in(page, live_server, counsel, shot):
    _five_wrong_passwords(page, f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    shot(page, "32-login-locked")


def test_repeated_wrong_passwords_on_the_admin_lock_it_on_the_admin_login(
    page, live_server, counsel, shot
):
    _five_wrong_passwords(page, f"{live_server.url}/admin/login/?next=/admin/")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    expect(page.locator("#login-form")).to_have_attribute("action", "/admin/login/")
    expect(page.locator("#site-name")).to_be_visible()  # the admin's header, not the workspace's
    shot(page, "33-admin-login-locked")
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("counsel")
    page.get_by_label("密码").fill("wrong")
    page.locator("#login-form [type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("登录失败次数过多")
    shot(page, "34-admin-login-locked-zh")
