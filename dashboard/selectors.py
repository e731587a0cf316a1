"""The dashboard's reads: each section's first rows in one indexed query, all the counts in one
more (a scalar sub-select per figure, each an index-only range count).

Everything is scoped to the member's organisation (and to deadlines they are responsible for
when "mine" is chosen). A window count beside the rows would be one query fewer, but it makes
PostgreSQL join every matching row before the LIMIT: 1-8 s at a million deadlines.
"""

import datetime as dt
from itertools import pairwise
from typing import Any, NamedTuple

from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Organisation
from accounts.selectors import scoped
from customs.models import Recordal, RecordalStatus
from deadlines.matters import MATTER_RELATED
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import TWO_PERSON_RULES
from notifications.models import AlertKind
from notifications.selectors import failed_alerts, retrying_alerts
from rights.models import Kind, Right
from rights.selectors import CHINA_FILING_RULES
from webhooks.selectors import failed_deliveries, retrying_deliveries

OVERDUE_LOOKBACK_DAYS = 180  # older missed dates live in the docket report, not on the dashboard
NOTICE_RULE = "customs_notice_response"
SECTION_ROWS = 10
UPCOMING_ROWS = 15
NOTICE_ROWS = 20
LIVE = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
SUBJECTS = (*MATTER_RELATED, "responsible")  # what naming each row's matter reads


