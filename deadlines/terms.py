"""Terms of rights and recordals, and the customs bond bands. Pure: no ORM, no "now"."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.dates import add_months, term_end

DESIGN_15_YEAR_CUTOVER = dt.date(2021, 6, 1)
# Rights whose term can be renewed: a trademark, every 10 years (TML art. 40). Patents end with
# their term (PL art. 42); copyright too (Copyright Law art. 23).
RENEWABLE_KINDS = frozenset({"trademark"})
PATENT_TERM_YEARS = {"invention": 20, "utility_model": 10}


@dataclass(frozen=True)
class Term:
    end: dt.date | None
    explanation: str
    years: int | None = None
    start: dt.date | None = None


def patent_term_years(kind: str, filing_date: dt.date) -> tuple[int, str]:
    if kind == "design":
        if filing_date >= DESIGN_15_YEAR_CUTOVER:
            return 15, "PL art. 42(1) (2020 text): designs filed from 2021-06-01 run 15 years"
        return 10, "PL art. 42(1) (2008 text): designs filed before 2021-06-01 run 10 years"
    return PATENT_TERM_YEARS[kind], "PL art. 42(1)"


def trademark_term(registration_date: dt.date, renewals: int) -> Term:
    """The current 10-year term after `renewals` renewals (TML arts. 39-40, TMIR art. 12(2))."""
    start = registration_date
    end = term_end(start, 10)
    for _ in range(renewals):
        start = end + dt.timedelta(days=1)
        end = term_end(start, 10)
    return Term(end, f"10 years from {start} ends the day before the anniversary", 10, start)


def right_expiry(
    *,
    kind: str,
    jurisdiction: str,
    filing_date: dt.date | None,
    registration_date: dt.date | None,
    publication_date: dt.date | None,
    renewals: int,
    office_expiry_date: dt.date | None,
) -> Term:
    if office_expiry_date:
        return Term(office_expiry_date, "end date entered from the office's register")
    if jurisdiction != "CN":
        return Term(None, "foreign right: enter the office's end date")
    if kind in ("invention", "utility_model", "design"):
        if not filing_date:
            return Term(None, "no filing date")
        years, source = patent_term_years(kind, filing_date)
        return Term(
            term_end(filing_date, years),
            f"{years} years from the filing date {filing_date} ({source}); "
            "last day taken as the day before the anniversary",
            years,
            filing_date,
        )
    if kind == "trademark":
        if not registration_date:
            return Term(None, "not registered yet")
        return trademark_term(registration_date, renewals)
    if kind == "copyright":
        if not publication_date:
            return Term(None, "copyright: enter the end date (life of the author + 50 years)")
        end = dt.date(publication_date.year + 50, 12, 31)
        return Term(end, "Copyright Law art. 23: 50 years after first publication, to 31 Dec")
    return Term(None, "unknown kind")


def recordal_valid_until(
    *, approved_on: dt.date | None, right_expiry: dt.date | None, office_valid_until
) -> Term:
    """10 years from approval (Reg. art. 10), capped at the right's own term (Measures art. 10)."""
    if office_valid_until:
        return Term(office_valid_until, "GACC's end date from the approval notice")
    if not approved_on:
        return Term(None, "not approved yet")
    end = term_end(approved_on, 10)
    if right_expiry and right_expiry < end:
        return Term(right_expiry, f"capped at the right's expiry {right_expiry} (Measures art. 10)")
    return Term(end, f"10 years from approval on {approved_on} (Reg. art. 10(1))", 10, approved_on)


def window_opens(end: dt.date, months: int) -> dt.date:
    """First day of the `months` before a term ending on `end` (the anniversary, minus months)."""
    return add_months(end + dt.timedelta(days=1), -months)


HUNDRED = Decimal("100000.00")
TWENTY = Decimal("20000.00")
TWO_HUNDRED = Decimal("200000.00")


def ex_officio_bond(value_cny: Decimal) -> tuple[Decimal, str]:
    """Per-case bond bands of Measures art. 23."""
    value = Decimal(value_cny).quantize(Decimal("0.01"))
    if value < TWENTY:
        return value, "goods under RMB 20,000: bond equals their value (Measures art. 23)"
    if value <= TWO_HUNDRED:
        half = (value / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return max(half, TWENTY), (
            "goods of RMB 20,000 to 200,000: 50% of their value, at least RMB 20,000 "
            "(Measures art. 23)"
        )
    return HUNDRED, "goods over RMB 200,000: bond of RMB 100,000 (Measures art. 23)"


def on_application_bond(value_cny: Decimal) -> tuple[Decimal, str]:
    value = Decimal(value_cny).quantize(Decimal("0.01"))
    return value, "on-application track: bond equal to the value of the goods (Reg. art. 14)"
