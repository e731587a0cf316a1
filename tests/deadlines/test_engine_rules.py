"""Every engine rule, as a table: facts -> (rule, due date, provisional). Pure: no database.

Adding a rule to deadlines.rules.RULES without a row here fails
test_every_rule_has_at_least_one_row.
"""

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from calendars.workdays import DayOverride, WorkdayCalendar
from deadlines.engine import (
    deadlines_for_complaint,
    deadlines_for_guarantee,
    deadlines_for_letter,
    deadlines_for_monitoring,
    deadlines_for_right,
)
from deadlines.facts import (
    ChangeFacts,
    ComplaintFacts,
    GuaranteeFacts,
    LetterFacts,
    MonitoringFacts,
    NoticeFacts,
    RecordalFacts,
    RightFacts,
)
from deadlines.rules import RULES

D = dt.date
CAL = WorkdayCalendar()


# --- facts builders ---------------------------------------------------------------------------


def patent(**facts) -> RightFacts:
    base = {"id": 1, "kind": "invention", "jurisdiction": "CN", "status": "granted"}
    return RightFacts(**{**base, **facts})


def trademark(**facts) -> RightFacts:
    base = {
        "id": 2,
        "kind": "trademark",
        "jurisdiction": "CN",
        "status": "registered",
        "filing_date": D(2014, 9, 1),
        "registration_date": D(2016, 5, 7),
    }
    return RightFacts(**{**base, **facts})


def foreign(**facts) -> RightFacts:
    base = {"id": 3, "kind": "invention", "jurisdiction": "US", "status": "filed"}
    return RightFacts(**{**base, **facts})


def recordal(**facts) -> RecordalFacts:
    base = {"id": 7, "status": "active", "applied_on": D(2020, 1, 6), "approved_on": D(2020, 3, 16)}
    return RecordalFacts(**{**base, **facts})


def recorded_trademark(**recordal_facts) -> RightFacts:
    """Registered 2016-05-07, renewed once (term to 2036-05-06), recorded with GACC."""
    return trademark(renewals=1, recordals=(recordal(**recordal_facts),))


def with_notice(**notice_facts) -> RightFacts:
    notice = NoticeFacts(**{"id": 9, "track": "ex_officio", **notice_facts})
    return recorded_trademark(notices=(notice,))


def with_change(**change_facts) -> RightFacts:
    change = ChangeFacts(**{"id": 5, "kind": "licence", **change_facts})
    return recorded_trademark(changes=(change,))


def guarantee(**facts) -> GuaranteeFacts:
    return GuaranteeFacts(**{"id": 4, "year": 2025, "approved_on": D(2025, 3, 3), **facts})


def run(facts):
    if isinstance(facts, GuaranteeFacts):
        return deadlines_for_guarantee(facts, CAL)
    if isinstance(facts, ComplaintFacts):
        return deadlines_for_complaint(facts, CAL)
    if isinstance(facts, LetterFacts):
        return deadlines_for_letter(facts, CAL)
    if isinstance(facts, MonitoringFacts):
        return deadlines_for_monitoring(facts, CAL)
    return deadlines_for_right(facts, CAL)


# --- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    rule: str
    facts: RightFacts | GuaranteeFacts
    due: dt.date
    provisional: bool = False
    act_by: dt.date | None = None  # None: the same as due
    cycle: int | None = None  # None: not checked
    satisfied_on: dt.date | None = None
    subject_key: str | None = None  # None: not checked
    nominal: dt.date | None = None  # calendar end before a roll-over


ANNUITY = patent(filing_date=D(2015, 4, 7), grant_date=D(2018, 9, 1), annuities_paid_through=10)
PCT = foreign(jurisdiction="WO", filing_date=D(2025, 5, 10), priority_date=D(2024, 5, 15))
RECORDAL_KEY = "recordal:7"

