"""Why a deadline was recomputed: the fact or the calendar change, named in its history.

Every recompute writes a reason into each history row it creates (`history_change_reason`):
the calendar's (calendars.reasons: the notice that was loaded) or the fact's, built here from
the changed record's own history (which record, which of its fields). Reasons are stored in
English with their values filled in; `reason_words` shows them in the reader's language.
"""

import re

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_noop, pgettext

from calendars import reasons as calendar_reasons
from core.history import changed_fields, english_label, label_words

FACTS_ENTERED = gettext_noop("%(record)s “%(name)s” entered")
FACTS_CHANGED = gettext_noop("%(record)s “%(name)s” changed: %(fields)s")
FACTS_REMOVED = gettext_noop("%(record)s “%(name)s” removed")

# The field that names a record in a reason, first one set wins (else its id).
NAME_FIELDS = (
    "application_number",
    "registration_number",
    "recordal_number",
    "customs_reference",
    "platform_reference",
    "number",
    "year",
    "occurred_on",
    "swept_on",
)
SEPARATOR = ", "


def record_name(record) -> str:
    for name in NAME_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.pk}" if record.pk else "—"


def fact_reason(cause) -> str:
    """The reason of a recompute that follows a change to `cause` (a right, a recordal, a
    notice, a change, a guarantee), in English: which record, and which of its fields changed
    (read from the record's own history: its newest two rows)."""
    if cause is None:
        return ""
    with translation.override("en"):
        # A model may name itself in reasons better than its verbose name does (REASON_NAME).
        record = str(capfirst(getattr(cause, "REASON_NAME", "") or cause._meta.verbose_name))
        name = record_name(cause)
        if cause.pk is None:  # deleted: Django cleared the id
            return FACTS_REMOVED % {"record": record, "name": name}
        newest = list(cause.history.order_by("-history_date", "-history_id")[:2])
        if not newest or newest[0].history_type == "+" or len(newest) == 1:
            return FACTS_ENTERED % {"record": record, "name": name}
        fields = [english_label(newest[0]._meta.get_field(f.name)) for f in _diff(newest)]
        if not fields:
            return ""
        return FACTS_CHANGED % {"record": record, "name": name, "fields": SEPARATOR.join(fields)}


def _diff(newest):
    changes = changed_fields(newest[1], newest[0], raw=True)
    return [c._replace(name=c.name.removesuffix("_id")) for c in changes]


# --- shown in the reader's language -----------------------------------------------------------


def _pattern(template: str) -> re.Pattern:
    """The stored English text of `template` as a regular expression with its named values."""
    escaped = re.escape(template)
    return re.compile("^" + re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+?)", escaped) + "$", re.S)


TEMPLATES = [
    (template, _pattern(template))
    for template in (*calendar_reasons.TEMPLATES, FACTS_CHANGED, FACTS_ENTERED, FACTS_REMOVED)
]


def _value_words(key: str, value: str) -> str:
    if key == "record":
        return label_words(value)
    if key == "fields":
        return pgettext("list separator", ", ").join(label_words(v) for v in value.split(SEPARATOR))
    return value


def reason_words(stored: str) -> str:
    """A stored reason in the active language; a text no template matches is shown as it is."""
    if not stored:
        return ""
    for template, pattern in TEMPLATES:
        match = pattern.match(stored)
        if match:
            values = {k: _value_words(k, v) for k, v in match.groupdict().items()}
            return _(template) % values
    return stored
