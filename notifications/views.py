"""Interfaces only: the acknowledge page, the calendar feed and a user's preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import organisation_of
from core.clock import now_utc

from .emails import ALERT_RELATED, deadline_context
from .feeds import calendar_feed
from .forms import PreferenceForm
from .language import remember_language
from .models import AckChannel, Alert
from .reader import reading_as
from .selectors import feed_owner, gets_digest, preference_of
from .services import alert_acknowledge, feed_token_rotate, preference_update
from .tokens import InvalidToken, alert_id_from


@require_http_methods(["GET", "POST"])
def alert_ack(request, token: str):
    """GET shows a confirm page; POST acknowledges.

    Not on GET: mail scanners and link previewers fetch links in emails, and an acknowledgement
    they made would silence the escalation of a critical deadline nobody has read.
    A signed-in member acknowledges as themselves; a member of another organisation is refused
    like a missing alert; without a session the link acknowledges, recorded as the link's.
    """
    try:
        alert_id = alert_id_from(token)
    except InvalidToken:
        return render(request, "notifications/ack_invalid.html", status=400)
    alert = get_object_or_404(Alert.objects.select_related(*ALERT_RELATED), pk=alert_id)
    signed_in = request.user.is_authenticated
    if signed_in and not request.user.is_superuser:
        org = organisation_of(request.user)
        if org is None or org.id != alert.organisation_id:
            raise Http404("No such alert.")
    if request.method == "POST":
        alert = alert_acknowledge(
            alert=alert,
            by=request.user if signed_in else None,
            via=AckChannel.SIGNED_IN if signed_in else AckChannel.EMAIL_LINK,
        )
        template = "notifications/ack_done.html"
    else:
        template = "notifications/ack_confirm.html"
    with reading_as(alert.recipient):  # the page the email's reader opens, as they read it
        context = {"alert": alert, "token": token}
        if alert.deadline_id:
            context.update(deadline_context(alert.deadline, now_utc()))
        return render(request, template, context)


def ical_feed(request, token: str, mine: bool = False):
    """The organisation's deadlines, or with `mine` the feed owner's own ("my deadlines")."""
    membership = feed_owner(token)
    if membership is None:
        raise Http404("No such calendar.")
    body = calendar_feed(membership=membership, mine=mine)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = "my-deadlines.ics" if mine else "deadlines.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def preferences(request):
    pref = preference_of(request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={
            "daily_digest": gets_digest(pref, getattr(request.user, "membership", None)),
            "digest_hour": pref.digest_hour,
            "language": pref.language,
            "muted_stages": pref.muted_stages,
            "time_zone": getattr(getattr(request.user, "membership", None), "time_zone", "UTC"),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            preference_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return remember_language(
                redirect("notifications:preferences"), form.cleaned_data["language"]
            )
    feed_urls = {
        name: request.build_absolute_uri(reverse(f"notifications:{name}", args=[pref.feed_token]))
        for name in ("ical-feed", "ical-feed-mine")
    }
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "feed_url": feed_urls["ical-feed"],
            "my_feed_url": feed_urls["ical-feed-mine"],
        },
    )


@login_required
@require_POST
def feed_rotate(request):
    """A new calendar-feed address, e.g. after the old one was shared by mistake."""
    feed_token_rotate(user=request.user)
    messages.success(
        request, _("Your calendar feed has a new address; the old one no longer works.")
    )
    return redirect("notifications:preferences")
