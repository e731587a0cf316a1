"""Real codes for tests, computed the way an authenticator app does (django_otp.oath)."""

import time

from django_otp.oath import TOTP

from accounts import two_factor


def code(device, steps: int = 0) -> str:
    """The device's code now, or `steps` 30-second steps later (a code once used is refused,
    so a second sign-in in the same step takes the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user):
    """`user` with a confirmed authenticator; returns (device, backup codes)."""
    device = two_factor.enrol_start(user)
    return two_factor.enrol_confirm(user, code(device))
