"""Reads for the deadline engine and for the docket, always scoped to one organisation."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Window

from accounts.selectors import scoped
from customs.models import CustomsNotice, Recordal, RecordalChange
from rights.models import Right

from .engine import TimeLeft, time_left
from .facts import ChangeFacts, NoticeFacts, RecordalFacts, RightFacts
from .models import DateMove, Deadline, DeadlineStatus


def right_with_subjects(right_id: int) -> Right:
    """A right with everything its deadlines come from, in four queries."""
    return (
        Right.objects.select_related("cn_counterpart", "organisation")
        .prefetch_related(
            Prefetch(
                "recordals",
                queryset=Recordal.objects.order_by("id").prefetch_related(
                    Prefetch("changes", queryset=RecordalChange.objects.order_by("id")),
                    Prefetch("notices", queryset=CustomsNotice.objects.order_by("id")),
                ),
            )
        )
        .get(pk=right_id)
    )


def right_facts(right: Right, *, new: bool = False) -> RightFacts:
    """The engine's facts of a right. An unsaved right (a form's preview) or a `new` one (just
    imported) has no recordals: nothing is read for them."""
    recordals = (
        ()
        if new or right.pk is None
        else tuple(
            RecordalFacts(
                id=r.id,
                status=r.status,
                applied_on=r.applied_on,
                approved_on=r.approved_on,
                office_valid_until=r.office_valid_until,
                changes=tuple(
                    ChangeFacts(c.id, c.kind, c.occurred_on, c.filed_on) for c in r.changes.all()
                ),
                notices=tuple(
                    NoticeFacts(n.id, n.track, n.served_on, n.responded_on, n.detained_on)
                    for n in r.notices.all()
                ),
            )
            for r in right.recordals.all()
        )
    )
    counterpart = right.cn_counterpart
    return RightFacts(
        id=right.id or 0,
        kind=right.kind,
        jurisdiction=right.jurisdiction,
        status=right.status,
        filing_date=right.filing_date,
        priority_date=right.priority_date,
        publication_date=right.publication_date,
        grant_date=right.grant_date,
        registration_date=right.registration_date,
        office_expiry_date=right.office_expiry_date,
        annuities_paid_through=right.annuities_paid_through,
        renewals=right.renewals,
        cn_counterpart_filed_on=counterpart.filing_date if counterpart else None,
        recordals=recordals,
    )


def deadline_list(*, user, status: str | None = None):
    qs = scoped(Deadline.objects.all(), user).select_related(
        "right", "recordal", "customs_notice", "guarantee", "responsible"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_date", "id")


def deadlines_open_between(*, user, start, end):
    """The docket for a date range: an indexed range read on (organisation, due_date)."""
    return deadline_list(user=user, status=DeadlineStatus.OPEN).filter(
        due_date__gte=start, due_date__lte=end
    )


def deadline_time_left(deadline: Deadline, *, today) -> TimeLeft:
    """Days left to act (to the act-by date) and to the legal date: the one figure emails,
    pages and the API show, so that "days left" always agrees with the act-by date."""
    return time_left(act_by=deadline.act_by, due=deadline.due_date, today=today)


MOVES_SHOWN_FOR = dt.timedelta(days=7)


def recent_calendar_moves(*, user, now, mine: bool = False, limit: int = 20):
    """Dates moved by a calendar change in the last week, per calendar year (the dashboard).

    Returns [(year, moves, total)], newest year first; one indexed read over
    (organisation, created_at).
    """
    qs = scoped(DateMove.objects.all(), user).filter(created_at__gte=now - MOVES_SHOWN_FOR)
    if mine:
        qs = qs.filter(responsible=user)
    rows = list(
        qs.select_related("deadline")
        .annotate(year_total=Window(Count("id"), partition_by="year"))
        .order_by("-year", "new_due", "id")[:limit]
    )
    years: dict[int, tuple[list, int]] = {}
    for row in rows:
        years.setdefault(row.year, ([], row.year_total))[0].append(row)
    return [(year, moves, total) for year, (moves, total) in years.items()]


@dataclass(frozen=True)
class AnnuityPayment:
    """What paying an annuity on a given day costs (PIR art. 115), from the deadline's basis."""

    year: int
    fee: Decimal
    percent: int  # surcharge, % of the annuity
    surcharge: Decimal
    total: Decimal
    currency: str
    tier_ends: dt.date  # the same amount is due if paid up to this day
    source: str


def annuity_payment(deadline: Deadline, *, paid_on: dt.date) -> AnnuityPayment | None:
    """The annuity fee and the surcharge for the month in which it would be paid (`paid_on`,
    usually today). None for a deadline that is not an annuity, or once the grace has ended."""
    info = (deadline.basis or {}).get("annuity")
    if not info:
        return None
    for tier in info["surcharges"]:
        ends = dt.date.fromisoformat(tier["to"])
        if paid_on <= ends:
            return AnnuityPayment(
                year=info["year"],
                fee=Decimal(info["fee"]),
                percent=tier["percent"],
                surcharge=Decimal(tier["surcharge"]),
                total=Decimal(tier["total"]),
                currency=info["currency"],
                tier_ends=ends,
                source=info["source"],
            )
    return None
