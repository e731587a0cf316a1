"""A CNIPA application number must fit its filing date (issue 8 item 5; ZC 0006-2003).

The rule, worked out from domain-rules §2.5:
- numbers given before 2003-10-01 have 8 digits (two-digit year, type digit, 5-digit serial);
  from 2003-10-01 they have 12 (four-digit year, type digit, 7-digit serial);
- the year in the number is the filing year, except a PCT national phase number (type 8 or 9),
  which carries the year of entry: the international filing date is its filing date, so the
  number's year is that year or later.
Each number below has a correct check character, so only the date rule can refuse it.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rights.models import Right
from rights.numbers import check_character, normalise_cn_patent_number
from rights.services import right_create

D = dt.date


def number(body: str) -> str:
    return f"{body}.{check_character(body)}"


# (number body, filing date, accepted?, why)
TABLE = [
    # 99 1 13861: 1999 invention, real number ZL99113861.9.
    ("99113861", D(1999, 6, 1), True, "eight digits, filed 1999"),
    # The last day of the old form: 2003-09-30 is before 2003-10-01.
    ("03112345", D(2003, 9, 30), True, "eight digits, filed the day before the change"),
    # The first day of the new form: 2003-10-01 must have 12 digits.
    ("03112345", D(2003, 10, 1), False, "eight digits, filed on the day of the change"),
    ("99113861", D(2019, 3, 14), False, "eight digits on a 2019 filing"),
    ("200310012345", D(2003, 10, 1), True, "twelve digits from the day of the change"),
    ("200310012345", D(2003, 9, 30), False, "twelve digits before the change"),
    # The year digits are the filing year: 2015 1 0958772 is a 2015 filing.
    ("201510958772", D(2015, 12, 18), True, "year 2015 filed in 2015"),
    ("201510958772", D(2016, 1, 4), False, "year 2015 on a 2016 filing"),
    ("99113861", D(2000, 2, 1), False, "year 99 on a 2000 filing"),
    # PCT national phase (type 8): international filing 2023-05-10, entered China in 2025.
    ("202580012345", D(2023, 5, 10), True, "PCT entry year after the international filing"),
    ("202280012345", D(2023, 5, 10), False, "PCT entry year before the international filing"),
]


@pytest.mark.parametrize(("body", "filed", "accepted", "why"), TABLE, ids=[r[3] for r in TABLE])
def test_number_form_and_year_follow_the_filing_date(body, filed, accepted, why):
    raw = number(body)
    assert normalise_cn_patent_number(raw) == raw  # valid on its own: only the date can refuse it
    if accepted:
        assert normalise_cn_patent_number(raw, filing_date=filed) == raw
        return
    with pytest.raises(ValidationError) as error:
        normalise_cn_patent_number(raw, filing_date=filed)
    assert error.value.code in ("form_vs_filing_date", "year_vs_filing_date")
    assert str(filed) in error.value.messages[0]


def test_service_refuses_a_pre_2003_number_on_a_recent_filing_as_a_field_error(counsel, org):
    with pytest.raises(ValidationError) as exc:
        right_create(
            organisation=org,
            actor=counsel,
            kind="invention",
            title="Clip",
            owner="Demo Co. Ltd",
            application_number=number("99113861"),
            filing_date=D(2019, 3, 14),
        )

    assert list(exc.value.message_dict) == ["application_number"]
    assert "2003-10-01" in exc.value.message_dict["application_number"][0]
    assert not Right.objects.exists()
