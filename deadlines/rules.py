"""The rules, as data: what each deadline is, its legal source, anchor, period and counting.

Counting modes:
- `working_days`: China working days, day 1 the first working day after the anchor.
- `months_rollover`: the corresponding day N months later; a rest day moves to the next
  working day (PIR art. 5, TMIR art. 12(1), CPL art. 85).
- `months_fixed`: the corresponding day N months later, no roll-over (terms, internal dates).
- `term_end`: the last day of an N-year term, the day before the corresponding day (TMIR 12(2)).
- `fixed`: the anchor date itself plus N calendar days, no roll-over.
- `days_rollover`: N calendar days, day 1 the day after the anchor; a last day that is a rest
  day moves to the next working day (CC arts. 201, 203).
"""

from dataclasses import dataclass

# Marked for the catalogue only: the engine keeps the English text (stored, hashed); pages and
# emails translate it when they show it (deadlines.labels).
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "working_days" | "months" | "years" | "days"


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    source: str
    anchor: str  # which fact the period runs from, in words
    period: Period
    counting: str
    # right | recordal | change | notice | application | guarantee | complaint | letter |
    # monitoring
    subject: str
    act_by_days: int = 0  # internal safety margin before the legal date
    critical: bool = False  # losing it loses goods or the right: alerts cannot be muted
    milestone: bool = False  # a date to know (a window opens, a term ends), not an act to do
    # The rule whose date closes a late window for this act (a grace period, a late entry):
    # until then the act is still possible, so a passed date stays live (deadlines.status).
    late_rule: str | None = None


WD = "working_days"

