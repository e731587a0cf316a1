import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import membership_of
from core.clock import today_legal
from deadlines.models import DeadlineStatus
from deadlines.selectors import deadline_list, deadlines_open_between
from rights.selectors import foreign_rights_at_risk


@login_required
def home(request):
    """Landing page until the counsel dashboard exists: what is overdue and due soon."""
    today = today_legal()
    membership = membership_of(request.user)
    context = {
        "membership": membership,
        "today": today,
        "missed": deadline_list(user=request.user, status=DeadlineStatus.MISSED)[:20],
        "upcoming": deadlines_open_between(
            user=request.user, start=today, end=today + dt.timedelta(days=90)
        )[:50],
        "at_risk": foreign_rights_at_risk(user=request.user)[:20],
    }
    return render(request, "home.html", context)
