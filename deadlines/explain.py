"""Every computed deadline explains itself: rule, source, anchor, and the days counted."""

from .rules import Period, Rule

UNIT_WORDS = {"working_days": "China working days", "months": "months", "years": "years"}


def _period_words(period: Period, counting: str) -> str:
    if counting == "fixed" and period.amount == 0:
        return "the date itself"
    amount = abs(period.amount)
    unit = "calendar days" if counting == "days_rollover" else UNIT_WORDS.get(period.unit, "days")
    direction = "before" if period.amount < 0 else "after"
    if counting == "term_end":
        return f"a term of {amount} {unit} from it, ending the day before the anniversary"
    return f"{amount} {unit} {direction} it"


def _day_list(days) -> str:
    return ", ".join(d.isoformat() for d in days)


def _act_by_words(rule: Rule, due, act_by) -> str:
    days = "day" if rule.act_by_days == 1 else "days"
    margin = f"{rule.act_by_days} {days} before the legal date" if rule.act_by_days else ""
    moved = (due - act_by).days != rule.act_by_days
    if margin and moved:
        why = f"{margin}, moved back to the last working day before it"
    elif margin:
        why = margin
    else:
        why = "the legal date falls on a rest day: the last working day before it"
    return f"Act by {act_by.isoformat()} ({act_by.strftime('%A')}): {why}."


def _provisional(result) -> str:
    assumed = "; ".join(f"{s.day.isoformat()} {s.reason.split(' (')[0]}" for s in result.assumed)
    text = (
        "PROVISIONAL: the counted period reaches a year whose official holiday schedule is not "
        "loaded. Counted with weekends and the statutory days off of the National Holidays "
        "Measures art. 2 as rest days"
        + (f" (assumed off: {assumed})." if assumed else " (none fell in the period).")
    )
    if result.earliest and result.earliest != result.due:
        text += (
            f" The schedule may turn weekend days near a holiday into working days, so the date "
            f"could be as early as {result.earliest.isoformat()} "
            f"({result.earliest.strftime('%A')}); the act-by date is counted from it."
        )
    return text + " It is recomputed when the State Council notice for that year is loaded."


def explain(rule: Rule, anchor, period: Period, result, act_by=None) -> str:
    counting = anchor.counting or rule.counting
    parts = [
        f"{rule.label}: due {result.due.isoformat()} ({result.due.strftime('%A')}).",
        f"Rule {rule.id}, source: {rule.source}.",
        f"Counted from the {rule.anchor}, {anchor.date.isoformat()}: "
        f"{_period_words(period, counting)}.",
    ]
    if act_by is not None and act_by != result.due:
        parts.insert(1, _act_by_words(rule, result.due, act_by))
    if counting == "working_days":
        parts.append(f"Day 1 is the day after {anchor.date.isoformat()}.")
        parts.append(f"Working days counted: {_day_list(result.counted)}.")
        if result.skipped:
            skipped = "; ".join(f"{s.day.isoformat()} {s.reason}" for s in result.skipped)
            parts.append(f"Days skipped: {skipped}.")
    if counting == "days_rollover":
        last = result.nominal.isoformat() if result.nominal else result.due.isoformat()
        parts.append(
            f"Day 1 is the day after {anchor.date.isoformat()}; day {period.amount} is {last}."
        )
    if result.nominal and result.nominal != result.due:
        reasons = "; ".join(f"{s.day.isoformat()} {s.reason}" for s in result.skipped)
        parts.append(
            f"The period ends on {result.nominal.isoformat()}, a rest day ({reasons}), so it "
            f"moves to the next working day {result.due.isoformat()}."
        )
    if result.swapped:
        parts.append(
            f"Counted as working days: the swapped weekend working day(s) {_day_list(result.swapped)}"
            " (CNIPA practice; no customs text found: do not rely on a later date)."
        )
    if result.provisional:
        parts.append(_provisional(result))
    if anchor.satisfied_on:
        parts.append(f"Done on {anchor.satisfied_on.isoformat()}.")
    if anchor.note:
        parts.append(anchor.note)
    return " ".join(parts)
