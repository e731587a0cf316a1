"""The per-user iCal feed: open deadlines as all-day events (China dates) with stable UIDs."""

from icalendar import Calendar, Event

from core.clock import LEGAL_TZ_NAME, now_utc
from deadlines.rules import RULES

from .selectors import feed_deadlines


def deadline_uid(deadline_id: int) -> str:
    return f"deadline-{deadline_id}@iptracker"


def calendar_feed(*, membership) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//iptracker//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{membership.organisation.name} deadlines")
    cal.add("x-wr-timezone", LEGAL_TZ_NAME)
    stamp = now_utc()
    for d in feed_deadlines(organisation_id=membership.organisation_id):
        event = Event()
        event.add("uid", deadline_uid(d.id))
        event.add("dtstamp", stamp)
        event.add("last-modified", d.updated_at)
        event.add("dtstart", d.due_date)  # a DATE: the legal day on the China calendar
        summary = d.title + (" (provisional: may move)" if d.provisional else "")
        event.add("summary", summary)
        rule = RULES.get(d.rule)
        description = [f"Legal due date (China): {d.due_date}", f"Act by: {d.act_by}"]
        if rule:
            description.append(f"{rule.label}. {rule.source}")
        if d.provisional:
            description.append("Provisional: the official holiday schedule is not yet known.")
        description.append(d.explanation)
        event.add("description", "\n".join(description))
        event.add("categories", [d.rule])
        cal.add_component(event)
    return cal.to_ical()