ROWS = {
    # PIR art. 115; Guidelines Part V ch. 9: due on the filing anniversary, docket the day before.
    # Issue 8 item 7: act-by is a working day on or before the legal date. The day before
    # 2025-04-07 is Sun 04-06, inside Qingming (04-04 to 04-06 off): back to Thu 2025-04-03.
    "annuity year 11 due on the 10th anniversary, act by the working day before": Row(
        "patent_annuity", ANNUITY, D(2025, 4, 7), act_by=D(2025, 4, 3), cycle=11
    ),
    "annuity cycle follows annuities_paid_through": Row(
        "patent_annuity",
        replace(ANNUITY, annuities_paid_through=11),
        D(2026, 4, 7),
        # The day before is Mon 2026-04-06, Qingming (04-04 to 04-06 off): Fri 2026-04-03.
        act_by=D(2026, 4, 3),
        cycle=12,
    ),
    "annuity without paid-through: the year of grant was paid at registration": Row(
        "patent_annuity",
        replace(ANNUITY, annuities_paid_through=None),
        D(2019, 4, 7),
        # Due Sun 2019-04-07; the day before, Sat 04-06, and Fri 04-05 are Qingming: Thu 04-04.
        act_by=D(2019, 4, 4),
        cycle=5,
    ),
    # PIR art. 115 grace 6 months; PIR art. 5 roll-over: 2025-10-07 is National Day.
    "annuity grace end on a holiday rolls to the next working day": Row(
        "patent_annuity_grace_end", ANNUITY, D(2025, 10, 9), cycle=11, nominal=D(2025, 10, 7)
    ),
    "annuity grace end 2026-10-07 holiday rolls to 2026-10-08": Row(
        "patent_annuity_grace_end",
        replace(ANNUITY, annuities_paid_through=11),
        D(2026, 10, 8),
        cycle=12,
        nominal=D(2026, 10, 7),
    ),
    "annuity grace end on a working day stays": Row(
        "patent_annuity_grace_end",
        replace(ANNUITY, filing_date=D(2015, 3, 10)),
        D(2025, 9, 10),
        cycle=11,
    ),
    # PL art. 42(1): from the Chinese filing date, not the priority date.
    "invention 20 years from filing, not priority": Row(
        "patent_expiry",
        patent(filing_date=D(2006, 3, 15), priority_date=D(2005, 3, 20)),
        D(2026, 3, 14),
    ),
    "utility model 10 years from filing": Row(
        "patent_expiry", patent(kind="utility_model", filing_date=D(2016, 8, 10)), D(2026, 8, 9)
    ),
    "design filed 2021-05-31: 10 years": Row(
        "patent_expiry", patent(kind="design", filing_date=D(2021, 5, 31)), D(2031, 5, 30)
    ),
    "design filed 2021-06-01: 15 years": Row(
        "patent_expiry", patent(kind="design", filing_date=D(2021, 6, 1)), D(2036, 5, 31)
    ),
    "office end date overrides the computed term": Row(
        "patent_expiry",
        patent(filing_date=D(2006, 3, 15), office_expiry_date=D(2026, 3, 16)),
        D(2026, 3, 16),
    ),
    # TML arts. 39-40, TMIR art. 12(2): registered 2016-05-07.
    "trademark renewal window opens 2025-05-07": Row(
        "trademark_renewal_window_opens", trademark(), D(2025, 5, 7), cycle=1
    ),
    # 30 days before 2026-05-06 is Mon 2026-04-06, Qingming: back to Fri 2026-04-03.
    "trademark renewal due 2026-05-06, act 30 days before, on a working day": Row(
        "trademark_renewal_due", trademark(), D(2026, 5, 6), act_by=D(2026, 4, 3), cycle=1
    ),
    "trademark grace ends 2026-11-06 (unextended)": Row(
        "trademark_renewal_grace_end", trademark(), D(2026, 11, 6), cycle=1
    ),
    "renewed trademark: second term window": Row(
        "trademark_renewal_window_opens", trademark(renewals=1), D(2035, 5, 7), cycle=2
    ),
    "renewed trademark: second term due": Row(
        "trademark_renewal_due",
        trademark(renewals=1),
        D(2036, 5, 6),
        # 30 days before is Sun 2036-04-06; 2036 has no published schedule, but its statutory
        # Qingming day (Fri 04-04) is a day off all the same: back over Sat 04-05 and Fri 04-04
        # to Thu 2036-04-03.
        act_by=D(2036, 4, 3),
        cycle=2,
    ),
    "renewed trademark: second term grace": Row(
        "trademark_renewal_grace_end", trademark(renewals=1), D(2036, 11, 6), cycle=2
    ),
    "29 February registration: term ends 28 February, grace to 28 August": Row(
        "trademark_renewal_grace_end",
        trademark(registration_date=D(2016, 2, 29)),
        D(2026, 8, 28),
        cycle=1,
    ),
    # TML art. 33, TMIR art. 12(1): 3 months, holiday extension.
    "opposition end on National Day rolls to 2025-10-09": Row(
        "trademark_opposition_end",
        trademark(status="published", registration_date=None, publication_date=D(2025, 7, 4)),
        D(2025, 10, 9),
        nominal=D(2025, 10, 4),
    ),
    "opposition end on a working day stays": Row(
        "trademark_opposition_end",
        trademark(status="published", registration_date=None, publication_date=D(2025, 6, 10)),
        D(2025, 9, 10),
    ),
    # TML art. 49(2); TMIR art. 66.
    "non-use exposure 3 years after registration": Row(
        "trademark_non_use_exposure", trademark(), D(2019, 5, 7)
    ),
    # PL art. 29(1); TML art. 25.
    "Paris priority: invention 12 months from the foreign filing": Row(
        "paris_priority",
        foreign(filing_date=D(2025, 2, 3)),
        D(2026, 2, 3),
        act_by=D(2026, 1, 4),
    ),
    "Paris priority: utility model 12 months from the priority date": Row(
        "paris_priority",
        foreign(kind="utility_model", filing_date=D(2025, 3, 1), priority_date=D(2025, 1, 15)),
        D(2026, 1, 15),
        act_by=D(2025, 12, 16),
    ),
    "Paris priority: design 6 months, National Day rolls to 2025-10-09": Row(
        "paris_priority",
        foreign(kind="design", jurisdiction="EP", filing_date=D(2025, 4, 1)),
        D(2025, 10, 9),
        act_by=D(2025, 9, 9),
        nominal=D(2025, 10, 1),
    ),
    "Paris priority: trademark 6 months": Row(
        "paris_priority",
        foreign(kind="trademark", filing_date=D(2025, 8, 4)),
        D(2026, 2, 4),
        act_by=D(2026, 1, 5),
    ),
    "Paris priority satisfied by the CN counterpart filing": Row(
        "paris_priority",
        foreign(filing_date=D(2025, 2, 3), cn_counterpart_filed_on=D(2025, 12, 1)),
        D(2026, 2, 3),
        act_by=D(2026, 1, 4),
        satisfied_on=D(2025, 12, 1),
    ),
    # PIR art. 120: 30 and 32 months from the earliest priority date.
    # 30 days before Mon 2026-11-16 is Sat 2026-10-17: act by Fri 2026-10-16.
    "PCT 30 months from priority: Sunday rolls to Monday": Row(
        "pct_national_phase", PCT, D(2026, 11, 16), act_by=D(2026, 10, 16), nominal=D(2026, 11, 15)
    ),
    "PCT 32 months from priority lands in 2027: provisional": Row(
        "pct_national_phase_late", PCT, D(2027, 1, 15), provisional=True
    ),
    "PCT satisfied by the CN national phase filing": Row(
        "pct_national_phase",
        replace(PCT, cn_counterpart_filed_on=D(2026, 9, 1)),
        D(2026, 11, 16),
        act_by=D(2026, 10, 16),
        satisfied_on=D(2026, 9, 1),
        nominal=D(2026, 11, 15),
    ),
    # Reg. arts. 2, 7, 16; house policy 3 months.
    "customs record 3 months after grant": Row(
        "customs_record",
        patent(filing_date=D(2020, 6, 1), grant_date=D(2025, 3, 12)),
        D(2025, 6, 12),
    ),
    "customs record satisfied once a recordal exists": Row(
        "customs_record",
        trademark(recordals=(recordal(applied_on=D(2016, 7, 1)),)),
        D(2016, 8, 7),
        act_by=D(2016, 8, 5),  # 2016-08-07 is a Sunday: act by Friday 08-05
        satisfied_on=D(2016, 7, 1),
    ),
    # Reg. art. 10: 10 years from approval 2020-03-16; window 6 months before.
    "recordal expires 10 years from approval, no grace": Row(
        "recordal_expiry",
        recorded_trademark(),
        D(2030, 3, 15),
        act_by=D(2030, 2, 13),
        cycle=2030,
        subject_key=RECORDAL_KEY,
    ),
    "recordal renewal window opens 6 months before": Row(
        "recordal_renewal_window_opens",
        recorded_trademark(),
        D(2029, 9, 16),
        cycle=2030,
        subject_key=RECORDAL_KEY,
    ),
    "recordal capped at the right's expiry ends with it": Row(
        "recordal_expiry",
        trademark(recordals=(recordal(),)),
        D(2026, 5, 6),
        act_by=D(2026, 4, 3),  # 30 days before is Mon 04-06, Qingming: Fri 2026-04-03
        cycle=2026,
    ),
    # Issue 8 item 3: the same capped recordal on a mark keeps its window. Term ends
    # 2026-05-06; the 6 months before it start on 2025-11-07 (TML art. 40, Reg. art. 10(2)).
    "trademark recordal capped at the mark's expiry keeps its renewal window": Row(
        "recordal_renewal_window_opens",
        trademark(recordals=(recordal(),)),
        D(2025, 11, 7),
        cycle=2026,
        subject_key=RECORDAL_KEY,
    ),
    "recordal with GACC's own end date": Row(
        "recordal_renewal_window_opens",
        recorded_trademark(office_valid_until=D(2030, 3, 16)),
        D(2029, 9, 17),
        cycle=2030,
    ),
    # Reg. art. 11(1): 30 working days from the change.
    "recordal amendment 30 WD from the change, over National Day": Row(
        "recordal_amendment",
        with_change(occurred_on=D(2025, 9, 26)),
        D(2025, 11, 13),
        subject_key="change:5",
    ),
    "recordal amendment satisfied when filed": Row(
        "recordal_amendment",
        with_change(occurred_on=D(2025, 9, 26), filed_on=D(2025, 10, 20)),
        D(2025, 11, 13),
        satisfied_on=D(2025, 10, 20),
    ),
    # Reg. art. 16; Measures arts. 22(1), 41: the §6 worked examples.
    "notice served 2025-09-30: swapped Saturday 2025-10-11": Row(
        "customs_notice_response",
        with_notice(served_on=D(2025, 9, 30)),
        D(2025, 10, 11),
        subject_key="notice:9",
    ),
    "notice served 2026-02-13: 2026-02-25": Row(
        "customs_notice_response", with_notice(served_on=D(2026, 2, 13)), D(2026, 2, 25)
    ),
    "notice served 2024-04-30: 2024-05-08": Row(
        "customs_notice_response", with_notice(served_on=D(2024, 4, 30)), D(2024, 5, 8)
    ),
    "notice served on a day off 2025-09-27: 2025-09-30": Row(
        "customs_notice_response", with_notice(served_on=D(2025, 9, 27)), D(2025, 9, 30)
    ),
    "notice answered: satisfied": Row(
        "customs_notice_response",
        with_notice(served_on=D(2025, 9, 30), responded_on=D(2025, 10, 9)),
        D(2025, 10, 11),
        satisfied_on=D(2025, 10, 9),
    ),
    "notice served 2026-12-30: count reaches 2027, provisional": Row(
        "customs_notice_response",
        with_notice(served_on=D(2026, 12, 30)),
        # Thu 12-31; Fri 2027-01-01 is a statutory day off even unpublished; Mon 04, Tue 05.
        D(2027, 1, 5),
        provisional=True,
        # Sat 01-02 and Sun 01-03 could become working days: the earliest is Sun 03. The act-by
        # is a known working day on or before it (issue 8 item 7): back over Sun 03, Sat 02 and
        # the New Year's Day 01-01 to Thu 2026-12-31.
        act_by=D(2026, 12, 31),
    ),
    # Reg. arts. 20, 24: clocks from detention.
    "ex officio: customs decides within 30 WD of detention": Row(
        "detention_investigation",
        with_notice(served_on=D(2025, 9, 29), detained_on=D(2025, 9, 30)),
        D(2025, 11, 18),
    ),
    "ex officio: court order within 50 WD of detention": Row(
        "detention_court_order",
        with_notice(served_on=D(2025, 9, 29), detained_on=D(2025, 9, 30)),
        D(2025, 12, 16),
    ),
    "on application: court order within 20 WD of detention": Row(
        "detention_court_order_on_application",
        with_notice(track="on_application", served_on=D(2026, 2, 13), detained_on=D(2026, 2, 13)),
        D(2026, 3, 19),
    ),
    # Measures art. 24; GACC Announcement 2006 No. 31.
    "general guarantee renewal: cover ends 31 December": Row(
        "general_guarantee_renewal",
        guarantee(),
        D(2025, 12, 31),
        act_by=D(2025, 12, 1),
        cycle=2025,
        subject_key="guarantee:4",
    ),
    "general guarantee renewal satisfied by next year's approval": Row(
        "general_guarantee_renewal",
        guarantee(next_year_approved_on=D(2025, 12, 15)),
        D(2025, 12, 31),
        act_by=D(2025, 12, 1),
        satisfied_on=D(2025, 12, 15),
    ),
    "general guarantee bank letter expires 30 June next year": Row(
        "general_guarantee_letter_expiry", guarantee(), D(2026, 6, 30), cycle=2025
    ),
}

