"""Who may see and do what on the workspace pages.

Every page needs a log-in and a membership; objects are looked up inside the member's
organisation only (another organisation's object is a 404, like a missing one); a post by a
role that may not make it is refused with 403 whatever the page showed.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.selectors import can_edit, can_verify, can_waive, membership_of, scoped


def member_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if membership_of(request.user) is None:
            raise PermissionDenied("Your account belongs to no organisation.")
        return view(request, *args, **kwargs)

    return wrapper


def scoped_or_404(queryset, user, **lookup):
    return get_object_or_404(scoped(queryset, user), **lookup)


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Your role cannot change legal records.")


def require_waiver(user) -> None:
    if not can_waive(user):
        raise PermissionDenied("Only counsel can waive a deadline.")


def abilities(user) -> dict:
    """Template flags: edit controls are drawn only for the roles that may use them."""
    return {
        "can_edit": can_edit(user),
        "can_waive": can_waive(user),
        "can_verify": can_verify(user),
    }
