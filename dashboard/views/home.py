"""The dashboard: what needs counsel's attention today, and the portfolio at a glance."""

import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.clock import now_utc, today_legal
from deadlines.countdown import countdown
from deadlines.selectors import recent_calendar_moves
from rights.models import Kind, Status

from .. import charts, selectors
from ..access import abilities, member_required


def _mine(request) -> bool:
    return request.GET.get("scope") == "mine"


def _bucket_links(figures: dict, today: dt.date, user, mine: bool) -> list[dict]:
    """Each count links to the docket report filtered to exactly the rows it counts."""
    day = dt.timedelta(days=1)
    since = today - dt.timedelta(days=selectors.OVERDUE_LOOKBACK_DAYS)
    spec = [
        ("overdue", _("Overdue"), "live", since, today - day),
        ("today", _("Due today"), "open", today, today),
        ("week", _("Next 7 days"), "open", today, today + 6 * day),
        ("days30", _("Next 30 days"), "open", today, today + 30 * day),
        ("days90", _("Next 90 days"), "open", today, today + 90 * day),
    ]
    docket = reverse("dashboard:docket")
    links = []
    for key, label, status, start, end in spec:
        params = {"status": status, "due_after": start.isoformat(), "due_before": end.isoformat()}
        if mine:
            params["responsible"] = user.pk
        links.append(
            {
                "key": key,
                "label": label,
                "count": figures[key],
                "url": f"{docket}?{urlencode(params)}",
            }
        )
    return links


@member_required
def home(request):
    user, today, mine = request.user, today_legal(), _mine(request)
    board = selectors.Dashboard(user=user, today=today, mine=mine)
    figures = board.figures()
    sections = board.rows(figures)
    now = now_utc()
    clocks = [
        (
            d,
            countdown(
                due_date=d.due_date, counted_days=(d.basis or {}).get("counted", []), now=now
            ),
        )
        for d in sections["notices"].rows
    ]
    kinds = charts.stacked_rows(
        selectors.rights_by_kind_and_status(user=user, mine=mine),
        dict(Kind.choices),
        dict(Status.choices),
    )
    context = {
        "today": today,
        "mine": mine,
        "bucket_links": _bucket_links(figures, today, user, mine),
        **sections,
        "clocks": clocks,
        "month_chart": charts.column_chart(figures["months"]),  # labels: the months' first days
        "calendar_moves": recent_calendar_moves(user=user, now=now, mine=mine),
        "kind_chart": kinds,
        "alerts_retrying": figures["alerts_retrying"],
        "webhooks_retrying": figures["webhooks_retrying"],
        "webhooks_failed": figures["webhooks_failed"],
        "outbox_error": board.outbox_last_error(figures),
        "lookback_days": selectors.OVERDUE_LOOKBACK_DAYS,
        **abilities(user),
    }
    return render(request, "dashboard/home.html", context)
