"""Why a calendar change moved dates: the reasons recorded in each moved deadline's history.

Stored in English with their values filled in (webhooks and the `DateMove` rows carry the same
text); `deadlines.reasons.reason_words` finds the template again and shows it in the reader's
language, so a Chinese reader of the history sees Chinese.
"""

from django.utils.translation import gettext_noop

CALENDAR_LOADED = gettext_noop("Official %(year)s calendar loaded: %(notice)s")
CALENDAR_REMOVED = gettext_noop("Official %(year)s calendar removed (%(notice)s)")
CALENDAR_NOTICE = gettext_noop(
    "State Council notice %(label)s of %(published)s (%(year)s calendar)"
)

TEMPLATES = (CALENDAR_NOTICE, CALENDAR_LOADED, CALENDAR_REMOVED)