_RULES = [
    Rule(
        "patent_annuity",
        gettext_noop("Patent annuity due"),
        gettext_noop("PIR art. 115; Examination Guidelines Part V ch. 9 (anniversary of filing)"),
        gettext_noop("anniversary of the filing date starting the unpaid patent year"),
        Period(0, "days"),
        "fixed",
        "right",
        act_by_days=1,
        late_rule="patent_annuity_grace_end",
    ),
    Rule(
        "patent_annuity_grace_end",
        gettext_noop("Patent annuity grace period ends"),
        gettext_noop("PIR art. 115 (6 months with surcharge); PL art. 44"),
        gettext_noop("annuity due date"),
        Period(6, "months"),
        "months_rollover",
        "right",
        critical=True,
    ),
    Rule(
        "patent_expiry",
        gettext_noop("Patent expires"),
        gettext_noop("PL art. 42(1)"),
        gettext_noop("the Chinese filing date (not the priority date, PIR art. 12)"),
        Period(20, "years"),
        "term_end",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_renewal_window_opens",
        gettext_noop("Trademark renewal window opens"),
        gettext_noop("TML art. 40"),
        gettext_noop("the anniversary of registration ending the term"),
        Period(-12, "months"),
        "months_fixed",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_renewal_due",
        gettext_noop("Trademark renewal due (term ends)"),
        gettext_noop("TML arts. 39-40; TMIR art. 12(2)"),
        gettext_noop("end of the current 10-year term"),
        Period(0, "days"),
        "fixed",
        "right",
        act_by_days=30,
        late_rule="trademark_renewal_grace_end",
    ),
    Rule(
        "trademark_renewal_grace_end",
        gettext_noop("Trademark renewal grace period ends"),
        gettext_noop("TML art. 40 (6 months with late fee; unextended date docketed)"),
        gettext_noop("end of the current 10-year term"),
        Period(6, "months"),
        "months_fixed",
        "right",
        critical=True,
    ),
    Rule(
        "trademark_opposition_end",
        gettext_noop("Trademark opposition period ends"),
        gettext_noop("TML art. 33; TMIR art. 12(1)"),
        gettext_noop("preliminary-approval publication date"),
        Period(3, "months"),
        "months_rollover",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_non_use_exposure",
        gettext_noop("Trademark exposed to non-use cancellation"),
        gettext_noop("TML art. 49(2); TMIR art. 66"),
        gettext_noop("registration date"),
        Period(3, "years"),
        "months_fixed",
        "right",
        milestone=True,
    ),
    Rule(
        "paris_priority",
        gettext_noop("Last day to file in China claiming Paris priority"),
        gettext_noop(
            "Paris Convention art. 4; PL art. 29(1) (12 months inventions and utility models, "
            "6 months designs); TML art. 25 (6 months trademarks)"
        ),
        gettext_noop("the earliest priority date, or the foreign filing date"),
        Period(12, "months"),
        "months_rollover",
        "right",
        act_by_days=30,
        critical=True,
    ),
    Rule(
        "pct_national_phase",
        gettext_noop("PCT national phase entry in China (30 months)"),
        gettext_noop("PIR art. 120"),
        gettext_noop("the earliest priority date, or the international filing date"),
        Period(30, "months"),
        "months_rollover",
        "right",
        act_by_days=30,
        critical=True,
        late_rule="pct_national_phase_late",
    ),
    Rule(
        "pct_national_phase_late",
        gettext_noop("PCT late national phase entry in China (32 months, fee)"),
        gettext_noop("PIR art. 120"),
        gettext_noop("the earliest priority date, or the international filing date"),
        Period(32, "months"),
        "months_rollover",
        "right",
        critical=True,
    ),
    Rule(
        "customs_record",
        gettext_noop("Record the right with China Customs"),
        gettext_noop(
            "Reg. arts. 2, 7, 16 (ex-officio protection needs a recordal); "
            "iptracker policy: within 3 months of grant or registration"
        ),
        gettext_noop("grant or registration date"),
        Period(3, "months"),
        "months_fixed",
        "right",
    ),
    Rule(
        "recordal_renewal_window_opens",
        gettext_noop("Customs recordal renewal window opens"),
        gettext_noop("Reg. art. 10(2) (within 6 months before expiry)"),
        gettext_noop("the recordal's end date"),
        Period(-6, "months"),
        "months_fixed",
        "recordal",
        milestone=True,
    ),
    Rule(
        "recordal_expiry",
        gettext_noop("Customs recordal expires (no grace period)"),
        gettext_noop("Reg. art. 10; Measures arts. 10-11"),
        gettext_noop("the recordal's end date"),
        Period(0, "days"),
        "fixed",
        "recordal",
        act_by_days=30,
        critical=True,
    ),
    Rule(
        "recordal_amendment",
        gettext_noop("File the recordal amendment with GACC"),
        gettext_noop("Reg. art. 11(1) (30 working days from the change)"),
        gettext_noop("date of the change"),
        Period(30, WD),
        "working_days",
        "change",
    ),
    Rule(
        "customs_notice_response",
        gettext_noop("Answer the customs notice (detain with bond, or explain)"),
        gettext_noop("Reg. art. 16; Measures arts. 22(1), 41 (day 1 is the day after service)"),
        gettext_noop("date the notice was served"),
        Period(3, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "detention_investigation",
        gettext_noop("Customs decides on infringement (30 working days)"),
        gettext_noop("Reg. art. 20"),
        gettext_noop("date of detention"),
        Period(30, WD),
        "working_days",
        "notice",
        milestone=True,
    ),
    Rule(
        "detention_court_order",
        gettext_noop("Court assistance notice needed or goods released (50 WD)"),
        gettext_noop("Reg. art. 24(2)"),
        gettext_noop("date of detention"),
        Period(50, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "detention_court_order_on_application",
        gettext_noop("Court assistance notice needed or goods released (20 WD)"),
        gettext_noop("Reg. art. 24(1)"),
        gettext_noop("date of detention"),
        Period(20, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "general_guarantee_renewal",
        gettext_noop("Renew the customs general guarantee for next year"),
        gettext_noop("Measures art. 24; GACC Announcement 2006 No. 31 (cover ends 31 December)"),
        gettext_noop("31 December of the guarantee year"),
        Period(0, "days"),
        "fixed",
        "guarantee",
        act_by_days=30,
    ),
    Rule(
        "general_guarantee_letter_expiry",
        gettext_noop("General guarantee bank letter expires"),
        gettext_noop("GACC Announcement 2006 No. 31 (letter valid to 30 June of the next year)"),
        gettext_noop("30 June after the guarantee year"),
        Period(0, "days"),
        "fixed",
        "guarantee",
        milestone=True,
    ),
    Rule(
        "ecommerce_counter_notice",
        gettext_noop(
            "Tell the platform that a complaint or suit was filed (counter-notice window)"
        ),
        gettext_noop(
            "E-Commerce Law art. 43(2) (15 days from the declaration reaching the right holder); "
            "Civil Code arts. 201, 203 (day 1 is the day after receipt; a last day that is a rest "
            "day moves to the next working day)"
        ),
        gettext_noop("date the seller's counter-notice reached the right holder"),
        Period(15, "days"),
        "days_rollover",
        "complaint",
        act_by_days=3,
        critical=True,
    ),
    Rule(
        "letter_reply_due",
        gettext_noop("Reply to the cease-and-desist letter due"),
        gettext_noop(
            "The letter's own reply period (iptracker: default 14 days, set per organisation); "
            "counted as Civil Code arts. 201, 203"
        ),
        gettext_noop("date the letter was sent"),
        Period(14, "days"),
        "days_rollover",
        "letter",
    ),
    Rule(
        "letter_follow_up",
        gettext_noop("Follow up the unanswered cease-and-desist letter"),
        gettext_noop(
            "iptracker policy: escalate (complaint, customs action or suit) when no answer came"
        ),
        gettext_noop("date the letter was sent"),
        Period(21, "days"),
        "days_rollover",
        "letter",
    ),
    Rule(
        "monitoring_sweep_due",
        gettext_noop("Sweep the platform for infringing listings"),
        gettext_noop(
            "iptracker policy: the monitoring plan's interval (platforms cannot be crawled; teams "
            "sweep by hand)"
        ),
        gettext_noop("date of the last sweep, or the plan's start"),
        Period(30, "days"),
        "fixed",
        "monitoring",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
CRITICAL_RULES = frozenset(rule.id for rule in _RULES if rule.critical)
MILESTONE_RULES = frozenset(rule.id for rule in _RULES if rule.milestone)
# Rights-ending dates: missing one loses the goods or the right for good. Each is checked by a
# second member who did not enter the facts behind it (deadlines.verification).
TWO_PERSON_RULES = frozenset(
    {
        "customs_notice_response",  # the goods are released
        "trademark_renewal_due",
        "trademark_renewal_grace_end",  # the mark is cancelled
        "patent_annuity_grace_end",  # the patent lapses
        "paris_priority",  # priority lost
        "pct_national_phase",
        "pct_national_phase_late",  # the PCT application is withdrawn for China
        "ecommerce_counter_notice",  # the platform restores the listings
    }
)
LATE_WINDOWS = {rule.id: rule.late_rule for rule in _RULES if rule.late_rule}
