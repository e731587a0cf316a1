"""The second factor in Chromium: counsel of an organisation that requires one signs in, is
sent to set it up, reads the key from the page, enters the code an authenticator app would
show, sees the backup codes, signs out, then signs in with password and code (a wrong code
first) and reaches the dashboard. Screenshots of the set-up and code pages in both languages."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]

CODE = "input[name=code]"
SUBMIT = "form button.primary"


def app_code(secret: str, steps: int = 0) -> str:
    """What an authenticator app given `secret` (as the page shows it) displays."""
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def password(page, url):
    page.goto(f"{url}/accounts/login/")
    page.locator("input[name=username]").fill("counsel")
    page.locator("input[name=password]").fill("pw")
    page.locator("main form button[type=submit]").click()


def language(page, code):
    """Switch the page language and wait for the page to come back in it."""
    page.locator("#site-language").select_option(code)
    page.locator("form.language button").click()
    page.wait_for_selector(f'html[lang="{code}"]')


def test_counsel_sets_up_the_second_factor_then_signs_in_in_two_steps(
    page, live_server, counsel, org, shot
):
    org.require_two_factor = True
    org.save()
    url = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})

    password(page, url)
    page.wait_for_url(re.compile(r"/settings/two-factor/set-up/"))
    expect(page.get_by_role("heading", level=1, name="Set up an authenticator app")).to_be_visible()
    expect(page.locator("nav.site-nav")).to_have_count(0)
    assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth") > 0
    secret = page.locator("#secret").inner_text()
    shot(page, "60-two-factor-set-up-en")
    # Anything else leads back here.
    page.goto(f"{url}/rights/")
    page.wait_for_url(re.compile(r"/settings/two-factor/set-up/\?next="))

    language(page, "zh-hans")
    expect(page.get_by_role("heading", level=1, name="设置身份验证器应用")).to_be_visible()
    shot(page, "61-two-factor-set-up-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "62-two-factor-set-up-zh-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.locator(CODE).fill(app_code(secret))
    page.locator(SUBMIT).click()
    expect(page.get_by_role("heading", level=1, name="您的备用码")).to_be_visible()
    codes = page.locator(".backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    shot(page, "63-two-factor-backup-codes-zh")
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(re.compile(r"/rights/$"))  # where they were going
    language(page, "en")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    password(page, url)
    page.wait_for_url(re.compile(r"/accounts/login/code/"))
    page.locator(CODE).fill("000000" if app_code(secret, 1) != "000000" else "111111")
    page.locator(SUBMIT).click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right.")
    shot(page, "64-two-factor-code-wrong-en")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "65-two-factor-code-wrong-en-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    language(page, "zh-hans")
    page.wait_for_timeout(1200)  # django-otp's back-off after one wrong code: 1 s
    page.locator(CODE).fill("000000" if app_code(secret, 1) != "000000" else "111111")
    page.locator(SUBMIT).click()
    expect(page.get_by_role("alert")).to_contain_text("验证码不正确")
    shot(page, "66-two-factor-code-wrong-zh")

    page.wait_for_timeout(2200)  # two wrong codes: 2 s
    page.locator(CODE).fill(app_code(secret, 1))  # the set-up's code is spent: the next one
    page.locator(SUBMIT).click()
    page.wait_for_url(f"{url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("nav.site-nav")).to_be_visible()

    # The user's own page and the organisation's page.
    language(page, "en")
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your second factor is on")).to_be_visible()
    expect(page.get_by_text("9 backup codes left.", exact=False)).to_have_count(0)
    expect(page.get_by_text("10 backup codes left.", exact=False)).to_be_visible()
    shot(page, "67-two-factor-settings-en")
    page.get_by_role("link", name="Organisation", exact=True).click()
    expect(page.get_by_label("Require a second factor of every counsel")).to_be_checked()
    shot(page, "68-organisation-security-en")
    language(page, "zh-hans")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("heading", name="律师登录")).to_be_visible()
    shot(page, "69-organisation-security-zh-390")
    # The header with the new links, where it is narrowest.
    page.goto(f"{url}/")
    page.set_viewport_size({"width": 390, "height": 300})
    shot(page, "70-header-counsel-zh-390", full_page=False)
    language(page, "en")
    shot(page, "71-header-counsel-en-390", full_page=False)
