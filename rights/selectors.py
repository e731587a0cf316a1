"""Reads of the portfolio, scoped to the user's organisation."""

from django.db.models import Min, Q

from accounts.selectors import scoped

from .models import Right

CHINA_FILING_RULES = ("paris_priority", "pct_national_phase", "pct_national_phase_late")


def foreign_rights_at_risk(*, user):
    """Rights protected abroad whose China filing window is still open: first to file wins."""
    live = Q(deadlines__rule__in=CHINA_FILING_RULES, deadlines__status="open")
    return (
        scoped(Right.objects.exclude(jurisdiction="CN"), user)
        .filter(live)
        .annotate(china_deadline=Min("deadlines__due_date", filter=live))
        .order_by("china_deadline", "id")
    )
