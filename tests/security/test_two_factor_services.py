"""The second factor's services: set-up, codes, back-off, removal, reset, the organisation's rule.
Every refusal has its own code (accounts.two_factor)."""

import base64
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role
from tests.factories import UserFactory, member

from .totp import code, enrolled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def refused(code_name, call, *args, **kwargs):
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    assert exc.value.code == code_name, exc.value
    return exc.value


# -- set-up ------------------------------------------------------------------------------------


def test_set_up_keeps_one_secret_until_confirmed(counsel):
    first = two_factor.enrol_start(counsel)
    again = two_factor.enrol_start(counsel)
    assert first.pk == again.pk and first.key == again.key
    assert not first.confirmed
    assert not two_factor.has_second_factor(counsel)


def test_the_secret_as_text_is_the_key_in_base32(counsel):
    device = two_factor.enrol_start(counsel)
    text = two_factor.secret_text(device)
    assert all(len(group) == 4 for group in text.split(" "))
    assert base64.b32decode(text.replace(" ", "")) == device.bin_key


def test_the_qr_code_is_an_svg_without_inline_style(counsel):
    svg = two_factor.qr_svg(two_factor.enrol_start(counsel))
    assert svg.startswith(b"<svg") and b"style=" not in svg and b"<path" in svg


def test_confirm_without_a_set_up_is_refused(counsel):
    refused("no_enrolment", two_factor.enrol_confirm, counsel, "123456")


def test_confirm_with_a_wrong_code_is_refused_and_counts(counsel):
    device = two_factor.enrol_start(counsel)
    wrong = f"{(int(code(device)) + 1) % 1000000:06d}"
    refused("wrong_code", two_factor.enrol_confirm, counsel, wrong)
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1


def test_confirm_with_the_current_code_gives_ten_backup_codes(counsel):
    device, codes = enrolled(counsel)
    assert device.confirmed and two_factor.has_second_factor(counsel)
    assert len(codes) == 10 == len(set(codes))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)


def test_a_second_authenticator_is_refused(counsel):
    enrolled(counsel)
    refused("already_enrolled", two_factor.enrol_start, counsel)
    refused("already_enrolled", two_factor.enrol_confirm, counsel, "123456")


# -- codes at sign-in --------------------------------------------------------------------------


def test_a_code_for_a_user_without_a_second_factor_is_refused(counsel):
    refused("no_device", two_factor.code_verify, counsel, "123456")


def test_the_current_code_is_accepted_once(counsel, frozen_clock):
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    now = code(device)
    assert two_factor.code_verify(counsel, now) == device
    refused("wrong_code", two_factor.code_verify, counsel, now)  # no replay


def test_spaces_in_a_code_do_not_matter(counsel, frozen_clock):
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    typed = code(device)
    assert two_factor.code_verify(counsel, f" {typed[:3]} {typed[3:]} ") == device


def test_a_backup_code_signs_in_once(counsel, frozen_clock):
    _device, codes = enrolled(counsel)
    matched = two_factor.code_verify(counsel, codes[0].upper())
    assert isinstance(matched, StaticDevice)
    assert StaticToken.objects.count() == 9
    frozen_clock.shift(dt.timedelta(seconds=5))
    refused("wrong_code", two_factor.code_verify, counsel, codes[0])


def test_wrong_codes_back_off_and_say_how_long(counsel, frozen_clock):
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    wrong = f"{(int(code(device)) + 1) % 1000000:06d}"
    refused("wrong_code", two_factor.code_verify, counsel, wrong)
    error = refused("throttled", two_factor.code_verify, counsel, code(device))
    assert "wait 1 second before" in error.messages[0]
    frozen_clock.shift(dt.timedelta(seconds=1))
    refused("wrong_code", two_factor.code_verify, counsel, wrong)
    # two failures in a row: the next try waits 2 s, even with the right code
    error = refused("throttled", two_factor.code_verify, counsel, code(device))
    assert "wait 2 seconds before" in error.messages[0]
    frozen_clock.shift(dt.timedelta(seconds=2))
    assert two_factor.code_verify(counsel, code(device)) == device


# -- removal, backup codes, operator reset -----------------------------------------------------


