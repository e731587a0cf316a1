"""A deadline's words in the reader's language, translated when shown.

The engine stays pure and stores English (titles, explanations, the basis); the rule texts are
marked for the catalogue in rules.py, and pages and emails translate them through this module in
the active language (the reader's own: the page's, or the recipient's for an email).
"""

import re

from django.utils.translation import get_language, gettext as _, gettext_noop

from core.templatetags.legal_dates import weekday_date
from customs.models import ChangeKind

from .engine import FIXED_NOTES
from .rules import RULES

# The detail the engine writes into a title's brackets (engine.Anchor.detail).
DETAILS = (
    (re.compile(r"patent year (\d+)"), gettext_noop("patent year %(n)s")),
    (re.compile(r"term (\d+)"), gettext_noop("term %(n)s")),
    (re.compile(r"(\d+) months"), gettext_noop("%(n)s months")),
    (re.compile(r"(\d+) days"), gettext_noop("%(n)s days")),
    (re.compile(r"(\d+) days after sending"), gettext_noop("%(n)s days after sending")),
    (re.compile(r"sweep (\d+)"), gettext_noop("sweep %(n)s")),
)

# Day names the calendar writes into a deadline's basis (calendars.workdays, chinese_calendar).
DAY_NAMES = {
    "weekend": gettext_noop("weekend"),
    "working day": gettext_noop("working day"),
    "day off": gettext_noop("day off"),
    "official working day": gettext_noop("official working day"),
    "New Year's Day": gettext_noop("New Year's Day"),
    "Spring Festival": gettext_noop("Spring Festival"),
    "Spring Festival eve": gettext_noop("Spring Festival eve"),
    "Tomb-sweeping Day": gettext_noop("Tomb-sweeping Day"),
    "Qingming Festival": gettext_noop("Qingming Festival"),
    "Labour Day": gettext_noop("Labour Day"),
    "Dragon Boat Festival": gettext_noop("Dragon Boat Festival"),
    "Mid-autumn Festival": gettext_noop("Mid-autumn Festival"),
    "Mid-Autumn Festival": gettext_noop("Mid-Autumn Festival"),
    "National Day": gettext_noop("National Day"),
    "Anti-Fascist 70th Day": gettext_noop("Anti-Fascist 70th Day"),
}
DAY_SUFFIXES = (
    (
        " (no official schedule for this year)",
        gettext_noop("%(day)s (no official schedule for this year)"),
    ),
    (" (statutory day off, assumed)", gettext_noop("%(day)s (statutory day off, assumed)")),
    (
        ", could become a swapped working day",
        gettext_noop("%(day)s, could become a swapped working day"),
    ),
)

# Notes the services write on a deadline they close themselves (deadlines.services).
SYSTEM_NOTES = {
    "Done: the facts show it was met.": gettext_noop("Done: the facts show it was met."),
    "Date reached.": gettext_noop("Date reached."),
}

COUNTING = {
    "working_days": gettext_noop(
        "Day 1 is the first China working day after the anchor; rest days are skipped."
    ),
    "months_rollover": gettext_noop(
        "The corresponding day; if it is a rest day, the next working day."
    ),
    "months_fixed": gettext_noop("The corresponding day, not moved for rest days."),
    "term_end": gettext_noop("The last day of the term, the day before the corresponding day."),
    "fixed": gettext_noop("The date itself, not moved for rest days."),
    "days_rollover": gettext_noop(
        "Calendar days, day 1 the day after the anchor; a last day that is a rest day moves to "
        "the next working day."
    ),
}


def text(value: str) -> str:
    """A stored English rule text (label, source, anchor) in the active language."""
    return _(value) if value else value


def detail_words(detail: str) -> str:
    for pattern, words in DETAILS:
        match = pattern.fullmatch(detail)
        if match:
            return _(words) % {"n": match.group(1)}
    kind = detail.replace(" ", "_")
    return str(ChangeKind(kind).label) if kind in ChangeKind.values else detail


