"""The second factor in the pages: set-up, the sign-in code, what a half-signed-in session can
reach (nothing but the step it owes: not the workspace, not the admin, not the API), the
lock-out counting wrong codes, removal, the organisation's page. Codes are real ones
(django_otp.oath) at a frozen moment."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role
from accounts.tokens import token_create
from tests.factories import UserFactory, member

from .totp import code, enrolled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
VERIFY = reverse("accounts:two-factor-verify")
ENROL = reverse("accounts:two-factor-enrol")
QR = reverse("accounts:two-factor-qr")
SECURITY = reverse("accounts:two-factor")
ORG_PAGE = reverse("accounts:organisation-security")
HOME = reverse("dashboard:home")
LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS = "203.0.113.7"


FACTORY_PASSWORD = "pw"  # tests.factories.UserFactory's


def sign_in(client, username="counsel", password=FACTORY_PASSWORD, path=LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def enter(client, value, path=VERIFY, **extra):
    return client.post(path, {"code": value, **extra}, REMOTE_ADDR=ADDRESS)


def wrong(device) -> str:
    return f"{(int(code(device)) + 500000) % 1000000:06d}"


@pytest.fixture
def requiring(org):
    org.require_two_factor = True
    org.save()
    return org


@pytest.fixture
def device(counsel, frozen_clock):
    """counsel's authenticator, set up half a minute ago (its set-up code is spent)."""
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    return device


# -- counsel of an organisation that requires it, without a factor -----------------------------


def test_required_counsel_is_sent_to_set_up_and_reaches_nothing_else(client, requiring, counsel):
    assert sign_in(client).status_code == 302
    for path in (HOME, "/rights/", SECURITY, ORG_PAGE, "/admin/", VERIFY):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{ENROL}?next="), path
    api = client.get("/api/v1/rights/")
    assert api.status_code == 403
    assert api.json()["detail"] == "Finish signing in with your second factor first."


def test_set_up_shows_the_key_and_its_qr_code(client, requiring, counsel):
    sign_in(client)
    page = client.get(ENROL)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=counsel, confirmed=False)
    assert two_factor.secret_text(device).encode() in page.content
    assert b"Your organisation requires a second factor" in page.content
    assert b'class="site-nav"' not in page.content  # no menu to pages it cannot open
    qr = client.get(QR)
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")


def test_set_up_with_a_wrong_code_says_so(client, requiring, counsel):
    sign_in(client)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=counsel)
    page = enter(client, wrong(device), path=ENROL)
    assert page.status_code == 200
    assert b"That code is not right" in page.content
    assert client.get(HOME).status_code == 302  # still owes the set-up


