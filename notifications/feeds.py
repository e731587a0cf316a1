"""iCal feeds: open deadlines as all-day events (China dates) with stable UIDs.

Each event names its matter (kind, number, title, owner) and links to the matter's page, in the
feed owner's language. Two feeds per user: the organisation's and "my deadlines" (theirs only).
"""

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.clock import LEGAL_TZ_NAME, now_utc
from core.templatetags.legal_dates import weekday_date
from deadlines.labels import text
from deadlines.matters import matter_of
from deadlines.rules import RULES

from .reader import reading_as
from .selectors import feed_deadlines


def deadline_uid(deadline_id: int) -> str:
    return f"deadline-{deadline_id}@iptracker"


def _event(d, stamp) -> Event:
    matter = matter_of(d)
    event = Event()
    event.add("uid", deadline_uid(d.id))
    event.add("dtstamp", stamp)
    event.add("last-modified", d.updated_at)
    event.add("dtstart", d.due_date)  # a DATE: the legal day on the China calendar
    summary = f"{d.heading}: {matter.label}" if matter.label else d.heading
    if d.provisional:
        summary += " " + _("(provisional: may move)")
    event.add("summary", summary)
    if matter.url:
        event.add("url", matter.url)
    rule = RULES.get(d.rule)
    description = [matter.label] if matter.label else []
    if matter.url:
        description.append(matter.url)
    description += [
        _("Legal due date (China): %(date)s") % {"date": weekday_date(d.due_date)},
        _("Act by: %(date)s") % {"date": weekday_date(d.act_by)},
    ]
    if rule:
        description.append(f"{text(rule.label)}. {text(rule.source)}")
    if d.responsible_id:
        description.append(_("Responsible: %(name)s") % {"name": d.responsible.get_username()})
    if d.provisional:
        description.append(_("Provisional: the official holiday schedule is not yet known."))
    description.append(d.explained)
    event.add("description", "\n".join(description))
    event.add("categories", [d.rule])
    return event


def calendar_feed(*, membership, mine: bool = False) -> bytes:
    """The organisation's open deadlines, or with `mine` those the member is responsible for."""
    with reading_as(membership.user):
        cal = Calendar()
        cal.add("prodid", "-//iptracker//deadlines//EN")
        cal.add("version", "2.0")
        name = _("My deadlines (%(organisation)s)") if mine else _("%(organisation)s deadlines")
        cal.add("x-wr-calname", name % {"organisation": membership.organisation.name})
        cal.add("x-wr-timezone", LEGAL_TZ_NAME)
        stamp = now_utc()
        deadlines = feed_deadlines(
            organisation_id=membership.organisation_id,
            responsible_id=membership.user_id if mine else None,
        )
        for d in deadlines:
            cal.add_component(_event(d, stamp))
        return cal.to_ical()
