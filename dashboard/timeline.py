"""A right's life as dated events (pure: built from rows already loaded by the page), and the
change history every matter page shows."""

import datetime as dt
from typing import NamedTuple

from django.utils.translation import gettext as _

from core import history as core_history

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


# The history shown on every matter page is read through core.history (pages and API alike).
HISTORY_ROWS = 25


def history_context(request, obj) -> dict:
    """The record's change history, a page at a time (`?history=N`), newest first: the context
    of dashboard/_history.html on every matter page (rights, customs, enforcement)."""
    page = core_history.page(obj.history, request.GET.get("history"), per_page=HISTORY_ROWS)
    return {"history": page.object_list, "history_page": page}
