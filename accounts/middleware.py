"""Load the user's membership once per request and show timestamps in their time zone."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from .models import Membership


class MembershipTimeZoneMiddleware:
    """One query gives the membership and its organisation (cached on the user for the views,
    selectors and templates); timestamps then render in the member's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            membership = (
                Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
            )
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
