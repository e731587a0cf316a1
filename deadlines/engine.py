"""The deadline engine: facts + rules + calendar -> computed deadlines. Pure: no ORM, no "now"."""

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypedDict

from django.utils.translation import gettext_noop

from calendars.workdays import WorkdayCalendar, add_working_days, day_status, roll_forward
from core.dates import add_months, term_end
from customs.terms import guarantee_dates
from rights.choices import ENDED, IN_FORCE, PATENT_KINDS

from . import fees, terms
from .explain import explain
from .facts import (
    ComplaintFacts,
    DetentionApplicationFacts,
    GuaranteeFacts,
    LetterFacts,
    MonitoringFacts,
    NoticeFacts,
    RecordalFacts,
    RightFacts,
)
from .rules import RULES, Period, Rule

PATENTS = PATENT_KINDS

# Fixed sentences the engine adds to an explanation (Anchor.note), marked for the catalogue:
# stored in English like the rest, shown in the reader's language by deadlines.labels.
COUNTER_NOTICE_NOTE = gettext_noop(
    "Calendar days (the law does not say working days). Without notice of a complaint to an "
    "authority or a suit by then, the platform must lift its measures promptly (E-Commerce Law "
    "art. 43(2)). The platform's own rules may add steps."
)
LETTER_FOLLOW_UP_NOTE = gettext_noop(
    "No answer yet: decide on a platform complaint, customs action or a suit."
)
APPLICATION_NOTE = gettext_noop(
    "On-application track (Reg. arts. 12-15): customs does not decide on infringement (Reg. "
    "art. 20 covers the ex-officio track only). Without a court's assistance notice (injunction "
    "or property preservation) by then, customs releases the goods."
)
ANNUITY_GRACE_NOTE = gettext_noop(
    "Unpaid by then, the patent ends as of the original due date (PL art. 44)."
)
NON_USE_NOTE = gettext_noop(
    "From this date anyone may ask CNIPA to cancel the mark for 3 years' non-use: keep dated "
    "evidence of use."
)
CUSTOMS_RECORD_NOTE = gettext_noop(
    "Without a recordal customs will not stop infringing goods on its own initiative."
)
FIXED_NOTES = (
    COUNTER_NOTICE_NOTE,
    LETTER_FOLLOW_UP_NOTE,
    APPLICATION_NOTE,
    ANNUITY_GRACE_NOTE,
    NON_USE_NOTE,
    CUSTOMS_RECORD_NOTE,
)
ACTIVE_RECORDAL = ("active",)


@dataclass(frozen=True)
class Anchor:
    rule_id: str
    subject_key: str
    date: dt.date
    cycle: int = 0
    period: Period | None = None  # overrides the rule's period (e.g. term years by kind)
    counting: str | None = None  # overrides the rule's counting (e.g. an office end date)
    satisfied_on: dt.date | None = None
    recordal_id: int | None = None
    notice_id: int | None = None
    guarantee_id: int | None = None
    detail: str = ""  # shown in the title, e.g. "patent year 8"
    note: str = ""  # extra sentence for the explanation
    annuity: tuple[str, int] | None = None  # (patent kind, patent year): its fee is shown


class AnchorLinks(TypedDict, total=False):
    """The keyword arguments several anchors of one subject share (`Anchor(..., **links)`)."""

    cycle: int
    recordal_id: int | None
    notice_id: int | None
    guarantee_id: int | None
    detail: str


@dataclass(frozen=True)
class Computed:
    rule: Rule
    subject_key: str
    cycle: int
    title: str
    due: dt.date
    act_by: dt.date
    provisional: bool
    explanation: str
    basis: dict
    satisfied_on: dt.date | None = None
    recordal_id: int | None = None
    notice_id: int | None = None
    guarantee_id: int | None = None
    # The days whose working-day status was consulted (None: the calendar was not used); a
    # change to a year's official data recomputes the deadlines whose span touches it.
    calendar_from: dt.date | None = None
    calendar_until: dt.date | None = None
    key: tuple = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "key", (self.subject_key, self.rule.id, self.cycle))


@dataclass(frozen=True)
class Counted:
    """How a period was applied: the due date and what was counted to reach it."""

    due: dt.date
    provisional: bool = False
    nominal: dt.date | None = None
    counted: tuple = ()
    skipped: tuple = ()
    swapped: tuple = ()
    earliest: dt.date | None = None  # provisional: the earliest date the real schedule allows
    consulted_from: dt.date | None = None  # first day whose calendar status was read

    @property
    def assumed(self) -> tuple:
        return tuple(s for s in self.skipped if s.assumed)


