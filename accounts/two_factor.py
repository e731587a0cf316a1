"""The second factor: an authenticator app (TOTP, django-otp) and one-time backup codes.

Services and selectors only: no request, no session (accounts.second_step joins these to a
sign-in). Every refusal is a ValidationError with a code and a translated message:

- `no_enrolment`, `already_enrolled`: setting up a device that is not started, or a second one;
- `no_device`: a code for a user who has no second factor;
- `wrong_code`: the code matches nothing (the device's back-off grows: django-otp throttling);
- `throttled`: a code tried before the back-off after the last wrong one has passed;
- `own_factor_first`: the organisation's rule turned on by counsel who have no second factor
  themselves (anyone but its counsel or an operator: PermissionDenied).

Wrong codes are checked outside any surrounding transaction's rollback: the back-off they add
is saved even though the call fails.

Authenticator codes are 6 digits; backup codes 8 letters and digits, each good once. A code
already used (the same 30-second step, or an earlier one) is refused like a wrong one.
"""

import base64
import io
import math
import re
from dataclasses import dataclass

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _, ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.clock import now_utc
from core.models import set_history_user

from .models import Membership, Organisation, Role

BACKUP_CODES = 10
DEVICE_NAME = "authenticator"
BACKUP_NAME = "backup"
TOTP_CODE = re.compile(r"\d{6}")
SEPARATORS = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class Status:
    """One user's second factor, as their security page shows it."""

    enrolled: bool
    required: bool  # by their organisation (counsel only)
    confirmed_at: object  # when the authenticator was set up (None when not enrolled)
    backup_codes_left: int


# -- selectors ---------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user) -> bool:
    """Counsel of an organisation that requires a second factor."""
    return Membership.objects.filter(
        user_id=user.pk, role=Role.COUNSEL, organisation__require_two_factor=True
    ).exists()


def membership_requires(membership: Membership | None) -> bool:
    """The same rule on a membership already loaded (no query)."""
    return (
        membership is not None
        and membership.role == Role.COUNSEL
        and membership.organisation.require_two_factor
    )


def status_of(user) -> Status:
    device = confirmed_device(user)
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return Status(
        enrolled=device is not None,
        required=required_for(user),
        confirmed_at=device.created_at if device else None,
        backup_codes_left=left if device else 0,
    )


def counsel_status(organisation) -> list[tuple[object, bool]]:
    """(user, has a second factor) for each counsel of the organisation, by user name."""
    members = list(
        Membership.objects.filter(organisation=organisation, role=Role.COUNSEL)
        .select_related("user")
        .order_by("user__username")
    )
    enrolled = set(
        TOTPDevice.objects.filter(
            user_id__in=[m.user_id for m in members], confirmed=True
        ).values_list("user_id", flat=True)
    )
    return [(m.user, m.user_id in enrolled) for m in members]


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The device's otpauth:// address as a QR code (SVG, drawn here: no external service)."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", scale=5, border=4, xmldecl=False, dark="#000", light="#fff"
    )
    return out.getvalue()


# -- services ----------------------------------------------------------------------------------


def _wait_error(locked_until) -> ValidationError:
    seconds = max(1, math.ceil((locked_until - now_utc()).total_seconds()))
    return ValidationError(
        ngettext(
            "Too many wrong codes: wait %(seconds)s second before trying again.",
            "Too many wrong codes: wait %(seconds)s seconds before trying again.",
            seconds,
        )
        % {"seconds": seconds},
        code="throttled",
    )


def _wrong_code() -> ValidationError:
    return ValidationError(
        _(
            "That code is not right. Enter the 6-digit code your authenticator app shows now, "
            "or one of your backup codes."
        ),
        code="wrong_code",
    )


def _check(device, token: str) -> bool:
    """The device's own verification, with django-otp's back-off: a refusal while throttled
    says how long to wait."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            raise _wait_error(info["locked_until"])
        raise _wrong_code()
    return bool(device.verify_token(token))


def _normalised(token: str) -> str:
    return SEPARATORS.sub("", token or "").lower()


def code_verify(user, token: str):
    """The device that accepts `token` (an authenticator code, or a backup code, which is then
    used up); refused with `no_device`, `throttled` or `wrong_code`. Each wrong code lengthens
    that device's back-off."""
    code = _normalised(token)
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is None:
            raise ValidationError(
                _("You have no second factor set up."),
                code="no_device",
            )
        if TOTP_CODE.fullmatch(code):
            device = totp
        else:
            device = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if device is None:
                raise _wrong_code()
        accepted = _check(device, code)
    # Outside the transaction: a wrong code's back-off is saved, not rolled back.
    if not accepted:
        raise _wrong_code()
    return device


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrol_start(user) -> TOTPDevice:
    """The authenticator being set up (a new secret the first time; the same one until it is
    confirmed, so the page can be reloaded). Refused when one is set up already."""
    if has_second_factor(user):
        raise ValidationError(
            _("You already have an authenticator app set up. Remove it first to set up another."),
            code="already_enrolled",
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def enrol_confirm(user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code it shows now; returns it and the new backup codes
    (shown once: only the codes' own rows keep them, to be used up)."""
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(
                _("You already have an authenticator app set up."),
                code="already_enrolled",
            )
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ValidationError(
                _("There is no set-up in progress: start again."),
                code="no_enrolment",
            )
        accepted = _check(device, _normalised(token))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return device, _new_backup_codes(user)
    # Outside the transaction: a wrong code's back-off is saved, not rolled back.
    raise ValidationError(
        _(
            "That code is not right. Check that the app was given this page's key and enter "
            "the 6-digit code it shows now."
        ),
        code="wrong_code",
    )


def backup_codes_replace(user, token: str) -> list[str]:
    """New backup codes (the old ones stop), after a valid code."""
    code_verify(user, token)
    with transaction.atomic():
        return _new_backup_codes(user)


def second_factor_remove(user, token: str) -> None:
    """The user removes their own second factor, after a valid code."""
    code_verify(user, token)
    with transaction.atomic():
        second_factor_reset(user)


def second_factor_reset(user) -> int:
    """An operator's reset (or the user's removal): every device of the user goes; their next
    sign-in is with the password alone (or sets up a new one, if required). Returns how many
    devices were removed."""
    totp, _kinds = TOTPDevice.objects.filter(user=user).delete()
    static, _kinds = StaticDevice.objects.filter(user=user).delete()
    return int(bool(totp)) + int(bool(static))


def organisation_two_factor_set(*, organisation: Organisation, actor, required: bool):
    """Counsel of the organisation (or an operator) turn the requirement on or off; recorded in
    the organisation's history. Counsel turning it on must have a second factor themselves."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        if not Membership.objects.filter(
            user_id=actor.pk, organisation=organisation, role=Role.COUNSEL
        ).exists():
            raise PermissionDenied(_("Only the organisation's counsel may change this setting."))
        if required and not has_second_factor(actor):
            raise ValidationError(
                _("Set up your own second factor before requiring one of all counsel."),
                code="own_factor_first",
            )
    if organisation.require_two_factor == required:
        return organisation
    organisation.require_two_factor = required
    set_history_user(organisation, actor)
    organisation.save(update_fields=["require_two_factor", "updated_at"])
    return organisation
