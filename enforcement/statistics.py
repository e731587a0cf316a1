"""Enforcement statistics per platform and per right: a few grouped reads, summed in Python.

`summarise` is pure (rows in, figures out) so the arithmetic is tested without a database.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from customs.models import CustomsNotice
from rights.models import Right

from .lifecycle import AFTER_REMOVAL
from .models import CeaseDesistLetter, ComplaintStatus, DetentionApplication, PlatformComplaint


@dataclass(frozen=True)
class ComplaintRow:
    status: str
    submitted_on: object
    removed_on: object
    counter_notice_received_on: object
    relisted_on: object


@dataclass
class Figures:
    complaints: int = 0  # submitted (drafts are not counted)
    removed: int = 0
    counter_notices: int = 0
    relisted: int = 0
    days_to_removal: list[int] = field(default_factory=list)

    @property
    def takedown_rate(self) -> float | None:
        return self.removed / self.complaints if self.complaints else None

    @property
    def counter_notice_rate(self) -> float | None:
        return self.counter_notices / self.removed if self.removed else None

    @property
    def median_days_to_removal(self) -> float | None:
        return statistics.median(self.days_to_removal) if self.days_to_removal else None


def summarise(rows) -> Figures:
    figures = Figures()
    for row in rows:
        if row.status == ComplaintStatus.DRAFT:
            continue
        figures.complaints += 1
        if row.removed_on or row.status in AFTER_REMOVAL:
            figures.removed += 1
            if row.removed_on and row.submitted_on:
                figures.days_to_removal.append((row.removed_on - row.submitted_on).days)
        figures.counter_notices += bool(row.counter_notice_received_on)
        figures.relisted += bool(row.relisted_on) or row.status == ComplaintStatus.RELISTED
    return figures


@dataclass
class RightFigures:
    right: Right
    complaints: Figures
    seizures: int = 0
    goods_value_cny: Decimal = Decimal("0")
    bonds_cny: Decimal = Decimal("0")
    letters: dict = field(default_factory=dict)  # outcome -> count


COLUMNS = ("status", "submitted_on", "removed_on", "counter_notice_received_on", "relisted_on")


def enforcement_statistics(organisation) -> dict:
    """{"platforms": {platform: Figures}, "rights": [RightFigures], "letters": {outcome: n}}."""
    by_platform, by_right = defaultdict(list), defaultdict(list)
    complaints = PlatformComplaint.objects.filter(organisation=organisation).values_list(
        "platform", "right_id", *COLUMNS
    )
    for platform, right_id, *values in complaints:
        row = ComplaintRow(*values)
        by_platform[platform].append(row)
        by_right[right_id].append(row)
    # Goods detained: on a customs notice (ex officio) or on the holder's application.
    seizures = defaultdict(lambda: {"n": 0, "value": Decimal("0"), "bonds": Decimal("0")})
    for queryset, right_field in (
        (CustomsNotice.objects, "recordal__right_id"),
        (DetentionApplication.objects, "right_id"),
    ):
        for row in (
            queryset.filter(organisation=organisation, detained_on__isnull=False)
            .values(right_field)
            .annotate(n=Count("id"), value=Sum("goods_value_cny"), bonds=Sum("bond_cny"))
            .order_by()
        ):
            seized = seizures[row[right_field]]
            seized["n"] += row["n"]
            seized["value"] += row["value"] or 0
            seized["bonds"] += row["bonds"] or 0
    letters_by_right = defaultdict(dict)
    for right_id, outcome, n in (
        CeaseDesistLetter.objects.filter(organisation=organisation)
        .values_list("rights", "outcome")
        .annotate(n=Count("id", distinct=True))
    ):
        letters_by_right[right_id][outcome] = n
    letters = dict(
        CeaseDesistLetter.objects.filter(organisation=organisation)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    right_ids = set(by_right) | set(seizures) | set(letters_by_right)
    rights = []
    for right in Right.objects.filter(pk__in=right_ids).order_by("title", "id"):
        seized = seizures.get(right.pk, {})
        rights.append(
            RightFigures(
                right=right,
                complaints=summarise(by_right.get(right.pk, [])),
                seizures=seized.get("n", 0),
                goods_value_cny=seized.get("value") or Decimal("0"),
                bonds_cny=seized.get("bonds") or Decimal("0"),
                letters=letters_by_right.get(right.pk, {}),
            )
        )
    return {
        "platforms": {p: summarise(rows) for p, rows in sorted(by_platform.items())},
        "rights": rights,
        "letters": letters,
    }
