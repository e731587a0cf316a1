"""Accounts' own reactions to Django's sign-in signals."""

from . import second_step


def note_second_step(sender, request, user, **kwargs):
    """After the password: a second factor may still be owed (accounts.second_step)."""
    if request is not None and hasattr(request, "session"):
        second_step.on_password_sign_in(request, user)
