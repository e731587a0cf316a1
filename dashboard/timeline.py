"""A right's life as dated events (pure: built from rows already loaded by the page)."""

import datetime as dt
from typing import NamedTuple

from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_noop

RENEWAL_RULES = ("trademark_renewal_due", "patent_annuity", "recordal_expiry")


class Event(NamedTuple):
    date: dt.date
    label: str
    url: str = ""
    future: bool = False


def right_timeline(*, right, claims, recordals, deadlines, today: dt.date) -> list[Event]:
    events: list[Event] = []

    def add(date, label, url=""):
        if date:
            events.append(Event(date, label, url, date > today))

    for claim in claims:
        add(
            claim.date,
            _("Priority claimed: %(country)s %(number)s")
            % {"country": claim.country, "number": claim.number},
        )
    if not claims:
        add(right.priority_date, _("Priority date"))
    add(right.filing_date, _("Filed (%(number)s)") % {"number": right.application_number or "—"})
    add(right.publication_date, _("Published"))
    add(right.grant_date, _("Granted"))
    add(
        right.registration_date,
        _("Registered (%(number)s)") % {"number": right.registration_number or "—"},
    )
    for recordal in recordals:
        url = recordal.get_absolute_url()
        number = recordal.recordal_number or _("pending")
        add(
            recordal.applied_on,
            _("Customs recordal applied for (%(number)s)") % {"number": number},
            url,
        )
        add(
            recordal.approved_on,
            _("Customs recordal approved (%(number)s)") % {"number": number},
            url,
        )
        add(
            recordal.valid_until,
            _("Customs recordal valid until (%(number)s)") % {"number": number},
            url,
        )
        for notice in recordal.notices.all():
            nurl = notice.get_absolute_url()
            add(
                notice.served_on,
                _("Customs notice served at %(port)s") % {"port": notice.port},
                nurl,
            )
            add(
                notice.responded_on,
                _("Customs notice answered (%(answer)s)")
                % {"answer": notice.get_response_display()},
                nurl,
            )
            add(notice.detained_on, _("Goods detained at %(port)s") % {"port": notice.port}, nurl)
    for deadline in deadlines:
        if (
            deadline.rule in RENEWAL_RULES
            and deadline.status == "done"
            and deadline.completed_by_id
        ):
            add(
                deadline.completed_on,
                _("Done: %(title)s") % {"title": deadline.heading},
                deadline.get_absolute_url(),
            )
    add(right.expiry_date, _("Term ends"))
    return sorted(events, key=lambda e: e.date)


class Change(NamedTuple):
    when: dt.datetime
    who: object
    kind: str
    fields: list  # [(field verbose name, old, new)]
    reason: str


KIND = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping, and derived text whose change shows as the due date's change.
NOT_SHOWN = {"created_at", "updated_at", "explanation", "basis", "next_alert_at"}


