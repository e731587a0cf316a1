"""Interfaces only: the acknowledge page and the calendar feed."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from .feeds import calendar_feed
from .models import Alert
from .selectors import feed_owner
from .services import alert_acknowledge
from .tokens import InvalidToken, alert_id_from


@require_http_methods(["GET", "POST"])
def alert_ack(request, token: str):
    """GET shows a confirm page; POST acknowledges.

    Not on GET: mail scanners and link previewers fetch links in emails, and an acknowledgement
    they made would silence the escalation of a critical deadline nobody has read.
    """
    try:
        alert_id = alert_id_from(token)
    except InvalidToken:
        return render(request, "notifications/ack_invalid.html", status=400)
    alert = get_object_or_404(Alert.objects.select_related("deadline", "recipient"), pk=alert_id)
    if request.method == "POST":
        alert = alert_acknowledge(alert=alert, by=alert.recipient)
        return render(request, "notifications/ack_done.html", {"alert": alert})
    return render(request, "notifications/ack_confirm.html", {"alert": alert, "token": token})


def ical_feed(request, token: str):
    membership = feed_owner(token)
    if membership is None:
        raise Http404("No such calendar.")
    body = calendar_feed(membership=membership)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
