"""Reading django-simple-history: who changed what, when, from which value to which, and why.

One reading for every page and every `/history/` endpoint: entries newest first, each with the
fields that differ from the record before it (derived fields included: a recomputed expiry or
due date is exactly what counsel wants to see), a page at a time.
"""

import datetime as dt
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_noop


class FieldChange(NamedTuple):
    name: str  # the field's attribute name ("due_date", "responsible_id")
    label: str  # its name in the reader's language
    old: object
    new: object


class Change(NamedTuple):
    when: dt.datetime
    who: object  # the user, or None for the system
    kind: str  # created | changed | deleted
    fields: list  # [FieldChange]; unpacks as (label, old, new) in templates through .shown
    reason: str  # as stored (English, or a code); translated when shown
    id: int = 0  # the history row's id

    @property
    def shown(self) -> list[tuple]:
        return [(f.label, f.old, f.new) for f in self.fields]


KIND = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping, and derived text whose change shows as the due date's change.
NOT_SHOWN = {"created_at", "updated_at", "explanation", "basis", "next_alert_at"}
PER_PAGE = 25


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
    "Verified at": gettext_noop("Verified at"),
    "Verified by": gettext_noop("Verified by"),
    "Year": gettext_noop("Year"),
}


# Record kinds named in reasons and history headings.
RECORD_NAMES = {
    "Right": gettext_noop("Right"),
    "Priority claim": gettext_noop("Priority claim"),
    "Recordal": gettext_noop("Recordal"),
    "Recordal change": gettext_noop("Recordal change"),
    "Recordal party": gettext_noop("Recordal party"),
    "Recordal route": gettext_noop("Recordal route"),
    "Recordal image": gettext_noop("Recordal image"),
    "Customs notice": gettext_noop("Customs notice"),
    "General guarantee": gettext_noop("General guarantee"),
    "Deadline": gettext_noop("Deadline"),
    "Alert": gettext_noop("Alert"),
    "Cease-and-desist letter": gettext_noop("Cease-and-desist letter"),
    "Platform complaint": gettext_noop("Platform complaint"),
    "Detention application": gettext_noop("Detention application"),
    "Monitoring plan": gettext_noop("Monitoring plan"),
    "Sweep": gettext_noop("Sweep"),
}


def english_label(field) -> str:
    """The field's name as stored in reasons (English, capitalised): "Filing date"."""
    return str(capfirst(field.verbose_name))


def label_words(english: str) -> str:
    """A stored English field or record name in the reader's language: one of the names above,
    or a field whose verbose name is translated as written, in lower case ("sent on")."""
    if english in FIELD_NAMES or english in RECORD_NAMES:
        return _(english)
    return str(capfirst(_(english[:1].lower() + english[1:])))


def _shown(field, value):
    """A choice's label rather than its stored code; yes or no rather than True or False."""
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def changed_fields(older, newer, *, raw: bool = False) -> list[FieldChange]:
    """Tracked fields that differ, derived (non-editable) ones included: simple-history's own
    diff_against skips those. `raw` keeps stored values (ids, codes) for the API; otherwise
    choices show their label and relations their row (rare: one read for the two names)."""
    changes = []
    for field in older.tracked_fields:
        if field.name in NOT_SHOWN:
            continue
        old, new = getattr(older, field.attname), getattr(newer, field.attname)
        if old == new:
            continue
        if not raw:
            if field.is_relation:
                old, new = getattr(older, field.name, old), getattr(newer, field.name, new)
            old, new = _shown(field, old), _shown(field, new)
            # A model may show a stored value in the reader's language (Deadline: its title).
            words = getattr(newer.instance_type, "HISTORY_WORDS", {}).get(field.name)
            if words is not None:
                old, new = words(older, old), words(newer, new)
        changes.append(FieldChange(field.attname, label_words(english_label(field)), old, new))
    return changes


def entries(records: list, *, raw: bool = False) -> list[Change]:
    """Newest first; each entry lists what changed against the record before it. `records` is
    newest-first and may hold one extra (older) record used only for the last diff."""
    result = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        fields = []
        if older is not None and newer.history_type == "~":
            fields = changed_fields(older, newer, raw=raw)
        result.append(
            Change(
                newer.history_date,
                newer.history_user,
                KIND.get(newer.history_type, ""),
                fields,
                newer.history_change_reason or "",
                newer.history_id,
            )
        )
    return result


def newest_first(history):
    """A record's history manager (`obj.history`) or a historical queryset, newest first."""
    return history.select_related("history_user").order_by("-history_date", "-history_id")


def older_than(queryset, record):
    """The record just before `record` in a newest-first history queryset (for its diff)."""
    return queryset.filter(
        Q(history_date__lt=record.history_date)
        | Q(history_date=record.history_date, history_id__lt=record.history_id)
    ).first()


def recent(history, rows: int = PER_PAGE, *, raw: bool = False) -> list[Change]:
    """The newest `rows` entries (one extra record read for the last one's diff)."""
    return entries(list(newest_first(history)[: rows + 1]), raw=raw)[:rows]


def page(history, number, *, per_page: int = PER_PAGE, raw: bool = False):
    """One page of entries: a Django Page whose object_list holds Change entries.

    Three reads: the count, the page, and the record before its last entry (for the diff).
    """
    queryset = newest_first(history)
    paged = Paginator(queryset, per_page).get_page(number)
    records = list(paged.object_list)
    if records and paged.has_next():
        before = older_than(queryset, records[-1])
        if before is not None:
            records.append(before)
    paged.object_list = entries(records, raw=raw)[:per_page]
    return paged