# Enforcement clocks (more cases, worked by hand, in tests/deadlines/test_counter_notice.py).
ROWS.update(
    {
        # E-Commerce Law art. 43(2): received Thu 2025-03-06; day 1 = 03-07, day 15 = Fri 03-21.
        "counter-notice window: 15 calendar days from the day after receipt": Row(
            "ecommerce_counter_notice",
            ComplaintFacts(9, counter_notice_received_on=D(2025, 3, 6)),
            D(2025, 3, 21),
            act_by=D(2025, 3, 18),
            subject_key="complaint:9",
        ),
        # Sent Mon 2025-06-02 + 14 days = Mon 06-16 (a working day).
        "letter reply due 14 days after sending": Row(
            "letter_reply_due",
            LetterFacts(5, sent_on=D(2025, 6, 2), reply_days=14, follow_up_days=7),
            D(2025, 6, 16),
            subject_key="letter:5",
        ),
        # + 21 days = Mon 06-23; an answer on 06-10 satisfies it.
        "letter follow-up 7 days after the reply date, met by an answer": Row(
            "letter_follow_up",
            LetterFacts(
                5,
                sent_on=D(2025, 6, 2),
                reply_days=14,
                follow_up_days=7,
                answered_on=D(2025, 6, 10),
            ),
            D(2025, 6, 23),
            satisfied_on=D(2025, 6, 10),
        ),
        # Plan started Mon 2025-09-01, every 14 days: the first sweep is due Mon 09-15.
        "monitoring sweep due the interval after the start": Row(
            "monitoring_sweep_due",
            MonitoringFacts(2, started_on=D(2025, 9, 1), interval_days=14),
            D(2025, 9, 15),
            cycle=1,
            subject_key="monitoring:2",
        ),
    }
)


