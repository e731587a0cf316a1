"""The second step of a sign-in: what a session signed in with the password alone still owes,
and how a code answers it, with the sign-in lock-out (django-axes) counting wrong codes.

- After the password (`user_logged_in`), a user with an authenticator owes a code (VERIFY); a
  counsel whose organisation requires one and who has none owes its set-up (ENROL). The step is
  kept in the session, so pages cost no query to check it (accounts.middleware).
- A wrong code is a failed sign-in for django-axes (`user_login_failed`, per user name and per
  address, like a wrong password). Failures are cleared only when a sign-in is complete
  (AXES_RESET_ON_SUCCESS is off: the password alone must not clear them), so wrong codes and
  wrong passwords add up to one lock-out, and a locked-out user is refused even the right code.
- A session that owes a step lasts PENDING_SECONDS; a right code marks it verified
  (django-otp), with a new session key and the usual lifetime.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django_otp import login as otp_login

from . import two_factor

SESSION_KEY = "second_step"
VERIFY = "verify"
ENROL = "enrol"
# A session signed in with the password alone ends after this long without the second step.
PENDING_SECONDS = 15 * 60


def step_after_password(user) -> str | None:
    if two_factor.has_second_factor(user):
        return VERIFY
    if two_factor.required_for(user):
        return ENROL
    return None


def on_password_sign_in(request, user) -> None:
    """`user_logged_in`: note the step still owed (for a short while), or (none owed) the
    sign-in is complete."""
    if recheck(request, user) is not None:
        request.session.set_expiry(PENDING_SECONDS)


def owe(request, step: str | None) -> None:
    if step is not None:
        request.session[SESSION_KEY] = step


def recheck(request, user) -> str | None:
    """The step owed, found from the user's devices and organisation (after the password, or
    when an operator reset the factor while the code was due): noted in the session, or, when
    none is owed, the sign-in is complete."""
    step = step_after_password(user)
    if step is None:
        request.session.pop(SESSION_KEY, None)
        request.session.set_expiry(None)
        clear_failures(request, user)
    else:
        owe(request, step)
    return step


def owed(request) -> str | None:
    """The step this session still owes: VERIFY, ENROL or None."""
    return request.session.get(SESSION_KEY)


def clear_failures(request, user) -> None:
    """What AXES_RESET_ON_SUCCESS would do, at the end of a complete sign-in."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(
        request, get_credentials(user.get_username())
    )


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, get_credentials(user.get_username()))


def code_failed(request, user) -> bool:
    """Count a wrong code as a failed sign-in; True when it locks the user (or address) out,
    in which case the half-signed-in session ends."""
    user_login_failed.send(
        sender=__name__, credentials=get_credentials(user.get_username()), request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


def complete(request, user, device) -> None:
    """The second factor is given: the session is verified (under a new key) and complete."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    request.session.set_expiry(None)  # the usual lifetime from now on
    clear_failures(request, user)
