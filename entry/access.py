"""Entry pages are for the roles that enter legal facts: a viewer or manager gets 403 on every
one of them, page or post; objects are looked up inside the user's organisation (404 outside)."""

from functools import wraps

from accounts.selectors import organisation_of
from dashboard.access import member_required, require_editor


def editor_required(view):
    """Log-in, a membership and an editing role; the organisation is handed to the view."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_editor(request.user)
        return view(request, *args, organisation=organisation_of(request.user), **kwargs)

    return wrapper
