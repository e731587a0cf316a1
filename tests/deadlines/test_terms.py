"""Terms of rights and recordals and the customs bond bands (domain-rules §§1-3). Pure."""

import datetime as dt
from decimal import Decimal

import pytest

from customs.terms import guarantee_dates
from deadlines.terms import (
    ex_officio_bond,
    on_application_bond,
    recordal_valid_until,
    right_expiry,
    trademark_term,
    window_opens,
)

D = dt.date


def expiry(**facts):
    base = {
        "kind": "invention",
        "jurisdiction": "CN",
        "filing_date": None,
        "registration_date": None,
        "publication_date": None,
        "renewals": 0,
        "office_expiry_date": None,
    }
    return right_expiry(**{**base, **facts})


# --- trademarks (§3) --------------------------------------------------------------------------


def test_trademark_registered_2016_05_07_expires_2026_05_06():
    term = trademark_term(D(2016, 5, 7), renewals=0)

    assert term.end == D(2026, 5, 6)
    assert term.start == D(2016, 5, 7)
    assert term.years == 10


def test_trademark_renewal_window_opens_twelve_months_before_on_2025_05_07():
    assert window_opens(D(2026, 5, 6), 12) == D(2025, 5, 7)


def test_trademark_registered_on_29_february_ends_on_the_last_day_of_february():
    assert trademark_term(D(2016, 2, 29), renewals=0).end == D(2026, 2, 28)


def test_trademark_renewal_runs_from_the_day_after_the_previous_term():
    first = trademark_term(D(2016, 5, 7), renewals=0)
    second = trademark_term(D(2016, 5, 7), renewals=1)
    third = trademark_term(D(2016, 5, 7), renewals=2)

    assert second.start == first.end + dt.timedelta(days=1) == D(2026, 5, 7)
    assert second.end == D(2036, 5, 6)
    assert third.end == D(2046, 5, 6)


def test_renewal_of_a_29_february_mark_runs_from_1_march():
    renewed = trademark_term(D(2016, 2, 29), renewals=1)

    assert renewed.start == D(2026, 3, 1)
    assert renewed.end == D(2036, 2, 29)


def test_right_expiry_of_a_registered_trademark_follows_its_renewals():
    assert expiry(kind="trademark", registration_date=D(2016, 5, 7)).end == D(2026, 5, 6)
    assert expiry(kind="trademark", registration_date=D(2016, 5, 7), renewals=1).end == D(
        2036, 5, 6
    )
    assert expiry(kind="trademark", filing_date=D(2015, 1, 1)).end is None


# --- patents (§2.1) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "filing", "end", "years"),
    [
        pytest.param("invention", D(2006, 3, 15), D(2026, 3, 14), 20, id="invention 20 years"),
        pytest.param("utility_model", D(2016, 8, 10), D(2026, 8, 9), 10, id="UM 10 years"),
        pytest.param("design", D(2021, 5, 31), D(2031, 5, 30), 10, id="design before cut-over"),
        pytest.param("design", D(2021, 6, 1), D(2036, 5, 31), 15, id="design from 2021-06-01"),
    ],
)
def test_patent_terms_run_from_the_chinese_filing_date(kind, filing, end, years):
    term = expiry(kind=kind, filing_date=filing)

    assert term.end == end
    assert term.years == years
    assert term.start == filing


def test_patent_term_ignores_publication_and_has_no_priority_input():
    # The term runs from the filing date (PIR art. 12 excludes PL art. 42 from priority).
    assert expiry(
        kind="invention", filing_date=D(2006, 3, 15), publication_date=D(2007, 9, 1)
    ).end == D(2026, 3, 14)


def test_office_end_date_overrides_the_computed_term():
    term = expiry(kind="invention", filing_date=D(2006, 3, 15), office_expiry_date=D(2026, 3, 15))

    assert term.end == D(2026, 3, 15)
    assert term.years is None
    assert "office" in term.explanation


def test_foreign_right_has_no_computed_term():
    assert expiry(jurisdiction="US", filing_date=D(2006, 3, 15)).end is None


def test_patent_without_filing_date_has_no_term():
    assert expiry(kind="invention").end is None


# --- customs recordal (§1.2) ------------------------------------------------------------------


def test_recordal_runs_ten_years_from_approval():
    term = recordal_valid_until(
        approved_on=D(2020, 3, 16), right_expiry=D(2036, 5, 6), office_valid_until=None
    )

    assert term.end == D(2030, 3, 15)


def test_recordal_is_capped_at_the_rights_expiry():
    term = recordal_valid_until(
        approved_on=D(2020, 3, 16), right_expiry=D(2026, 5, 6), office_valid_until=None
    )

    assert term.end == D(2026, 5, 6)
    assert "capped" in term.explanation


def test_recordal_with_gacc_end_date_uses_it():
    term = recordal_valid_until(
        approved_on=D(2020, 3, 16), right_expiry=D(2026, 5, 6), office_valid_until=D(2030, 3, 16)
    )

    assert term.end == D(2030, 3, 16)


def test_recordal_not_yet_approved_has_no_end():
    assert (
        recordal_valid_until(approved_on=None, right_expiry=None, office_valid_until=None).end
        is None
    )


def test_recordal_renewal_window_opens_six_months_before():
    assert window_opens(D(2030, 3, 15), 6) == D(2029, 9, 16)


# --- bonds (Measures art. 23; Reg. art. 14) ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "bond"),
    [
        ("0", "0.00"),
        ("19999.99", "19999.99"),  # under 20,000: full value
        ("20000", "20000.00"),  # 50% would be 10,000: at least 20,000
        ("39999.99", "20000.00"),
        ("40000", "20000.00"),
        ("86000", "43000.00"),  # 50%
        ("200000", "100000.00"),  # 50% of 200,000
        ("200000.01", "100000.00"),  # over 200,000: fixed 100,000
        ("5000000", "100000.00"),
    ],
)
def test_ex_officio_bond_bands(value, bond):
    amount, why = ex_officio_bond(Decimal(value))

    assert amount == Decimal(bond)
    assert "Measures art. 23" in why


def test_ex_officio_bond_is_never_more_than_the_goods_below_20000():
    for value in ("1", "500", "19999.99"):
        assert ex_officio_bond(Decimal(value))[0] == Decimal(value)


@pytest.mark.parametrize("value", ["0", "19999.99", "86000", "200000.01", "5000000"])
def test_on_application_bond_equals_the_value_of_the_goods(value):
    amount, why = on_application_bond(Decimal(value))

    assert amount == Decimal(value)
    assert "Reg. art. 14" in why


def test_general_guarantee_covers_to_31_december_and_letter_to_30_june_next_year():
    assert guarantee_dates(2025) == (D(2025, 12, 31), D(2026, 6, 30))
