"""Every computed deadline explains itself: rule id, source, anchor date and the days counted."""

import datetime as dt

from calendars.workdays import WorkdayCalendar
from deadlines.engine import deadlines_for_guarantee, deadlines_for_right
from deadlines.facts import GuaranteeFacts, NoticeFacts, RecordalFacts, RightFacts
from deadlines.rules import RULES

D = dt.date
CAL = WorkdayCalendar()


def notice_deadline(served_on: dt.date):
    notice = NoticeFacts(id=9, track="ex_officio", served_on=served_on)
    recordal = RecordalFacts(
        id=7,
        status="active",
        applied_on=D(2020, 1, 6),
        approved_on=D(2020, 3, 16),
        notices=(notice,),
    )
    right = RightFacts(
        id=2,
        kind="trademark",
        jurisdiction="CN",
        status="registered",
        registration_date=D(2016, 5, 7),
        renewals=1,
        recordals=(recordal,),
    )
    (computed,) = [
        c for c in deadlines_for_right(right, CAL) if c.rule.id == "customs_notice_response"
    ]
    return computed


def test_notice_explanation_names_rule_source_anchor_and_counted_days():
    computed = notice_deadline(D(2025, 9, 30))
    text = computed.explanation

    assert "customs_notice_response" in text
    assert RULES["customs_notice_response"].source in text
    assert "2025-09-30" in text
    assert "Day 1 is the day after 2025-09-30" in text
    assert "Working days counted: 2025-10-09, 2025-10-10, 2025-10-11." in text
    assert "National Day" in text
    assert "Mid-autumn" in text
    assert "swapped weekend working day(s) 2025-10-11" in text
    assert "due 2025-10-11 (Saturday)" in text
    assert "PROVISIONAL" not in text


def test_notice_basis_records_counted_skipped_and_swapped_days():
    basis = notice_deadline(D(2025, 9, 30)).basis

    assert basis["rule"] == "customs_notice_response"
    assert basis["anchor"] == "2025-09-30"
    assert basis["period"] == {"amount": 3, "unit": "working_days"}
    assert basis["counted"] == ["2025-10-09", "2025-10-10", "2025-10-11"]
    assert [day for day, _ in basis["skipped"]] == [f"2025-10-0{d}" for d in range(1, 9)]
    assert basis["skipped"][0] == ["2025-10-01", "National Day"]
    assert basis["swapped_working_days"] == ["2025-10-11"]
    assert basis["provisional"] is False


def test_spring_festival_explanation_counts_the_swapped_saturday_first():
    text = notice_deadline(D(2026, 2, 13)).explanation

    assert "Working days counted: 2026-02-14, 2026-02-24, 2026-02-25." in text
    assert "Spring Festival" in text
    assert "swapped weekend working day(s) 2026-02-14" in text


def test_a_count_into_2027_says_provisional():
    computed = notice_deadline(D(2026, 12, 30))

    assert computed.provisional is True
    assert "PROVISIONAL" in computed.explanation
    assert computed.basis["provisional"] is True


def test_a_rolled_over_period_explains_the_rest_day_and_the_move():
    right = RightFacts(
        id=2,
        kind="trademark",
        jurisdiction="CN",
        status="published",
        publication_date=D(2025, 7, 4),
    )
    (computed,) = deadlines_for_right(right, CAL)
    text = computed.explanation

    assert computed.rule.id == "trademark_opposition_end"
    assert "TML art. 33" in text
    assert "2025-07-04" in text
    assert "ends on 2025-10-04, a rest day" in text
    assert "moves to the next working day 2025-10-09" in text


def test_a_patent_term_explanation_names_the_years_and_the_filing_date():
    right = RightFacts(
        id=1,
        kind="invention",
        jurisdiction="CN",
        status="granted",
        filing_date=D(2006, 3, 15),
        priority_date=D(2005, 3, 20),
    )
    (computed,) = [c for c in deadlines_for_right(right, CAL) if c.rule.id == "patent_expiry"]

    assert "PL art. 42(1)" in computed.explanation
    assert "2006-03-15" in computed.explanation
    assert "a term of 20 years" in computed.explanation
    assert "2005-03-20" not in computed.explanation


def test_a_satisfied_deadline_says_when_it_was_done():
    guarantee = GuaranteeFacts(
        id=4, year=2025, approved_on=D(2025, 3, 3), next_year_approved_on=D(2025, 12, 15)
    )
    renewal, letter = deadlines_for_guarantee(guarantee, CAL)

    assert renewal.rule.id == "general_guarantee_renewal"
    assert "Done on 2025-12-15." in renewal.explanation
    assert "Done on" not in letter.explanation
    assert "2026-06-30" in letter.explanation


def test_every_explanation_names_its_rule_and_source():
    right = RightFacts(
        id=1,
        kind="invention",
        jurisdiction="CN",
        status="granted",
        filing_date=D(2015, 4, 7),
        grant_date=D(2018, 9, 1),
        annuities_paid_through=10,
    )
    computed = deadlines_for_right(right, CAL)

    assert {c.rule.id for c in computed} == {
        "patent_expiry",
        "patent_annuity",
        "patent_annuity_grace_end",
        "customs_record",
    }
    for c in computed:
        assert f"Rule {c.rule.id}, source: {c.rule.source}." in c.explanation
        assert c.basis["anchor"] in c.explanation
