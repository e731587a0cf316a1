"""Patent annuity amounts and the grace-period surcharge. Pure: no ORM, no "now".

The fee table is data (`data/cnipa_annuity_fees.json`, with its source and the date it was
checked), so a new CNIPA schedule is a data change. The surcharge follows PIR art. 115: 5% of
that year's annuity for each full month late, within the 6-month grace period:

    paid up to 1 month after the due date       0%
    more than 1 and up to 2 months late          5%
    ...
    more than 5 months, up to the grace end     25%

A month is counted to the corresponding day (core.dates.add_months); the last tier ends with
the grace period itself (its date rolls over rest days, PIR art. 5).
"""

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from core.dates import add_months

FEE_TABLE = Path(__file__).parent / "data" / "cnipa_annuity_fees.json"
SURCHARGE_PERCENT_PER_MONTH = 5
GRACE_MONTHS = 6
ONE_DAY = dt.timedelta(days=1)


@functools.cache
def fee_table() -> dict:
    return json.loads(FEE_TABLE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class AnnuityFee:
    kind: str
    year: int
    amount: Decimal
    currency: str
    source: str
    checked_on: str
    short_source: str = ""


def annuity_fee(kind: str, year: int) -> AnnuityFee | None:
    """The standard annuity of patent year `year` for a patent of `kind` (None: not in the
    table, e.g. a year past the term)."""
    table = fee_table()
    for band in table["bands"].get(kind, ()):
        first, last = band["years"]
        if first <= year <= last:
            return AnnuityFee(
                kind,
                year,
                Decimal(band["amount"]),
                table["currency"],
                table["source"],
                table["checked_on"],
                table["short_source"],
            )
    return None


@dataclass(frozen=True)
class SurchargeTier:
    """Paying from `start` to `end` (inclusive) costs the annuity plus `percent`."""

    start: dt.date
    end: dt.date
    percent: int
    surcharge: Decimal
    total: Decimal


def surcharge_tiers(
    *, due: dt.date, fee: AnnuityFee, grace_end: dt.date | None = None
) -> list[SurchargeTier]:
    """The surcharge for each month of the grace period after an annuity due on `due`."""
    grace_end = grace_end or add_months(due, GRACE_MONTHS)
    tiers, start = [], due
    for months in range(GRACE_MONTHS):
        end = grace_end if months == GRACE_MONTHS - 1 else add_months(due, months + 1)
        percent = SURCHARGE_PERCENT_PER_MONTH * months
        surcharge = (fee.amount * percent / 100).quantize(Decimal("0.01"))
        tiers.append(SurchargeTier(start, end, percent, surcharge, fee.amount + surcharge))
        start = end + ONE_DAY
    return tiers


def payment_on(
    *, due: dt.date, fee: AnnuityFee, paid_on: dt.date, grace_end: dt.date | None = None
) -> SurchargeTier | None:
    """What paying on `paid_on` costs; None once the grace period is over (the patent lapsed
    as of the due date, PL art. 44)."""
    for tier in surcharge_tiers(due=due, fee=fee, grace_end=grace_end):
        if paid_on <= tier.end:
            return tier
    return None


def money(amount: Decimal, currency: str = "CNY") -> str:
    return f"{currency} {amount:,.2f}".replace(".00", "")


def fee_words(fee: AnnuityFee) -> str:
    return (
        f"Annuity for patent year {fee.year}: {money(fee.amount, fee.currency)} "
        f"(standard fee, {fee.short_source}, checked {fee.checked_on})."
    )


def surcharge_words(tiers: list[SurchargeTier], currency: str = "CNY") -> str:
    parts = []
    for tier in tiers:
        cost = (
            "no surcharge"
            if not tier.percent
            else f"+{tier.percent}% = {money(tier.total, currency)}"
        )
        parts.append(f"to {tier.end.isoformat()}: {cost}")
    return "Paid late (PIR art. 115, 5% a month): " + "; ".join(parts) + "."


def basis_of(fee: AnnuityFee, tiers: list[SurchargeTier]) -> dict:
    """The fee and its surcharge tiers as JSON for the deadline's basis (API, pages)."""
    return {
        "year": fee.year,
        "fee": str(fee.amount),
        "currency": fee.currency,
        "source": fee.source,
        "checked_on": fee.checked_on,
        "surcharges": [
            {
                "from": t.start.isoformat(),
                "to": t.end.isoformat(),
                "percent": t.percent,
                "surcharge": str(t.surcharge),
                "total": str(t.total),
            }
            for t in tiers
        ],
    }