def apply_period(start: dt.date, period: Period, counting: str, calendar) -> Counted:
    if counting == "working_days":
        result = add_working_days(start, period.amount, calendar)
        return Counted(
            result.due,
            result.provisional,
            None,
            result.counted,
            result.skipped,
            result.swapped,
            result.earliest,
            start + dt.timedelta(days=1),
        )
    if counting == "term_end":
        return Counted(term_end(start, period.amount))
    months = period.amount * (12 if period.unit == "years" else 1)
    if counting == "months_rollover":
        nominal = add_months(start, months)
        rolled = roll_forward(nominal, calendar)
        return Counted(
            rolled.due,
            rolled.provisional,
            nominal,
            (),
            rolled.skipped,
            (),
            rolled.earliest,
            nominal,
        )
    if counting == "months_fixed":
        return Counted(add_months(start, months))
    if counting == "fixed":
        return Counted(start + dt.timedelta(days=period.amount))
    if counting == "days_rollover":
        nominal = start + dt.timedelta(days=period.amount)
        rolled = roll_forward(nominal, calendar)
        return Counted(
            rolled.due,
            rolled.provisional,
            nominal,
            (),
            rolled.skipped,
            (),
            rolled.earliest,
            nominal,
        )
    raise ValueError(f"unknown counting mode {counting!r}")


ONE_DAY = dt.timedelta(days=1)


def act_by_date(
    *, due: dt.date, rule: Rule, calendar: WorkdayCalendar, earliest: dt.date | None = None
) -> dt.date:
    """The internal date to act by: always a China working day on or before the legal date.

    The one place the act-by date is decided. Start from the rule's safety margin before the
    legal date (`act_by_days`), or from `earliest` if that is sooner (a provisional deadline's
    earliest possible date: the real schedule may swap a weekend into a working day), then step
    back over rest days to the last working day. A milestone (a window opening, a term ending)
    is a date to know, not an act: its act-by is the date itself.
    """
    if rule.milestone:
        return due
    day = due - dt.timedelta(days=rule.act_by_days)
    if earliest is not None:
        day = min(day, earliest)
    while not day_status(day, calendar).working:
        day -= ONE_DAY
    return day


@dataclass(frozen=True)
class TimeLeft:
    """Calendar days from today to the act-by date and to the legal date (negative: passed)."""

    act_by: dt.date
    due: dt.date
    to_act_by: int
    to_due: int

    @property
    def act_today(self) -> bool:
        return self.to_act_by == 0

    @property
    def due_today(self) -> bool:
        return self.to_due == 0


def time_left(*, act_by: dt.date, due: dt.date, today: dt.date) -> TimeLeft:
    """How long is left, counted the one way every reader sees it (emails, pages, API).

    "Days left" is the time left to act: up to the act-by date, which the engine keeps on a
    working day on or before the legal date (`act_by_date`); the legal date's own distance is
    `to_due` (0 = due today).
    """
    return TimeLeft(act_by, due, (act_by - today).days, (due - today).days)


def compute(anchor: Anchor, calendar: WorkdayCalendar) -> Computed:
    rule = RULES[anchor.rule_id]
    period = anchor.period or rule.period
    counting = anchor.counting or rule.counting
    result = apply_period(anchor.date, period, counting, calendar)
    title = f"{rule.label} ({anchor.detail})" if anchor.detail else rule.label
    # Provisional: the real schedule may swap a weekend into a working day, so the earliest date
    # it could produce (result.earliest) bounds the act-by date too.
    act_by = act_by_date(due=result.due, rule=rule, calendar=calendar, earliest=result.earliest)
    explanation = explain(rule, anchor, period, result, act_by=act_by)
    annuity = _annuity_money(anchor, calendar)
    if annuity:
        explanation = f"{explanation} {annuity[0]}"
    return Computed(
        rule=rule,
        subject_key=anchor.subject_key,
        cycle=anchor.cycle,
        title=title,
        due=result.due,
        act_by=act_by,
        provisional=result.provisional,
        explanation=explanation,
        basis={
            "rule": rule.id,
            "source": rule.source,
            "anchor": anchor.date.isoformat(),
            "anchor_label": rule.anchor,
            "period": {"amount": period.amount, "unit": period.unit},
            "counting": counting,
            "nominal": result.nominal.isoformat() if result.nominal else None,
            "counted": [d.isoformat() for d in result.counted],
            "skipped": [[s.day.isoformat(), s.reason] for s in result.skipped],
            "swapped_working_days": [d.isoformat() for d in result.swapped],
            "provisional": result.provisional,
            "earliest": result.earliest.isoformat() if result.earliest else None,
            "assumed_days_off": [[s.day.isoformat(), s.reason] for s in result.assumed],
            **({"annuity": annuity[1]} if annuity else {}),
        },
        satisfied_on=anchor.satisfied_on,
        recordal_id=anchor.recordal_id,
        notice_id=anchor.notice_id,
        guarantee_id=anchor.guarantee_id,
        calendar_from=result.consulted_from,
        calendar_until=result.due if result.consulted_from else None,
    )


