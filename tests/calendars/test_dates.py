"""Month and year arithmetic of Chinese law (Civil Code arts. 201-202, TMIR art. 12)."""

import datetime as dt

import pytest

from core.dates import add_months, add_years, term_end

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(D(2025, 7, 4), 3, D(2025, 10, 4), id="corresponding day"),
        pytest.param(D(1999, 12, 31), 2, D(2000, 2, 29), id="CNIPA example: month end, leap"),
        pytest.param(D(2025, 8, 31), 6, D(2026, 2, 28), id="no corresponding day: month end"),
        pytest.param(D(2026, 5, 7), -12, D(2025, 5, 7), id="backwards"),
        pytest.param(D(2024, 5, 15), 30, D(2026, 11, 15), id="30 months"),
    ],
)
def test_add_months_gives_the_corresponding_day_or_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_cnipa_example_three_years_from_filing():
    # Guidelines Part V ch. 7 §2.3: filed 1998-06-01, examination request due 2001-06-01.
    assert add_years(D(1998, 6, 1), 3) == D(2001, 6, 1)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        pytest.param(D(2016, 5, 7), 10, D(2026, 5, 6), id="TMIR 12(2): the day before"),
        pytest.param(D(2016, 2, 29), 10, D(2026, 2, 28), id="29 Feb: last day of February"),
        pytest.param(D(2020, 2, 29), 4, D(2024, 2, 28), id="29 Feb to a leap year"),
        pytest.param(D(2016, 3, 1), 10, D(2026, 2, 28), id="1 March: day before"),
        pytest.param(D(2026, 3, 1), 10, D(2036, 2, 29), id="1 March to a leap year"),
    ],
)
def test_term_end_is_the_day_before_the_corresponding_day(start, years, expected):
    assert term_end(start, years) == expected