def test_every_rule_has_at_least_one_row():
    assert {row.rule for row in ROWS.values()} == set(RULES.keys())


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_rule_gives_the_legal_due_date(row: Row):
    matches = [c for c in run(row.facts) if c.rule.id == row.rule]
    if row.subject_key:
        matches = [c for c in matches if c.subject_key == row.subject_key]
    assert len(matches) == 1, [c.title for c in run(row.facts)]
    computed = matches[0]

    assert computed.due == row.due
    assert computed.provisional is row.provisional
    assert computed.act_by == (row.act_by or row.due)
    assert computed.satisfied_on == row.satisfied_on
    if row.cycle is not None:
        assert computed.cycle == row.cycle
    if row.subject_key is not None:
        assert computed.subject_key == row.subject_key
    assert computed.basis["rule"] == row.rule
    if row.nominal:  # rolled over from the calendar end
        assert computed.basis["nominal"] == row.nominal.isoformat()
    else:  # not rolled: no calendar end, or it is the due date itself
        assert computed.basis["nominal"] in (None, row.due.isoformat())


# --- what the engine must not produce ---------------------------------------------------------

ABSENT = {
    "no reply period on the on-application track": (
        with_notice(track="on_application", served_on=D(2026, 2, 13), detained_on=D(2026, 2, 13)),
        {"customs_notice_response", "detention_investigation", "detention_court_order"},
    ),
    "ex officio detention has no 20 WD clock": (
        with_notice(served_on=D(2025, 9, 29), detained_on=D(2025, 9, 30)),
        {"detention_court_order_on_application"},
    ),
    "no detention clocks before goods are detained": (
        with_notice(served_on=D(2025, 9, 30)),
        {
            "detention_investigation",
            "detention_court_order",
            "detention_court_order_on_application",
        },
    ),
    # Utility model filed 2020-05-01 ends 2030-04-30 (PL art. 42(1)); a recordal approved
    # 2021-03-01 would run to 2031-02-28, so it is capped and ends with the patent, which no one
    # can renew (issue 8 item 3).
    "no recordal renewal window when a patent ends with the recordal": (
        patent(
            kind="utility_model",
            filing_date=D(2020, 5, 1),
            grant_date=D(2020, 12, 1),
            recordals=(recordal(applied_on=D(2021, 1, 4), approved_on=D(2021, 3, 1)),),
        ),
        {"recordal_renewal_window_opens"},
    ),
    "no recordal expiry before GACC approves": (
        trademark(recordals=(recordal(status="pending", approved_on=None),)),
        {"recordal_expiry", "recordal_renewal_window_opens"},
    ),
    "no annuity after the last patent year": (
        patent(kind="utility_model", filing_date=D(2016, 4, 7), annuities_paid_through=10),
        {"patent_annuity", "patent_annuity_grace_end"},
    ),
    "a pending CN application has no term, annuity or customs duty": (
        patent(status="filed", filing_date=D(2024, 3, 1)),
        {"patent_expiry", "patent_annuity", "customs_record", "paris_priority"},
    ),
    "a published trademark has no renewal yet": (
        trademark(status="published", registration_date=None, publication_date=D(2025, 6, 10)),
        {"trademark_renewal_due", "trademark_renewal_window_opens", "trademark_non_use_exposure"},
    ),
    "a registered trademark has no opposition period": (
        trademark(publication_date=D(2016, 2, 6)),
        {"trademark_opposition_end"},
    ),
    "a foreign right has no CN term or customs duty": (
        foreign(status="granted", filing_date=D(2025, 2, 3), grant_date=D(2025, 9, 1)),
        {"patent_expiry", "customs_record", "patent_annuity"},
    ),
    "a PCT design is not a PCT national phase case": (
        foreign(kind="design", jurisdiction="WO", filing_date=D(2025, 2, 3)),
        {"pct_national_phase", "pct_national_phase_late", "paris_priority"},
    ),
    "a PCT application is not a Paris case": (PCT, {"paris_priority"}),
}