def _annuity_money(anchor: Anchor, calendar) -> tuple[str, dict] | None:
    """The annuity's fee and the surcharge for each month of its grace period (PIR art. 115),
    in words and as data, from the fee table (deadlines.fees). The anchor is the due date."""
    if anchor.annuity is None:
        return None
    grace = RULES["patent_annuity_grace_end"]
    grace_end = apply_period(anchor.date, grace.period, grace.counting, calendar).due
    return _annuity_words(*anchor.annuity, anchor.date, grace_end)


@functools.lru_cache(maxsize=1024)
def _annuity_words(kind: str, year: int, due: dt.date, grace_end: dt.date):
    """Worked out once per kind, year and dates: an annuity and its grace-period end share them,
    and an import meets the same ones again. The basis dict is shared: read-only."""
    fee = fees.annuity_fee(kind, year)
    if fee is None:
        return None
    tiers = fees.surcharge_tiers(due=due, fee=fee, grace_end=grace_end)
    words = f"{fees.fee_words(fee)} {fees.surcharge_words(tiers, fee.currency)}"
    return words, fees.basis_of(fee, tiers)


def right_term(right: RightFacts) -> terms.Term:
    return terms.right_expiry(
        kind=right.kind,
        jurisdiction=right.jurisdiction,
        filing_date=right.filing_date,
        registration_date=right.registration_date,
        publication_date=right.publication_date,
        renewals=right.renewals,
        office_expiry_date=right.office_expiry_date,
    )


def recordal_term(right: RightFacts, recordal: RecordalFacts) -> terms.Term:
    return terms.recordal_valid_until(
        approved_on=recordal.approved_on,
        right_expiry=right_term(right).end,
        office_valid_until=recordal.office_valid_until,
    )


def recordal_renewable(right: RightFacts, valid: terms.Term) -> bool:
    """Can this recordal be renewed with GACC (Reg. art. 10(2))?

    A recordal that ends before the right does can. One capped at the right's expiry (Measures
    art. 10) can only if the right itself can be renewed: a trademark (TML art. 40), whose
    recordal is then renewed with it (Reg. art. 10(2), Measures art. 11). A patent cannot.
    """
    right_end = right_term(right).end
    capped = right_end is not None and valid.end is not None and right_end <= valid.end
    return not capped or right.kind in terms.RENEWABLE_KINDS


def _patent_anchors(right: RightFacts, key: str, expiry: terms.Term) -> Iterator[Anchor]:
    if right.status not in IN_FORCE or not right.filing_date:
        return
    if expiry.end:
        if expiry.years and expiry.start:
            yield Anchor("patent_expiry", key, expiry.start, period=Period(expiry.years, "years"))
        else:
            yield Anchor(
                "patent_expiry",
                key,
                expiry.end,
                period=Period(0, "days"),
                counting="fixed",
                note=f"End date {expiry.end}: {expiry.explanation}.",
            )
    paid = right.annuities_paid_through
    if paid is None and right.grant_date:
        # Annuities start with the patent year of grant, paid at grant registration.
        paid = _patent_year_of(right.filing_date, right.grant_date)
    if paid is None:
        return
    due = add_months(right.filing_date, 12 * paid)
    if expiry.end and due > expiry.end:
        return
    year = paid + 1
    yield Anchor(
        "patent_annuity",
        key,
        due,
        cycle=year,
        detail=f"patent year {year}",
        note=f"Patent year {year} starts on the anniversary of filing; docket the day before.",
        annuity=(right.kind, year),
    )
    yield Anchor(
        "patent_annuity_grace_end",
        key,
        due,
        cycle=year,
        detail=f"patent year {year}",
        note=ANNUITY_GRACE_NOTE,
        annuity=(right.kind, year),
    )


def _patent_year_of(filing: dt.date, day: dt.date) -> int:
    year = 1
    while add_months(filing, 12 * year) <= day:
        year += 1
    return year


