"""Annuity amounts and the grace-period surcharge (issue 8 item 8; domain-rules §2.2).

The rule: the fee of patent year N comes from CNIPA's fee schedule, kept as data with its
source; paying within the 6-month grace period (PIR art. 115) adds 5% of that year's annuity
for each full month late: up to 1 month after the due date 0%, more than 1 and up to 2 months
5%, ... more than 5 months up to the grace end 25%. Months run to the corresponding day.
"""

import datetime as dt
from decimal import Decimal

import pytest

from calendars.workdays import WorkdayCalendar
from deadlines import fees
from deadlines.engine import deadlines_for_right
from deadlines.facts import RightFacts
from deadlines.models import Deadline
from deadlines.selectors import annuity_payment
from deadlines.services import deadlines_recompute
from tests.factories import RightFactory, cn_patent_number

D = dt.date

# (kind, patent year, fee in CNY or None when the table has no such year)
FEES = [
    ("invention", 1, "900"),
    ("invention", 3, "900"),  # band 1-3
    ("invention", 4, "1200"),  # band 4-6 starts
    ("invention", 10, "4000"),
    ("invention", 20, "8000"),  # last year of a 20-year term
    ("invention", 21, None),
    ("utility_model", 10, "2000"),
    ("utility_model", 11, None),  # a utility model runs 10 years
    ("design", 11, "3000"),  # 15-year designs (filed from 2021-06-01)
]


@pytest.mark.parametrize(("kind", "year", "amount"), FEES)
def test_annuity_fee_comes_from_the_table(kind, year, amount):
    fee = fees.annuity_fee(kind, year)
    if amount is None:
        assert fee is None
        return
    assert fee.amount == Decimal(amount)
    assert fee.currency == "CNY"
    assert "CNIPA" in fee.source and fee.checked_on


def test_the_fee_table_is_data_with_its_source():
    table = fees.fee_table()
    assert {"source", "checked_on", "currency", "bands"} <= set(table)
    assert set(table["bands"]) == {"invention", "utility_model", "design"}


# Invention year 11 (CNY 4,000) due Mon 2025-04-07. The grace is 6 months, to 2025-10-07,
# National Day, rolled to Thu 2025-10-09 (PIR art. 5). (paid on, surcharge %, total CNY)
DUE, GRACE_END = D(2025, 4, 7), D(2025, 10, 9)
PAID = [
    (D(2025, 4, 7), 0, "4000.00"),  # on the due date
    (D(2025, 5, 7), 0, "4000.00"),  # exactly 1 month late: not more than 1 month
    (D(2025, 5, 8), 5, "4200.00"),  # more than 1 month
    (D(2025, 7, 7), 10, "4400.00"),  # 3 months to the day: the >2-3 months tier
    (D(2025, 9, 8), 25, "5000.00"),  # more than 5 months
    (D(2025, 10, 8), 25, "5000.00"),  # inside the rolled-over grace
    (D(2025, 10, 10), None, None),  # the grace is over: the patent lapsed as of 2025-04-07
]


@pytest.mark.parametrize(("paid_on", "percent", "total"), PAID)
def test_surcharge_for_the_month_of_payment(paid_on, percent, total):
    fee = fees.annuity_fee("invention", 11)

    tier = fees.payment_on(due=DUE, fee=fee, paid_on=paid_on, grace_end=GRACE_END)

    if percent is None:
        assert tier is None
        return
    assert (tier.percent, tier.total) == (percent, Decimal(total))
    assert tier.surcharge == fee.amount * percent / 100


def test_month_ends_follow_the_corresponding_day():
    # Due 2024-01-31: one month later is 2024-02-29 (no 31 February), so 2024-03-01 is the
    # first day of the 5% tier.
    fee = fees.annuity_fee("utility_model", 4)  # CNY 900
    assert fees.payment_on(due=D(2024, 1, 31), fee=fee, paid_on=D(2024, 2, 29)).percent == 0
    assert fees.payment_on(due=D(2024, 1, 31), fee=fee, paid_on=D(2024, 3, 1)).percent == 5


def test_the_explanation_and_basis_show_the_fee_and_each_months_surcharge():
    facts = RightFacts(
        id=1,
        kind="invention",
        jurisdiction="CN",
        status="granted",
        filing_date=D(2015, 4, 7),
        grant_date=D(2018, 9, 1),
        annuities_paid_through=10,
    )

    rows = {c.rule.id: c for c in deadlines_for_right(facts, WorkdayCalendar())}

    for rule in ("patent_annuity", "patent_annuity_grace_end"):
        computed = rows[rule]
        assert "Annuity for patent year 11: CNY 4,000" in computed.explanation
        assert "to 2025-05-07: no surcharge" in computed.explanation
        assert "to 2025-10-09: +25% = CNY 5,000" in computed.explanation
        annuity = computed.basis["annuity"]
        assert (annuity["year"], annuity["fee"]) == (11, "4000")
    assert rows["patent_annuity_grace_end"].due == D(2025, 10, 9)
    assert rows["patent_annuity"].basis["annuity"]["surcharges"][-1]["to"] == "2025-10-09"


@pytest.mark.django_db
def test_the_selector_gives_the_amount_for_the_month_it_would_be_paid(org):
    # Utility model filed 2020-05-11, granted 2021-03-01, paid through year 5: year 6 (CNY
    # 1,200) is due 2025-05-11, a Sunday. Paid 2025-07-20: more than 2 months late, 10%.
    right = RightFactory(
        organisation=org,
        kind="utility_model",
        filing_date=D(2020, 5, 11),
        application_number=cn_patent_number(2020, 2, 777),
        status="granted",
        grant_date=D(2021, 3, 1),
        annuities_paid_through=5,
    )
    deadlines_recompute(right=right)
    annuity = Deadline.objects.get(right=right, rule="patent_annuity")
    customs = Deadline.objects.get(right=right, rule="customs_record")

    payment = annuity_payment(annuity, paid_on=D(2025, 7, 20))

    assert (payment.year, payment.fee, payment.percent) == (6, Decimal("1200"), 10)
    assert (payment.surcharge, payment.total) == (Decimal("120.00"), Decimal("1320.00"))
    assert payment.tier_ends == D(2025, 8, 11)
    assert annuity_payment(annuity, paid_on=D(2025, 5, 11)).total == Decimal("1200.00")
    assert annuity_payment(customs, paid_on=D(2025, 7, 20)) is None
