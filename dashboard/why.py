"""'Why this date' as structured facts (rule, source, anchor, period, days counted and skipped)
read from a deadline's stored basis, so templates can show it without literal markup."""

import datetime as dt

from django.utils.translation import gettext as _

from deadlines.rules import RULES


def _date(value):
    if isinstance(value, dt.date) or not value:
        return value or None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


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


COUNTING = {
    "working_days": "Day 1 is the first China working day after the anchor; rest days are skipped.",
    "months_rollover": "The corresponding day; if it is a rest day, the next working day.",
    "months_fixed": "The corresponding day, not moved for rest days.",
    "term_end": "The last day of the term, the day before the corresponding day.",
    "fixed": "The date itself, not moved for rest days.",
    "days_rollover": "Calendar days, day 1 the day after the anchor; a last day that is a rest "
    "day moves to the next working day.",
}


def why(deadline) -> dict:
    basis = deadline.basis or {}
    rule = RULES.get(deadline.rule)
    counting = basis.get("counting") or (rule.counting if rule else "")
    nominal = _date(basis.get("nominal"))
    return {
        "rule_id": deadline.rule,
        "rule_label": rule.label if rule else deadline.rule,
        "source": basis.get("source") or (rule.source if rule else ""),
        "anchor_label": basis.get("anchor_label") or (rule.anchor if rule else ""),
        "anchor": _date(basis.get("anchor")),
        "period": period_words(basis.get("period") or {}, counting) if basis else "",
        "counting": _(COUNTING[counting]) if counting in COUNTING else "",
        "counted": [_date(d) for d in basis.get("counted", [])],
        "skipped": [(_date(day), reason) for day, reason in basis.get("skipped", [])],
        "nominal": nominal if nominal and nominal != deadline.due_date else None,
        "swapped": [_date(d) for d in basis.get("swapped_working_days", [])],
        "provisional": bool(basis.get("provisional") or deadline.provisional),
        "due": deadline.due_date,
        "act_by": deadline.act_by if deadline.act_by != deadline.due_date else None,
        "has_basis": bool(basis),
    }