@pytest.mark.parametrize(("facts", "rules"), ABSENT.values(), ids=ABSENT.keys())
def test_rule_is_not_produced(facts, rules):
    produced = {c.rule.id for c in run(facts)}

    assert produced.isdisjoint(rules)


@pytest.mark.parametrize("status", ["lapsed", "abandoned", "expired", "invalidated"])
@pytest.mark.parametrize(
    "facts",
    [
        replace(ANNUITY, annuities_paid_through=11),
        trademark(renewals=1),
        foreign(filing_date=D(2025, 2, 3)),
        PCT,
    ],
    ids=["patent", "trademark", "paris", "pct"],
)
def test_an_ended_right_produces_nothing(facts, status):
    assert run(facts)  # in force, it produces deadlines
    assert run(replace(facts, status=status)) == []


def test_an_ended_right_keeps_only_the_duty_to_cancel_its_recordal():
    # Reg. art. 10(3): the recordal lapses with the right, so no renewal or expiry is docketed;
    # Reg. art. 11(1), Measures arts. 12-13: cancellation within 30 WD of the lapse remains.
    lapse = ChangeFacts(id=5, kind="lapse", occurred_on=D(2025, 9, 26))
    facts = trademark(status="lapsed", recordals=(recordal(changes=(lapse,)),))

    computed = run(facts)

    assert [(c.rule.id, c.due) for c in computed] == [("recordal_amendment", D(2025, 11, 13))]


def test_annuities_do_not_depend_on_the_priority_date():
    with_priority = replace(ANNUITY, priority_date=D(2014, 6, 1))

    assert {(c.rule.id, c.due) for c in run(with_priority)} == {
        (c.rule.id, c.due) for c in run(ANNUITY)
    }


def test_loading_the_2027_schedule_makes_a_provisional_deadline_official():
    facts = with_notice(served_on=D(2026, 12, 30))
    loaded = WorkdayCalendar(
        loaded_years=frozenset({2027}),
        overrides={D(2027, 1, 1): DayOverride(False, "New Year's Day")},
    )

    (before,) = [c for c in run(facts) if c.rule.id == "customs_notice_response"]
    (after,) = [
        c for c in deadlines_for_right(facts, loaded) if c.rule.id == "customs_notice_response"
    ]

    # New Year's Day is assumed off before the notice too: same date, no longer provisional.
    assert (before.due, before.provisional) == (D(2027, 1, 5), True)
    assert (after.due, after.provisional) == (D(2027, 1, 5), False)
    assert "PROVISIONAL" not in after.explanation
