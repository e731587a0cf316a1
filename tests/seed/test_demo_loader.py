"""demo.loader's row expressions: dates relative to the day of loading, nothing else callable."""

import datetime as dt

import pytest
from django.core.management import CommandError

from demo import portfolio
from demo.loader import Loader, Row

TODAY = dt.date(2026, 11, 24)


class _Org:
    slug = "demo-co"


def row(**values):
    reader = Row(Loader(TODAY), _Org())
    return reader.read({"org": "demo-co", **values})


def test_dates_are_relative_to_the_day_of_loading():
    values = row(
        filing_date="=today - years(7) + days(20)",
        publication_date="=filing_date + months(18)",
        end_of_month="=date(2026, 1, 31) + months(1)",
        design="=in_year(2020) + days(40)",
        approved_on="=min(date(today.year, 1, 20), today)",
    )
    assert values["filing_date"] == dt.date(2019, 12, 14)
    assert values["publication_date"] == dt.date(2021, 6, 14)
    assert values["end_of_month"] == dt.date(2026, 2, 28)
    assert values["design"] == dt.date(2021, 1, 3)
    assert values["approved_on"] == dt.date(2026, 1, 20)


def test_templates_locals_and_numbers():
    values = row(
        _priority="=today - months(29)",
        filing_date="=_priority + months(12) - days(3)",
        application_number="PCT/US{filing_date.year}/051234",
        number="=cnipa(filing_date.year, 1, 512001)",
        paid="=patent_year(date(2024, 12, 1))",
    )
    assert "_priority" not in values
    assert values["application_number"] == "PCT/US2025/051234"
    assert values["number"].startswith("202510512001.")
    assert values["paid"] == 2  # the first anniversary after today is the 2nd


@pytest.mark.parametrize(
    "expression",
    ["=__import__('os')", "=today.__class__", "=open('x')", "=[1, 2]", "=unknown_name"],
)
def test_anything_else_is_refused(expression):
    with pytest.raises(CommandError):
        row(value=expression)


def test_every_row_has_a_known_organisation_and_a_unique_key():
    slugs = {o["slug"] for o in portfolio.ORGANISATIONS}
    keyed = portfolio.RIGHTS + portfolio.RECORDALS + portfolio.NOTICES
    assert {r["org"] for r in keyed + portfolio.GUARANTEES} <= slugs
    keys = [r["key"] for r in keyed]
    assert len(keys) == len(set(keys))
