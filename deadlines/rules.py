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
    subject: str  # right | recordal | change | notice | guarantee | complaint | letter | monitoring
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
        "Patent annuity due",
        "PIR art. 115; Examination Guidelines Part V ch. 9 (anniversary of filing)",
        "anniversary of the filing date starting the unpaid patent year",
        Period(0, "days"),
        "fixed",
        "right",
        act_by_days=1,
        late_rule="patent_annuity_grace_end",
    ),
    Rule(
        "patent_annuity_grace_end",
        "Patent annuity grace period ends",
        "PIR art. 115 (6 months with surcharge); PL art. 44",
        "annuity due date",
        Period(6, "months"),
        "months_rollover",
        "right",
        critical=True,
    ),
    Rule(
        "patent_expiry",
        "Patent expires",
        "PL art. 42(1)",
        "the Chinese filing date (not the priority date, PIR art. 12)",
        Period(20, "years"),
        "term_end",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_renewal_window_opens",
        "Trademark renewal window opens",
        "TML art. 40",
        "the anniversary of registration ending the term",
        Period(-12, "months"),
        "months_fixed",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_renewal_due",
        "Trademark renewal due (term ends)",
        "TML arts. 39-40; TMIR art. 12(2)",
        "end of the current 10-year term",
        Period(0, "days"),
        "fixed",
        "right",
        act_by_days=30,
        late_rule="trademark_renewal_grace_end",
    ),
    Rule(
        "trademark_renewal_grace_end",
        "Trademark renewal grace period ends",
        "TML art. 40 (6 months with late fee; unextended date docketed)",
        "end of the current 10-year term",
        Period(6, "months"),
        "months_fixed",
        "right",
        critical=True,
    ),
    Rule(
        "trademark_opposition_end",
        "Trademark opposition period ends",
        "TML art. 33; TMIR art. 12(1)",
        "preliminary-approval publication date",
        Period(3, "months"),
        "months_rollover",
        "right",
        milestone=True,
    ),
    Rule(
        "trademark_non_use_exposure",
        "Trademark exposed to non-use cancellation",
        "TML art. 49(2); TMIR art. 66",
        "registration date",
        Period(3, "years"),
        "months_fixed",
        "right",
        milestone=True,
    ),
    Rule(
        "paris_priority",
        "Last day to file in China claiming Paris priority",
        "Paris Convention art. 4; PL art. 29(1) (12 months inventions and utility models, "
        "6 months designs); TML art. 25 (6 months trademarks)",
        "the earliest priority date, or the foreign filing date",
        Period(12, "months"),
        "months_rollover",
        "right",
        act_by_days=30,
        critical=True,
    ),
    Rule(
        "pct_national_phase",
        "PCT national phase entry in China (30 months)",
        "PIR art. 120",
        "the earliest priority date, or the international filing date",
        Period(30, "months"),
        "months_rollover",
        "right",
        act_by_days=30,
        critical=True,
        late_rule="pct_national_phase_late",
    ),
    Rule(
        "pct_national_phase_late",
        "PCT late national phase entry in China (32 months, fee)",
        "PIR art. 120",
        "the earliest priority date, or the international filing date",
        Period(32, "months"),
        "months_rollover",
        "right",
        critical=True,
    ),
    Rule(
        "customs_record",
        "Record the right with China Customs",
        "Reg. arts. 2, 7, 16 (ex-officio protection needs a recordal); "
        "iptracker policy: within 3 months of grant or registration",
        "grant or registration date",
        Period(3, "months"),
        "months_fixed",
        "right",
    ),
    Rule(
        "recordal_renewal_window_opens",
        "Customs recordal renewal window opens",
        "Reg. art. 10(2) (within 6 months before expiry)",
        "the recordal's end date",
        Period(-6, "months"),
        "months_fixed",
        "recordal",
        milestone=True,
    ),
    Rule(
        "recordal_expiry",
        "Customs recordal expires (no grace period)",
        "Reg. art. 10; Measures arts. 10-11",
        "the recordal's end date",
        Period(0, "days"),
        "fixed",
        "recordal",
        act_by_days=30,
        critical=True,
    ),
    Rule(
        "recordal_amendment",
        "File the recordal amendment with GACC",
        "Reg. art. 11(1) (30 working days from the change)",
        "date of the change",
        Period(30, WD),
        "working_days",
        "change",
    ),
    Rule(
        "customs_notice_response",
        "Answer the customs notice (detain with bond, or explain)",
        "Reg. art. 16; Measures arts. 22(1), 41 (day 1 is the day after service)",
        "date the notice was served",
        Period(3, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "detention_investigation",
        "Customs decides on infringement (30 working days)",
        "Reg. art. 20",
        "date of detention",
        Period(30, WD),
        "working_days",
        "notice",
        milestone=True,
    ),
    Rule(
        "detention_court_order",
        "Court assistance notice needed or goods released (50 WD)",
        "Reg. art. 24(2)",
        "date of detention",
        Period(50, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "detention_court_order_on_application",
        "Court assistance notice needed or goods released (20 WD)",
        "Reg. art. 24(1)",
        "date of detention",
        Period(20, WD),
        "working_days",
        "notice",
        critical=True,
    ),
    Rule(
        "general_guarantee_renewal",
        "Renew the customs general guarantee for next year",
        "Measures art. 24; GACC Announcement 2006 No. 31 (cover ends 31 December)",
        "31 December of the guarantee year",
        Period(0, "days"),
        "fixed",
        "guarantee",
        act_by_days=30,
    ),
    Rule(
        "general_guarantee_letter_expiry",
        "General guarantee bank letter expires",
        "GACC Announcement 2006 No. 31 (letter valid to 30 June of the next year)",
        "30 June after the guarantee year",
        Period(0, "days"),
        "fixed",
        "guarantee",
        milestone=True,
    ),
    Rule(
        "ecommerce_counter_notice",
        "Tell the platform that a complaint or suit was filed (counter-notice window)",
        "E-Commerce Law art. 43(2) (15 days from the declaration reaching the right holder); "
        "Civil Code arts. 201, 203 (day 1 is the day after receipt; a last day that is a rest "
        "day moves to the next working day)",
        "date the seller's counter-notice reached the right holder",
        Period(15, "days"),
        "days_rollover",
        "complaint",
        act_by_days=3,
        critical=True,
    ),
    Rule(
        "letter_reply_due",
        "Reply to the cease-and-desist letter due",
        "The letter's own reply period (iptracker: default 14 days, set per organisation); "
        "counted as Civil Code arts. 201, 203",
        "date the letter was sent",
        Period(14, "days"),
        "days_rollover",
        "letter",
    ),
    Rule(
        "letter_follow_up",
        "Follow up the unanswered cease-and-desist letter",
        "iptracker policy: escalate (complaint, customs action or suit) when no answer came",
        "date the letter was sent",
        Period(21, "days"),
        "days_rollover",
        "letter",
    ),
    Rule(
        "monitoring_sweep_due",
        "Sweep the platform for infringing listings",
        "iptracker policy: the monitoring plan's interval (platforms cannot be crawled; teams "
        "sweep by hand)",
        "date of the last sweep, or the plan's start",
        Period(30, "days"),
        "fixed",
        "monitoring",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
CRITICAL_RULES = frozenset(rule.id for rule in _RULES if rule.critical)
MILESTONE_RULES = frozenset(rule.id for rule in _RULES if rule.milestone)
LATE_WINDOWS = {rule.id: rule.late_rule for rule in _RULES if rule.late_rule}