def _trademark_anchors(right: RightFacts, key: str, expiry: terms.Term) -> Iterator[Anchor]:
    if right.status == "published" and right.publication_date:
        yield Anchor("trademark_opposition_end", key, right.publication_date)
    if right.status != "registered" or not expiry.end:
        return
    term = right.renewals + 1
    detail = f"term {term}"
    yield Anchor(
        "trademark_renewal_window_opens",
        key,
        expiry.end + dt.timedelta(days=1),
        cycle=term,
        detail=detail,
        note=f"The term ends on {expiry.end} ({expiry.explanation}).",
    )
    yield Anchor("trademark_renewal_due", key, expiry.end, cycle=term, detail=detail)
    yield Anchor("trademark_renewal_grace_end", key, expiry.end, cycle=term, detail=detail)
    if right.registration_date:
        yield Anchor(
            "trademark_non_use_exposure",
            key,
            right.registration_date,
            note=NON_USE_NOTE,
        )


def _foreign_anchors(right: RightFacts, key: str) -> Iterator[Anchor]:
    start = right.priority_date or right.filing_date
    if not start or right.kind == "copyright":
        return
    done = right.cn_counterpart_filed_on
    note = "Protected abroad but not yet in China, where the first to file wins."
    if right.jurisdiction == "WO":
        if right.kind in ("invention", "utility_model"):
            yield Anchor("pct_national_phase", key, start, satisfied_on=done, note=note)
            yield Anchor("pct_national_phase_late", key, start, satisfied_on=done, note=note)
        return
    months = 12 if right.kind in ("invention", "utility_model") else 6
    yield Anchor(
        "paris_priority",
        key,
        start,
        period=Period(months, "months"),
        satisfied_on=done,
        detail=f"{months} months",
        note=note,
    )


def _customs_record_anchor(right: RightFacts, key: str) -> Iterator[Anchor]:
    granted_on = right.grant_date or right.registration_date
    if right.jurisdiction != "CN" or right.status not in IN_FORCE or not granted_on:
        return
    applied = [r.applied_on for r in right.recordals]
    yield Anchor(
        "customs_record",
        key,
        granted_on,
        satisfied_on=min(applied) if applied else None,
        note=CUSTOMS_RECORD_NOTE,
    )


def _recordal_anchors(right: RightFacts, recordal: RecordalFacts, calendar) -> Iterator[Anchor]:
    rkey = f"recordal:{recordal.id}"
    valid = recordal_term(right, recordal)
    # Reg. art. 10(3): the recordal lapses as soon as the right stops being protected.
    if recordal.status in ACTIVE_RECORDAL and valid.end and right.status not in ENDED:
        cycle = valid.end.year
        right_end = right_term(right).end
        capped = right_end is not None and right_end <= valid.end
        common: AnchorLinks = {"cycle": cycle, "recordal_id": recordal.id}
        if recordal_renewable(right, valid):
            yield Anchor(
                "recordal_renewal_window_opens",
                rkey,
                valid.end + dt.timedelta(days=1),
                note=f"The recordal ends on {valid.end} ({valid.explanation}).",
                **common,
            )
            note = f"{valid.explanation}; renew in the 6 months before, there is no grace."
            if capped:
                note += (
                    " It ends with the mark's current term: renew the mark (TML art. 40) and the "
                    "recordal with it (Reg. art. 10(2); Measures art. 11)."
                )
        else:
            note = "The right ends with the recordal: no renewal is possible (Reg. art. 10(2))."
        yield Anchor("recordal_expiry", rkey, valid.end, note=note, **common)
    for change in recordal.changes:
        yield Anchor(
            "recordal_amendment",
            f"change:{change.id}",
            change.occurred_on,
            satisfied_on=change.filed_on,
            recordal_id=recordal.id,
            detail=change.kind.replace("_", " "),
        )
    for notice in recordal.notices:
        yield from notice_anchors(notice, recordal.id)


def notice_anchors(notice: NoticeFacts, recordal_id: int | None = None) -> Iterator[Anchor]:
    nkey = f"notice:{notice.id}"
    common: AnchorLinks = {"recordal_id": recordal_id, "notice_id": notice.id}
    if notice.track == "ex_officio":
        yield Anchor(
            "customs_notice_response",
            nkey,
            notice.served_on,
            satisfied_on=notice.responded_on,
            note="Cut-off: 24:00 on the last day by post or bank; the customs office's closing "
            "time if filed in person (Measures art. 41). No answer or no bond: the goods go "
            "through (Reg. art. 16).",
            **common,
        )
    if notice.detained_on:
        if notice.track == "ex_officio":
            yield Anchor("detention_investigation", nkey, notice.detained_on, **common)
            yield Anchor("detention_court_order", nkey, notice.detained_on, **common)
        else:
            yield Anchor("detention_court_order_on_application", nkey, notice.detained_on, **common)


