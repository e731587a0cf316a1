"""The dashboard's reads: each section is one indexed query with its rows and its true total.

Everything is scoped to the member's organisation (and to deadlines they are responsible for
when "mine" is chosen). Counts per bucket and per month come from one aggregate over an
indexed due-date range.
"""

import datetime as dt
from itertools import pairwise
from typing import NamedTuple

from django.db.models import Count, Q, Window

from accounts.selectors import scoped
from customs.models import Recordal, RecordalStatus
from deadlines.matters import MATTER_RELATED
from deadlines.models import Deadline, DeadlineStatus
from notifications.models import AlertKind
from notifications.selectors import failed_alerts
from rights.models import Kind, Right, Status
from rights.selectors import CHINA_FILING_RULES

OVERDUE_LOOKBACK_DAYS = 180  # older missed dates live in the docket report, not on the dashboard
NOTICE_RULE = "customs_notice_response"
SECTION_ROWS = 10
UPCOMING_ROWS = 15
LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
SUBJECTS = (*MATTER_RELATED, "responsible")  # what naming each row's matter reads


class Section(NamedTuple):
    rows: list
    total: int


def _with_total(queryset, limit: int) -> Section:
    """The first `limit` rows and the total in one query (a window count over the filter)."""
    rows = list(queryset.annotate(section_total=Window(Count("id")))[:limit])
    return Section(rows, rows[0].section_total if rows else 0)


def deadlines_for(*, user, mine: bool = False):
    qs = scoped(Deadline.objects.all(), user)
    return qs.filter(responsible=user) if mine else qs


def month_starts(today: dt.date, count: int = 12) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for i in range(count + 1):
        year, month = divmod(first.month - 1 + i, 12)
        starts.append(dt.date(first.year + year, month + 1, 1))
    return starts


class Buckets(NamedTuple):
    overdue: int
    today: int
    week: int
    days30: int
    days90: int
    months: list[tuple[dt.date, int]]


def deadline_buckets(*, user, today: dt.date, mine: bool = False) -> Buckets:
    """Live deadlines per triage bucket and open ones per month for 12 months, one query.

    The buckets are cumulative (the 30-day count includes this week) so each answers "how
    much is due by then"; overdue counts the last OVERDUE_LOOKBACK_DAYS only.
    """
    starts = month_starts(today)
    since = today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    open_ = Q(status=DeadlineStatus.OPEN)
    figures = {
        "overdue": Count("id", filter=Q(due_date__lt=today)),
        "today": Count("id", filter=open_ & Q(due_date=today)),
        "week": Count(
            "id", filter=open_ & Q(due_date__gte=today, due_date__lt=today + dt.timedelta(days=7))
        ),
        "days30": Count(
            "id", filter=open_ & Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=30))
        ),
        "days90": Count(
            "id", filter=open_ & Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=90))
        ),
    }
    for i, (start, end) in enumerate(pairwise(starts)):
        figures[f"m{i}"] = Count(
            "id", filter=open_ & Q(due_date__gte=max(start, today), due_date__lt=end)
        )
    row = (
        deadlines_for(user=user, mine=mine)
        .filter(status__in=LIVE, due_date__gte=since, due_date__lt=starts[-1])
        .aggregate(**figures)
    )
    return Buckets(
        overdue=row["overdue"],
        today=row["today"],
        week=row["week"],
        days30=row["days30"],
        days90=row["days90"],
        months=[(start, row[f"m{i}"]) for i, start in enumerate(starts[:-1])],
    )


def overdue(*, user, today: dt.date, mine: bool = False) -> Section:
    since = today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)
    qs = deadlines_for(user=user, mine=mine).filter(
        status__in=LIVE, due_date__gte=since, due_date__lt=today
    )
    return _with_total(qs.select_related(*SUBJECTS).order_by("-due_date", "id"), SECTION_ROWS)


def upcoming(*, user, today: dt.date, mine: bool = False, days: int = 90) -> Section:
    qs = deadlines_for(user=user, mine=mine).filter(
        status=DeadlineStatus.OPEN,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=days),
    )
    return _with_total(qs.select_related(*SUBJECTS).order_by("due_date", "id"), UPCOMING_ROWS)


def notice_clocks(*, user, today: dt.date, mine: bool = False) -> Section:
    """Open customs-notice answers, most urgent first (the answer deadline rows carry the
    working days counted, so the countdown needs no calendar read)."""
    qs = deadlines_for(user=user, mine=mine).filter(
        rule=NOTICE_RULE,
        status__in=LIVE,
        due_date__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
        customs_notice__status="open",
    )
    return _with_total(
        qs.select_related("customs_notice", "recordal", "right", "responsible").order_by(
            "due_date", "id"
        ),
        20,
    )


def recordals_due(*, user, today: dt.date, mine: bool = False, ahead_days: int = 30) -> Section:
    """Active recordals in their renewal window, or whose window opens within `ahead_days`."""
    qs = scoped(Recordal.objects.all(), user).filter(
        status=RecordalStatus.ACTIVE,
        valid_until__gte=today,
        renewal_window_opens__lte=today + dt.timedelta(days=ahead_days),
    )
    if mine:
        qs = qs.filter(right__responsible=user)
    return _with_total(qs.select_related("right").order_by("valid_until", "id"), SECTION_ROWS)


def _rule_rows(*, user, rules, mine: bool, statuses=LIVE) -> Section:
    qs = deadlines_for(user=user, mine=mine).filter(rule__in=rules, status__in=statuses)
    return _with_total(qs.select_related("right").order_by("due_date", "id"), SECTION_ROWS)


def unrecorded_rights(*, user, mine: bool = False) -> Section:
    """Granted or registered CN rights with no customs recordal: the engine keeps a live
    'record with customs' deadline for each until one is applied for."""
    return _rule_rows(user=user, rules=["customs_record"], mine=mine)


def china_windows_closing(*, user, mine: bool = False) -> Section:
    """Foreign rights whose Paris-priority or PCT window for China is still open."""
    return _rule_rows(
        user=user, rules=list(CHINA_FILING_RULES), mine=mine, statuses=[DeadlineStatus.OPEN]
    )


def provisional_dates(*, user, mine: bool = False) -> Section:
    qs = deadlines_for(user=user, mine=mine).filter(status=DeadlineStatus.OPEN, provisional=True)
    return _with_total(qs.select_related("right").order_by("due_date", "id"), SECTION_ROWS)


def undelivered_alerts(*, user) -> Section:
    org = getattr(getattr(user, "membership", None), "organisation_id", None)
    if org is None:
        return Section([], 0)
    qs = (
        failed_alerts(organisation_id=org)
        .exclude(kind=AlertKind.DIGEST)
        .select_related("recipient", "deadline", "deadline__right")
        .order_by("-updated_at", "id")
    )
    return _with_total(qs, SECTION_ROWS)


def rights_by_kind_and_status(*, user, mine: bool = False) -> dict[str, dict[str, int]]:
    """{kind: {status: count}} over the (organisation, kind, status) index."""
    qs = scoped(Right.objects.all(), user)
    if mine:
        qs = qs.filter(responsible=user)
    table: dict[str, dict[str, int]] = {k: {} for k in Kind.values}
    for row in qs.order_by().values("kind", "status").annotate(n=Count("id")):
        table.setdefault(row["kind"], {})[row["status"]] = row["n"]
    return {k: v for k, v in table.items() if v}


STATUS_ORDER = list(Status.values)
