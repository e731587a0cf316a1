"""Load the user's membership once per request and show timestamps in their time zone; keep a
session that still owes its second factor on the pages that take it."""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import second_step, two_factor
from .models import Membership


class MembershipTimeZoneMiddleware:
    """One query gives the membership and its organisation (cached on the user for the views,
    selectors and templates); timestamps then render in the member's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = None
        request.membership = None
        if user is not None and user.is_authenticated:
            membership = (
                Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
            )
            request.membership = membership
            if membership is not None:
                user.membership = membership
                try:
                    zone = ZoneInfo(membership.time_zone)
                except (ZoneInfoNotFoundError, ValueError):
                    zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


# The pages a session that owes a step may still open (signing in again or out, the language).
ANY_STEP = {"login", "logout", "notifications:language", "healthz"}
STEP_PAGES = {
    second_step.VERIFY: "accounts:two-factor-verify",
    second_step.ENROL: "accounts:two-factor-enrol",
}
OPEN_TO = {
    second_step.VERIFY: ANY_STEP | {"accounts:two-factor-verify"},
    second_step.ENROL: ANY_STEP | {"accounts:two-factor-enrol", "accounts:two-factor-qr"},
}


def _carries_api_token(request) -> bool:
    scheme = request.headers.get("Authorization", "").split(" ", 1)[0]
    return request.path_info.startswith("/api/") and scheme.lower() == "token"


class TwoFactorMiddleware:
    """A signed-in user who has not given their second factor yet reaches only the code page
    (with an authenticator) or the set-up page (counsel whose organisation requires one):
    every other page, the admin included, leads there, and the API answers 403. The step owed
    is noted in the session at sign-in (no query per page); a counsel whose organisation turned
    the requirement on after they signed in is caught from their membership, already loaded.
    API tokens never carry a session and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.second_step = None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        step = second_step.owed(request)
        if step is None and two_factor.membership_requires(getattr(request, "membership", None)):
            step = second_step.step_after_password(user)
            second_step.owe(request, step)  # the step's own page reads it from the session
        if step is None:
            return None
        request.second_step = step
        if _carries_api_token(request):
            return None  # the token decides who this is (DRF authenticates it before sessions)
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_TO[step]:
            return None
        return self._elsewhere(request, step)

    @staticmethod
    def _elsewhere(request, step):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Finish signing in with your second factor first.")}, status=403
            )
        target = f"{reverse(STEP_PAGES[step])}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