def right_anchors(right: RightFacts) -> Iterator[Anchor]:
    key = f"right:{right.id}"
    if right.status in ENDED:
        return
    expiry = right_term(right)
    if right.jurisdiction != "CN":
        yield from _foreign_anchors(right, key)
        return
    if right.kind in PATENTS:
        yield from _patent_anchors(right, key, expiry)
    elif right.kind == "trademark":
        yield from _trademark_anchors(right, key, expiry)
    yield from _customs_record_anchor(right, key)


def deadlines_for_right(right: RightFacts, calendar: WorkdayCalendar) -> list[Computed]:
    """Every deadline that follows from a right and its recordals, changes and notices."""
    anchors = list(right_anchors(right))
    for recordal in right.recordals:
        anchors.extend(_recordal_anchors(right, recordal, calendar))
    return [compute(anchor, calendar) for anchor in anchors]


def deadlines_for_guarantee(guarantee: GuaranteeFacts, calendar) -> list[Computed]:
    covers_until, letter_until = guarantee_dates(guarantee.year)
    key = f"guarantee:{guarantee.id}"
    common: AnchorLinks = {
        "cycle": guarantee.year,
        "guarantee_id": guarantee.id,
        "detail": str(guarantee.year),
    }
    anchors = [
        Anchor(
            "general_guarantee_renewal",
            key,
            covers_until,
            satisfied_on=guarantee.next_year_approved_on,
            **common,
        ),
        Anchor("general_guarantee_letter_expiry", key, letter_until, **common),
    ]
    return [compute(anchor, calendar) for anchor in anchors]


def deadlines_for_complaint(complaint: ComplaintFacts, calendar) -> list[Computed]:
    """The E-Commerce Law art. 43 window, once the seller's counter-notice has arrived."""
    received = complaint.counter_notice_received_on
    if not received:
        return []
    anchor = Anchor(
        "ecommerce_counter_notice",
        f"complaint:{complaint.id}",
        received,
        satisfied_on=complaint.action_filed_on or complaint.closed_on,
        note=COUNTER_NOTICE_NOTE,
    )
    return [compute(anchor, calendar)]


def deadlines_for_letter(letter: LetterFacts, calendar) -> list[Computed]:
    """The reply the letter asks for, and the follow-up if none comes."""
    if not letter.sent_on:
        return []
    key = f"letter:{letter.id}"
    follow_up = letter.reply_days + letter.follow_up_days
    anchors = [
        Anchor(
            "letter_reply_due",
            key,
            letter.sent_on,
            period=Period(letter.reply_days, "days"),
            satisfied_on=letter.answered_on,
            detail=f"{letter.reply_days} days",
        ),
        Anchor(
            "letter_follow_up",
            key,
            letter.sent_on,
            period=Period(follow_up, "days"),
            satisfied_on=letter.answered_on,
            detail=f"{follow_up} days after sending",
            note=LETTER_FOLLOW_UP_NOTE,
        ),
    ]
    return [compute(anchor, calendar) for anchor in anchors]


def deadlines_for_monitoring(plan: MonitoringFacts, calendar) -> list[Computed]:
    """The next sweep of an active plan: cycle N is due `interval_days` after sweep N-1."""
    if not plan.active:
        return []
    anchor = Anchor(
        "monitoring_sweep_due",
        f"monitoring:{plan.id}",
        plan.last_swept_on or plan.started_on,
        cycle=plan.sweeps + 1,
        period=Period(plan.interval_days, "days"),
        detail=f"sweep {plan.sweeps + 1}",
    )
    return [compute(anchor, calendar)]


def deadlines_for_detention_application(
    application: DetentionApplicationFacts, calendar
) -> list[Computed]:
    """Once customs has detained the goods on the holder's application: 20 working days to get a
    court's assistance notice to customs (Reg. art. 24(1)); customs does not investigate."""
    if not application.detained_on:
        return []
    anchor = Anchor(
        "detention_court_order_on_application",
        f"application:{application.id}",
        application.detained_on,
        satisfied_on=application.court_notice_on or application.closed_on,
        note=APPLICATION_NOTE,
    )
    return [compute(anchor, calendar)]