# The tracked fields' names as the history shows them (Django derives them from the field names).
FIELD_NAMES = {
    "Act by": gettext_noop("Act by"),
    "Amount cny": gettext_noop("Amount cny"),
    "Annuities paid through": gettext_noop("Annuities paid through"),
    "Application number": gettext_noop("Application number"),
    "Applied on": gettext_noop("Applied on"),
    "Approved on": gettext_noop("Approved on"),
    "Bank": gettext_noop("Bank"),
    "Bond cny": gettext_noop("Bond cny"),
    "Calendar from": gettext_noop("Calendar from"),
    "Calendar until": gettext_noop("Calendar until"),
    "Cn counterpart": gettext_noop("Cn counterpart"),
    "Completed by": gettext_noop("Completed by"),
    "Completed on": gettext_noop("Completed on"),
    "Country": gettext_noop("Country"),
    "Covers until": gettext_noop("Covers until"),
    "Customs notice": gettext_noop("Customs notice"),
    "Customs reference": gettext_noop("Customs reference"),
    "Cycle": gettext_noop("Cycle"),
    "Date": gettext_noop("Date"),
    "Description": gettext_noop("Description"),
    "Detained on": gettext_noop("Detained on"),
    "Due date": gettext_noop("Due date"),
    "Expiry date": gettext_noop("Expiry date"),
    "External id": gettext_noop("External id"),
    "Filed on": gettext_noop("Filed on"),
    "Filing date": gettext_noop("Filing date"),
    "Genuine product notes": gettext_noop("Genuine product notes"),
    "Goods description": gettext_noop("Goods description"),
    "Goods value cny": gettext_noop("Goods value cny"),
    "Grant date": gettext_noop("Grant date"),
    "Guarantee": gettext_noop("Guarantee"),
    "ID": gettext_noop("ID"),
    "Is working day": gettext_noop("Is working day"),
    "Jurisdiction": gettext_noop("Jurisdiction"),
    "Kind": gettext_noop("Kind"),
    "Letter valid until": gettext_noop("Letter valid until"),
    "Name": gettext_noop("Name"),
    "Nice classes": gettext_noop("Nice classes"),
    "Note": gettext_noop("Note"),
    "Notes": gettext_noop("Notes"),
    "Notice": gettext_noop("Notice"),
    "Notice number": gettext_noop("Notice number"),
    "Notice text": gettext_noop("Notice text"),
    "Number": gettext_noop("Number"),
    "Occurred on": gettext_noop("Occurred on"),
    "Office expiry date": gettext_noop("Office expiry date"),
    "Office valid until": gettext_noop("Office valid until"),
    "Official year": gettext_noop("Official year"),
    "Organisation": gettext_noop("Organisation"),
    "Owner": gettext_noop("Owner"),
    "Port": gettext_noop("Port"),
    "Priority date": gettext_noop("Priority date"),
    "Provisional": gettext_noop("Provisional"),
    "Publication date": gettext_noop("Publication date"),
    "Published on": gettext_noop("Published on"),
    "Quantity": gettext_noop("Quantity"),
    "Recordal": gettext_noop("Recordal"),
    "Recordal number": gettext_noop("Recordal number"),
    "Registration date": gettext_noop("Registration date"),
    "Registration number": gettext_noop("Registration number"),
    "Renewal window opens": gettext_noop("Renewal window opens"),
    "Renewals": gettext_noop("Renewals"),
    "Responded on": gettext_noop("Responded on"),
    "Response": gettext_noop("Response"),
    "Response due": gettext_noop("Response due"),
    "Responsible": gettext_noop("Responsible"),
    "Right": gettext_noop("Right"),
    "Rule": gettext_noop("Rule"),
    "Served at": gettext_noop("Served at"),
    "Served on": gettext_noop("Served on"),
    "Service method": gettext_noop("Service method"),
    "Source url": gettext_noop("Source url"),
    "Status": gettext_noop("Status"),
    "Subject key": gettext_noop("Subject key"),
    "Title": gettext_noop("Title"),
    "Track": gettext_noop("Track"),
    "Valid until": gettext_noop("Valid until"),
    "Year": gettext_noop("Year"),
}


def _shown(field, value):
    """A choice's label rather than its stored code."""
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return value


def _field_name(field) -> str:
    name = str(capfirst(field.verbose_name))
    return _(name) if name in FIELD_NAMES else name


def _changed_fields(older, newer) -> list:
    """Tracked fields that differ, derived (non-editable) ones included: simple-history's own
    diff_against skips those, and a recomputed expiry is exactly what counsel wants to see."""
    changes = []
    for field in older.tracked_fields:
        if field.name in NOT_SHOWN:
            continue
        old, new = getattr(older, field.attname), getattr(newer, field.attname)
        if old != new:
            if field.is_relation:  # rare: one read for the names of the two related rows
                old, new = getattr(older, field.name, old), getattr(newer, field.name, new)
            changes.append((_field_name(field), _shown(field, old), _shown(field, new)))
    return changes


def history_entries(records: list) -> list[Change]:
    """Newest first; each entry lists what changed against the record before it. `records` is
    newest-first and may hold one extra (older) record used only for the last diff."""
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        fields = []
        if older is not None and newer.history_type == "~":
            fields = _changed_fields(older, newer)
        entries.append(
            Change(
                newer.history_date,
                newer.history_user,
                KIND.get(newer.history_type, ""),
                fields,
                newer.history_change_reason or "",
            )
        )
    return entries