def test_set_up_with_the_current_code_shows_backup_codes_once_then_the_workspace(
    client, requiring, counsel
):
    sign_in(client)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=counsel)
    page = enter(client, code(device), path=ENROL, next="/rights/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    codes = page.context["codes"]
    assert len(codes) == 10 and all(c.encode() in page.content for c in codes)
    assert b'href="/rights/"' in page.content
    assert client.get(HOME).status_code == 200
    assert client.get(QR).status_code == 404  # nothing being set up any more
    security = client.get(SECURITY)
    assert codes[0].encode() not in security.content
    assert b"10 backup codes left" in security.content


def test_a_paralegal_of_that_organisation_is_not_asked(client, requiring, paralegal):
    sign_in(client, "paralegal")
    assert client.get(HOME).status_code == 200


def test_turning_the_rule_on_catches_counsel_already_signed_in(client, org, counsel):
    sign_in(client)
    assert client.get(HOME).status_code == 200
    org.require_two_factor = True
    org.save()
    assert client.get(HOME)["Location"].startswith(ENROL)


def test_a_rule_turned_on_sends_an_older_session_to_the_code_page(client, org, counsel):
    """Signed in with the password before setting up a factor elsewhere: once the rule is on,
    this session owes the code too (and its page does not send it round in circles)."""
    sign_in(client)
    enrolled(counsel)  # set up in another session
    org.require_two_factor = True
    org.save()
    assert client.get(HOME)["Location"].startswith(f"{VERIFY}?next=")
    page = client.get(VERIFY)
    assert page.status_code == 200 and b"Enter your sign-in code" in page.content


# -- sign-in in two steps ----------------------------------------------------------------------


def test_with_a_factor_the_password_leads_to_the_code_page(client, counsel, device):
    response = sign_in(client)
    assert client.get(response["Location"])["Location"] == f"{VERIFY}?next=%2F"
    for path in (HOME, SECURITY, ENROL, QR, "/admin/"):
        assert client.get(path)["Location"].startswith(f"{VERIFY}?next="), path
    assert client.get("/api/v1/deadlines/").status_code == 403
    page = client.get(VERIFY)
    assert page.status_code == 200 and b"Enter your sign-in code" in page.content


def test_the_right_code_completes_the_sign_in(client, counsel, device):
    sign_in(client)
    assert client.session.get_expiry_age() == 15 * 60  # a half sign-in does not last
    before = client.session.session_key
    response = enter(client, code(device), next="/rights/")
    assert response.status_code == 302 and response["Location"] == "/rights/"
    assert client.session.session_key != before  # a new session key once verified
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/deadlines/").status_code == 200
    assert client.get(VERIFY)["Location"] == HOME  # nothing owed any more


def test_a_backup_code_completes_the_sign_in_once(client, counsel, frozen_clock):
    _device, codes = enrolled(counsel)
    sign_in(client)
    assert enter(client, codes[3])["Location"] == HOME
    client.logout()
    frozen_clock.shift(dt.timedelta(seconds=5))
    sign_in(client)
    assert b"That code is not right" in enter(client, codes[3]).content


def test_a_wrong_code_is_a_clear_error_in_english_and_chinese(
    client, counsel, device, frozen_clock
):
    sign_in(client)
    page = enter(client, wrong(device))
    assert page.status_code == 200
    assert b"That code is not right. Enter the 6-digit code" in page.content
    assert client.get(HOME).status_code == 302
    frozen_clock.shift(dt.timedelta(seconds=1))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = enter(client, wrong(device))
    assert "验证码不正确".encode() in page.content
    page = enter(client, wrong(device))  # at once: the back-off
    assert "验证码错误次数过多".encode() in page.content


def test_a_next_address_elsewhere_is_not_followed(client, counsel, device):
    sign_in(client)
    assert enter(client, code(device), next="https://evil.example/")["Location"] == HOME


def test_api_tokens_are_not_affected(client, counsel, device):
    """A token is its own credential (README, Security): it works without a session."""
    _token, key = token_create(user=counsel, name="ERP")
    sign_in(client)  # a half-signed-in session elsewhere changes nothing for the token
    api = client.get("/api/v1/deadlines/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200


def test_htmx_requests_are_sent_to_the_code_page(client, counsel, device):
    sign_in(client)
    response = client.get(reverse("dashboard:docket"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(VERIFY)


# -- the lock-out counts wrong codes -----------------------------------------------------------


def _wrong_codes(client, device, frozen_clock, times):
    pages = []
    for _ in range(times):
        pages.append(enter(client, wrong(device)))
        frozen_clock.shift(dt.timedelta(seconds=60))  # past django-otp's back-off
    return pages


def test_wrong_codes_lock_the_user_out_like_wrong_passwords(client, counsel, device, frozen_clock):
    sign_in(client)
    pages = _wrong_codes(client, device, frozen_clock, LIMIT)
    assert [p.status_code for p in pages] == [200] * (LIMIT - 1) + [429]
    assert b"Too many failed sign-ins" in pages[-1].content
    assert "_auth_user_id" not in client.session  # the half sign-in ended
    assert sign_in(client).status_code == 429  # the right password too


def test_signing_in_again_with_the_password_does_not_clear_wrong_codes(
    client, counsel, device, frozen_clock
):
    """The bypass: a right password between wrong codes must not start the count afresh."""
    sign_in(client)
    _wrong_codes(client, device, frozen_clock, LIMIT - 1)
    assert sign_in(client).status_code == 302
    locked = enter(client, wrong(device))
    assert locked.status_code == 429
    assert AccessAttempt.objects.filter(username="counsel").exists()


def test_a_locked_out_user_cannot_finish_with_the_right_code(client, counsel, device):
    sign_in(client)
    for n in range(LIMIT):  # meanwhile someone guesses the password from elsewhere
        client.post(LOGIN, {"username": "counsel", "password": "x"}, REMOTE_ADDR=f"198.51.100.{n}")
    response = enter(client, code(device))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_right_code_clears_earlier_failures(client, counsel, device, frozen_clock):
    for _ in range(LIMIT - 1):
        sign_in(client, password="wrong")
    sign_in(client)
    assert AccessAttempt.objects.filter(username="counsel").exists()  # password alone: kept
    enter(client, code(device))
    assert not AccessAttempt.objects.filter(username="counsel").exists()


@pytest.mark.parametrize("required", [False, True])
def test_a_reset_while_the_code_is_due_does_not_leave_the_user_stuck(
    client, org, counsel, device, required
):
    org.require_two_factor = required
    org.save()
    sign_in(client)
    two_factor.second_factor_reset(counsel)  # the operator, meanwhile
    response = client.get(VERIFY)
    assert response["Location"] == HOME
    if required:
        assert client.get(HOME)["Location"].startswith(ENROL)
    else:
        assert client.get(HOME).status_code == 200


# -- the admin ---------------------------------------------------------------------------------


def test_the_admin_login_is_no_way_around_it(client, counsel, device):
    counsel.is_staff = True
    counsel.save()
    assert sign_in(client, path=ADMIN_LOGIN).status_code == 302
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    enter(client, code(device))
    assert client.get("/admin/").status_code == 200


def test_an_operator_resets_a_factor_in_the_admin(client, counsel, device):
    operator = UserFactory(username="op", is_staff=True, is_superuser=True)
    client.force_login(operator)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert listing.status_code == 200 and device.key.encode() not in listing.content
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert device.key.encode() not in change.content
    response = client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "reset", "_selected_action": [device.pk]},
        follow=True,
    )
    assert b"The second factor of 1 user is reset." in response.content
    assert not two_factor.has_second_factor(counsel)
    assert not counsel.staticdevice_set.exists()


def test_the_organisation_admin_shows_the_rule_and_its_history(client, org):
    operator = UserFactory(username="op", is_staff=True, is_superuser=True)
    client.force_login(operator)
    page = client.get(reverse("admin:accounts_organisation_change", args=[org.pk]))
    assert b'name="require_two_factor"' in page.content
    history = client.get(reverse("admin:accounts_organisation_history", args=[org.pk]))
    assert history.status_code == 200


# -- the user's own page -----------------------------------------------------------------------


def test_removal_needs_a_valid_code(client, counsel, device, frozen_clock):
    sign_in(client)
    enter(client, code(device))
    frozen_clock.shift(dt.timedelta(seconds=30))
    refused = client.post(reverse("accounts:two-factor-remove"), {"remove-code": "123"})
    assert refused.status_code == 400 and b"That code is not right" in refused.content
    assert two_factor.has_second_factor(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    removed = client.post(
        reverse("accounts:two-factor-remove"), {"remove-code": code(device)}, follow=True
    )
    assert b"Your second factor is removed." in removed.content
    assert not two_factor.has_second_factor(counsel)
    assert client.get(HOME).status_code == 200  # not required: the password suffices


def test_removal_when_required_leads_to_a_new_set_up(
    client, requiring, counsel, device, frozen_clock
):
    sign_in(client)
    enter(client, code(device))
    frozen_clock.shift(dt.timedelta(seconds=30))
    client.post(reverse("accounts:two-factor-remove"), {"remove-code": code(device)})
    assert client.get(HOME)["Location"].startswith(ENROL)


def test_new_backup_codes_from_the_page(client, counsel, device, frozen_clock):
    sign_in(client)
    enter(client, code(device))
    frozen_clock.shift(dt.timedelta(seconds=30))
    page = client.post(reverse("accounts:two-factor-backup-codes"), {"codes-code": code(device)})
    assert page.status_code == 200 and len(page.context["codes"]) == 10
    assert page["Cache-Control"] == "no-store"


def test_any_user_may_set_up_a_factor_of_their_own(client, viewer):
    client.force_login(viewer)
    assert b"Set up an authenticator app" in client.get(SECURITY).content
    assert client.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=viewer)
    page = enter(client, code(device), path=ENROL)
    assert len(page.context["codes"]) == 10
    assert client.get(HOME).status_code == 200  # this session is verified by the set-up
    again = client.get(ENROL, follow=True)
    assert b"You already have an authenticator app set up" in again.content


# -- the organisation's page -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["paralegal", "manager", "viewer"])
def test_only_counsel_open_the_organisation_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(ORG_PAGE).status_code == 403
    assert client.post(ORG_PAGE, {"require_two_factor": "on"}).status_code == 403


def test_counsel_turn_the_rule_on_after_their_own_set_up(client, org, counsel, frozen_clock):
    client.force_login(counsel)
    page = client.post(ORG_PAGE, {"require_two_factor": "on"})
    assert b"Set up your own second factor before requiring one" in page.content
    org.refresh_from_db()
    assert not org.require_two_factor
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    client.force_login(counsel)  # a new sign-in: now in two steps
    assert client.post(ORG_PAGE, {"require_two_factor": "on"})["Location"].startswith(VERIFY)
    enter(client, code(device))
    response = client.post(ORG_PAGE, {"require_two_factor": "on"}, follow=True)
    assert b"Counsel now need a second factor to sign in." in response.content
    org.refresh_from_db()
    assert org.require_two_factor
    assert response.context["history"][0].who == counsel
    assert [f.name for f in response.context["history"][0].fields] == ["require_two_factor"]


# -- query ceilings ----------------------------------------------------------------------------


def test_query_ceilings_of_the_new_pages(
    client, requiring, counsel, frozen_clock, django_assert_max_num_queries
):
    for n in range(4):  # the organisation page's count does not grow with its counsel
        enrolled(member(Role.COUNSEL, requiring, username=f"counsel-{n}"))
    sign_in(client)
    client.get(ENROL)
    with django_assert_max_num_queries(6):
        assert client.get(ENROL).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(QR).status_code == 200
    device = TOTPDevice.objects.get(user=counsel)
    enter(client, code(device), path=ENROL)
    with django_assert_max_num_queries(8):
        assert client.get(SECURITY).status_code == 200
    with django_assert_max_num_queries(9):
        page = client.get(ORG_PAGE)
    assert page.status_code == 200 and len(page.context["counsel"]) == 5
    client.logout()
    frozen_clock.shift(dt.timedelta(seconds=30))
    sign_in(client)
    with django_assert_max_num_queries(4):
        assert client.get(VERIFY).status_code == 200
