"""'Why this date' as structured facts (rule, source, anchor, period, days counted and skipped)
read from a deadline's stored basis, so templates can show it without literal markup."""

import datetime as dt

from deadlines.labels import counting_words, day_reason, notes_of, period_words, text
from deadlines.rules import RULES


def _date(value):
    if isinstance(value, dt.date) or not value:
        return value or None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def why(deadline) -> dict:
    basis = deadline.basis or {}
    rule = RULES.get(deadline.rule)
    counting = basis.get("counting") or (rule.counting if rule else "")
    nominal = _date(basis.get("nominal"))
    return {
        "rule_id": deadline.rule,
        "rule_label": text(rule.label) if rule else deadline.rule,
        "source": text(basis.get("source") or (rule.source if rule else "")),
        "anchor_label": text(basis.get("anchor_label") or (rule.anchor if rule else "")),
        "anchor": _date(basis.get("anchor")),
        "period": period_words(basis.get("period") or {}, counting) if basis else "",
        "counting": counting_words(counting),
        "counted": [_date(d) for d in basis.get("counted", [])],
        "skipped": [(_date(day), day_reason(reason)) for day, reason in basis.get("skipped", [])],
        "nominal": nominal if nominal and nominal != deadline.due_date else None,
        "swapped": [_date(d) for d in basis.get("swapped_working_days", [])],
        "provisional": bool(basis.get("provisional") or deadline.provisional),
        "due": deadline.due_date,
        "act_by": deadline.act_by if deadline.act_by != deadline.due_date else None,
        "notes": notes_of(deadline.explanation),
        "has_basis": bool(basis),
    }