def test_removal_needs_a_valid_code(counsel, frozen_clock):
    device, _codes = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    refused("wrong_code", two_factor.second_factor_remove, counsel, "not-a-code")
    assert two_factor.has_second_factor(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    two_factor.second_factor_remove(counsel, code(device))
    assert not TOTPDevice.objects.filter(user=counsel).exists()
    assert not StaticDevice.objects.filter(user=counsel).exists()


def test_new_backup_codes_replace_the_old_ones(counsel, frozen_clock):
    device, old = enrolled(counsel)
    frozen_clock.shift(dt.timedelta(seconds=30))
    refused("wrong_code", two_factor.backup_codes_replace, counsel, "000000")
    frozen_clock.shift(dt.timedelta(seconds=30))
    new = two_factor.backup_codes_replace(counsel, code(device))
    assert set(new).isdisjoint(old)
    refused("wrong_code", two_factor.code_verify, counsel, old[1])
    frozen_clock.shift(dt.timedelta(seconds=5))
    assert isinstance(two_factor.code_verify(counsel, new[1]), StaticDevice)


def test_the_operator_reset_removes_everything(counsel, paralegal):
    enrolled(counsel)
    two_factor.enrol_start(paralegal)  # a set-up in progress goes too
    assert two_factor.second_factor_reset(counsel) == 2
    assert two_factor.second_factor_reset(paralegal) == 1
    assert two_factor.second_factor_reset(paralegal) == 0
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()


def test_the_reset_command(counsel, capsys):
    enrolled(counsel)
    call_command("two_factor_reset", "counsel")
    assert "second factor of counsel is reset" in capsys.readouterr().out
    assert not two_factor.has_second_factor(counsel)
    call_command("two_factor_reset", "counsel")
    assert "had no second factor" in capsys.readouterr().out


def test_the_reset_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user named 'nobody': nothing was reset"):
        call_command("two_factor_reset", "nobody")


# -- the organisation's rule -------------------------------------------------------------------


def test_the_rule_binds_counsel_only(org, counsel, paralegal):
    org.require_two_factor = True
    org.save()
    assert two_factor.required_for(counsel)
    assert not two_factor.required_for(paralegal)


@pytest.mark.parametrize("role", [Role.PARALEGAL, Role.MANAGER, Role.VIEWER])
def test_only_counsel_change_the_rule(org, role):
    actor = member(role, org)
    with pytest.raises(PermissionDenied):
        two_factor.organisation_two_factor_set(organisation=org, actor=actor, required=False)


def test_counsel_of_another_organisation_cannot_change_it(org, outsider):
    enrolled(outsider)
    with pytest.raises(PermissionDenied):
        two_factor.organisation_two_factor_set(organisation=org, actor=outsider, required=True)
    org.refresh_from_db()
    assert not org.require_two_factor


def test_counsel_set_up_their_own_factor_before_requiring_it(org, counsel):
    refused(
        "own_factor_first",
        two_factor.organisation_two_factor_set,
        organisation=org,
        actor=counsel,
        required=True,
    )
    org.refresh_from_db()
    assert not org.require_two_factor and org.history.count() == 1  # only its creation


def test_the_change_is_in_the_organisations_history(org, counsel):
    enrolled(counsel)
    two_factor.organisation_two_factor_set(organisation=org, actor=counsel, required=True)
    two_factor.organisation_two_factor_set(organisation=org, actor=counsel, required=True)
    org.refresh_from_db()
    assert org.require_two_factor
    latest = org.history.order_by("-history_id").first()
    assert org.history.count() == 2  # created, then changed once (the repeat changes nothing)
    assert latest.history_user == counsel and latest.require_two_factor
    # turning it off needs no factor of one's own
    two_factor.second_factor_reset(counsel)
    two_factor.organisation_two_factor_set(organisation=org, actor=counsel, required=False)
    org.refresh_from_db()
    assert not org.require_two_factor


def test_an_operator_may_set_it_for_any_organisation(org):
    operator = UserFactory(username="op", is_superuser=True, is_staff=True)
    two_factor.organisation_two_factor_set(organisation=org, actor=operator, required=True)
    org.refresh_from_db()
    assert org.require_two_factor


def test_counsel_status_lists_who_has_set_it_up(org, counsel, paralegal):
    other = member(Role.COUNSEL, org, username="second-counsel")
    enrolled(counsel)
    assert two_factor.counsel_status(org) == [(counsel, True), (other, False)]