class Section(NamedTuple):
    rows: list
    total: int


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


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Dashboard:
    """The sections of one member's dashboard on one legal day."""

    def __init__(self, *, user, today: dt.date, mine: bool = False):
        self.user, self.today, self.mine = user, today, mine
        self.deadlines = deadlines_for(user=user, mine=mine)
        self.live = self.deadlines.filter(status__in=LIVE)
        self.open = self.deadlines.filter(status=DeadlineStatus.OPEN)
        self.since = today - _days(OVERDUE_LOOKBACK_DAYS)

    # --- the sections, unsliced (counted by figures(), listed by rows()) -------------------

    def overdue(self):
        return self.live.filter(due_date__gte=self.since, due_date__lt=self.today)

    def upcoming(self, days: int = 90):
        return self.open.filter(due_date__gte=self.today, due_date__lte=self.today + _days(days))

    def notices(self):
        """Open customs-notice answers (their rows carry the working days counted, so the
        countdown needs no calendar read)."""
        return self.live.filter(
            rule=NOTICE_RULE, due_date__gte=self.since, customs_notice__status="open"
        )

    def recordals(self, ahead_days: int = 30):
        """Active recordals in their renewal window, or whose window opens within `ahead_days`."""
        qs = scoped(Recordal.objects.all(), self.user).filter(
            status=RecordalStatus.ACTIVE,
            valid_until__gte=self.today,
            renewal_window_opens__lte=self.today + _days(ahead_days),
        )
        return qs.filter(right__responsible=self.user) if self.mine else qs

    def unrecorded(self):
        """Granted or registered CN rights with no customs recordal: the engine keeps a live
        'record with customs' deadline for each until one is applied for."""
        return self.live.filter(rule="customs_record")

    def windows(self):
        """Foreign rights whose Paris-priority or PCT window for China is still open."""
        return self.open.filter(rule__in=CHINA_FILING_RULES)

    def provisional(self):
        return self.open.filter(provisional=True)

    def unverified(self):
        """Live rights-ending dates no second person has verified (two-person verification)."""
        return self.live.filter(rule__in=TWO_PERSON_RULES, verified_at__isnull=True)

    def failed(self):
        org = self.user.membership.organisation_id
        return failed_alerts(organisation_id=org).exclude(kind=AlertKind.DIGEST)

    def outbox_trouble(self) -> dict:
        """What else the outbox could not send yet: alerts and webhooks waiting for a retry after
        an error, webhooks that gave up (counted with the other figures, in one statement)."""
        org = self.user.membership.organisation_id
        return {
            "alerts_retrying": retrying_alerts(organisation_id=org),
            "webhooks_retrying": retrying_deliveries(organisation_id=org),
            "webhooks_failed": failed_deliveries(organisation_id=org),
        }

    def outbox_last_error(self, figures: dict) -> str:
        """The latest error behind the figures above (read only when there is one)."""
        if not (figures["alerts_retrying"] or figures["webhooks_retrying"]):
            return ""
        trouble = self.outbox_trouble()
        rows = [
            trouble[name].order_by("-updated_at").values("updated_at", "last_error").first()
            for name in ("alerts_retrying", "webhooks_retrying")
            if figures[name]
        ]
        return max((r for r in rows if r), key=lambda r: r["updated_at"])["last_error"]

    # --- reads -------------------------------------------------------------------------------

    def figures(self) -> dict:
        """Every count on the page in one statement."""
        day = self.today
        counts = {
            "overdue": self.overdue(),
            "today": self.open.filter(due_date=day),
            "week": self.upcoming(6),
            "days30": self.upcoming(30),
            "days90": self.upcoming(90),
            "notices": self.notices(),
            "recordals": self.recordals(),
            "unrecorded": self.unrecorded(),
            "windows": self.windows(),
            "provisional": self.provisional(),
            "unverified": self.unverified(),
            "failed": self.failed(),
            **self.outbox_trouble(),
        }
        starts = month_starts(day)
        for i, (start, end) in enumerate(pairwise(starts)):
            counts[f"m{i}"] = self.open.filter(due_date__gte=max(start, day), due_date__lt=end)
        org = self.user.membership.organisation_id
        values: dict[str, Any] = dict(
            Organisation.objects.filter(pk=org)
            .values(**{name: _count(qs) for name, qs in counts.items()})
            .get()
        )
        values["months"] = [(start, values.pop(f"m{i}")) for i, start in enumerate(starts[:-1])]
        return values

    def rows(self, figures: dict) -> dict[str, Section]:
        """Each section's first rows, in the order that uses its index."""
        reads = {
            "overdue": (
                self.overdue()
                .select_related(*SUBJECTS)
                .prefetch_related("subject")
                .order_by("-due_date", "-id"),
                SECTION_ROWS,
            ),
            "upcoming": (
                self.upcoming()
                .select_related(*SUBJECTS)
                .prefetch_related("subject")
                .order_by("due_date", "id"),
                UPCOMING_ROWS,
            ),
            "notices": (
                self.notices()
                .select_related("customs_notice", "recordal", "right", "responsible")
                .order_by("due_date", "id"),
                NOTICE_ROWS,
            ),
            "recordals": (
                self.recordals().select_related("right").order_by("valid_until", "id"),
                SECTION_ROWS,
            ),
            "unrecorded": (
                self.unrecorded().select_related("right").order_by("due_date", "id"),
                SECTION_ROWS,
            ),
            "windows": (
                self.windows().select_related("right").order_by("due_date", "id"),
                SECTION_ROWS,
            ),
            "provisional": (
                self.provisional()
                .select_related(*SUBJECTS)
                .prefetch_related("subject")
                .order_by("due_date", "id"),
                SECTION_ROWS,
            ),
            "unverified": (
                self.unverified()
                .select_related(*SUBJECTS)
                .prefetch_related("subject")
                .order_by("due_date", "id"),
                SECTION_ROWS,
            ),
            "failed": (
                self.failed()
                .select_related("recipient", "deadline", "deadline__right")
                .order_by("-updated_at", "-id"),
                SECTION_ROWS,
            ),
        }
        totals = {**figures, "upcoming": figures["days90"]}
        return {
            name: Section(list(qs[:limit]), totals[name]) for name, (qs, limit) in reads.items()
        }


def _count(queryset):
    """A scalar sub-select counting `queryset` (0 when empty)."""
    grouped = queryset.order_by().values("organisation_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(grouped[:1]), 0)


def rights_by_kind_and_status(*, user, mine: bool = False) -> dict[str, dict[str, int]]:
    """{kind: {status: count}} over the (organisation, kind, status) index."""
    qs = scoped(Right.objects.all(), user)
    if mine:
        qs = qs.filter(responsible=user)
    table: dict[str, dict[str, int]] = {k: {} for k in Kind.values}
    for row in qs.order_by().values("kind", "status").annotate(n=Count("*")):
        table.setdefault(row["kind"], {})[row["status"]] = row["n"]
    return {k: v for k, v in table.items() if v}