def day_reason(reason: str) -> str:
    """Why a day was skipped or counted ("National Day", "swapped working day (Spring
    Festival)", "weekend (no official schedule for this year)") in the active language."""
    for suffix, words in DAY_SUFFIXES:
        if reason.endswith(suffix):
            return _(words) % {"day": day_reason(reason[: -len(suffix)])}
    swapped = re.fullmatch(r"swapped working day \((.*)\)", reason)
    if swapped:
        return _("swapped working day (%(name)s)") % {"name": day_reason(swapped.group(1))}
    return _(DAY_NAMES[reason]) if reason in DAY_NAMES else reason


def note_words(note: str) -> str:
    """A deadline's note: the services' own notes translated, a person's note as written."""
    if note in SYSTEM_NOTES:
        return _(SYSTEM_NOTES[note])
    superseded = re.fullmatch(r"Superseded by cycle (\d+)\.", note)
    if superseded:
        return _("Superseded by cycle %(n)s.") % {"n": superseded.group(1)}
    return note


def notes_of(explanation: str) -> list[str]:
    """The engine's fixed notes found in a stored English explanation, in the active language
    (a note with values filled in, such as a term's end, is not among them)."""
    return [_(note) for note in FIXED_NOTES if note in (explanation or "")]


def title_of(rule_id: str, title: str) -> str:
    """The stored title ("Patent annuity due (patent year 8)") in the active language."""
    rule = RULES.get(rule_id)
    if rule is None or not title.startswith(rule.label):
        return title
    rest = title[len(rule.label) :]
    match = re.fullmatch(r" \((.*)\)", rest)
    if not rest:
        return _(rule.label)
    if match is None:
        return _(rule.label) + rest
    return _("%(label)s (%(detail)s)") % {
        "label": _(rule.label),
        "detail": detail_words(match.group(1)),
    }


def period_words(period: dict, counting: str) -> str:
    amount, unit = period.get("amount", 0), period.get("unit", "days")
    if counting == "fixed" and amount == 0:
        return _("the date itself")
    units = {
        "working_days": _("China working days"),
        "months": _("months"),
        "years": _("years"),
        "days": _("calendar days"),
    }
    words = {"n": abs(amount), "unit": units.get(unit, unit)}
    if counting == "term_end":
        return _("a term of %(n)s %(unit)s, ending the day before the anniversary") % words
    if amount < 0:
        return _("%(n)s %(unit)s before it") % words
    return _("%(n)s %(unit)s after it") % words


def counting_words(counting: str) -> str:
    return _(COUNTING[counting]) if counting in COUNTING else ""


def explanation_of(deadline) -> str:
    """'Why this date' in one paragraph: the engine's own English text when reading English,
    otherwise the same facts (rule, source, anchor, period, due and act-by) translated."""
    if (get_language() or "en").startswith("en"):
        return deadline.explanation
    basis = deadline.basis or {}
    rule = RULES.get(deadline.rule)
    if not basis or rule is None:
        return deadline.explanation
    counting = basis.get("counting") or rule.counting
    parts = [
        _("%(label)s: due %(due)s.")
        % {
            "label": title_of(deadline.rule, deadline.title),
            "due": weekday_date(deadline.due_date),
        },
        _("Rule %(rule)s, source: %(source)s.")
        % {"rule": deadline.rule, "source": text(basis.get("source") or rule.source)},
        _("Counted from the %(anchor)s, %(date)s: %(period)s.")
        % {
            "anchor": text(basis.get("anchor_label") or rule.anchor),
            "date": weekday_date(basis.get("anchor")),
            "period": period_words(basis.get("period") or {}, counting),
        },
    ]
    if counting_words(counting):
        parts.append(counting_words(counting))
    if deadline.act_by and deadline.act_by != deadline.due_date:
        parts.append(
            _("Act by %(date)s (internal margin).") % {"date": weekday_date(deadline.act_by)}
        )
    parts.extend(notes_of(deadline.explanation))
    if deadline.provisional:
        parts.append(
            _(
                "Provisional: the official holiday schedule of a year counted through is not "
                "loaded yet; the date is recomputed when it is."
            )
        )
    return "".join(parts)  # Chinese runs sentences on without spaces
