"""Email messages from template triplets: templates/emails/<name>-subject.txt, -body.txt, -body.html.

Every message is rendered in its recipient's language and time zone (`reader.reading_as`): one
template serves every language through gettext. Each deadline is named by its matter
(deadlines.matters) and its distance from today (deadlines.due), the same as everywhere else.
Legal dates are China calendar dates; "now"-dependent figures (days and hours left) are computed
when the message is built, i.e. at sending time.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.clock import legal_date_of, legal_tz
from core.site import absolute_url, site_url
from deadlines.countdown import countdown
from deadlines.due import due_phrase
from deadlines.labels import text
from deadlines.matters import MATTER_RELATED, matter_of
from deadlines.reasons import reason_words
from deadlines.rules import RULES
from deadlines.selectors import deadline_time_left

from . import policy as pure
from .calendar_moves import moves_for
from .models import Alert, AlertKind
from .reader import reading_as, time_zone_of
from .selectors import digest_sections
from .tokens import ack_token

# What building a message reads: load it with the alerts (select_related), not per message.
ALERT_RELATED = (
    "deadline__responsible",
    *(f"deadline__{name}" for name in MATTER_RELATED),
    "organisation",
    "recipient__notification_preference",
    "recipient__membership",
)


def _render(name: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    subject = " ".join(subject.split())  # one line, no header injection
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def ack_url(alert: Alert) -> str:
    return absolute_url(reverse("notifications:alert-ack", args=[ack_token(alert.pk)]))


def deadline_context(deadline, now: dt.datetime) -> dict:
    """How one deadline is shown to a reader: its matter, dates, and how far off it is."""
    today = legal_date_of(now)
    rule = RULES.get(deadline.rule)
    is_notice = deadline.rule == pure.NOTICE_RULE
    clock = countdown(due_date=deadline.due_date, counted_days=(), now=now)
    hours_left = max(0, clock.hours_left) if is_notice else None
    return {
        "deadline": deadline,
        "matter": matter_of(deadline),
        "rule_label": text(rule.label) if rule else deadline.rule,
        "legal_source": text(rule.source) if rule else "",
        "due_date": deadline.due_date,
        "act_by": deadline.act_by,
        # Days left to act (to the act-by date) and to the legal date, from one place.
        "time_left": deadline_time_left(deadline, today=today),
        "due_phrase": due_phrase(deadline.due_date, today=today, hours_left=hours_left),
        "cutoff": clock.ends_at,
        "is_notice": is_notice,
        "hours_left": hours_left,
        "overdue": deadline.due_date < today,
        "provisional": deadline.provisional,
    }


def alert_context(alert: Alert, now: dt.datetime) -> dict:
    return {
        **deadline_context(alert.deadline, now),
        "alert": alert,
        "stage": alert.stage.removeprefix("esc:"),
        "escalation": alert.kind == AlertKind.ESCALATION,
        "critical": alert.critical,
        "ack_url": ack_url(alert),
        "reader_in_china_time": time_zone_of(alert.recipient).key == legal_tz().key,
    }


SECTION_TITLES = {
    "overdue": _("Overdue"),
    "this_week": _("Due this week"),
    "next_30_days": _("Due in the next 30 days"),
    "customs_notices": _("Open customs notices"),
    "provisional": _("Provisional dates (may move)"),
    "unverified": _("Rights-ending dates awaiting a second check"),
}


def digest_context(alert: Alert, now: dt.datetime) -> dict:
    today = legal_date_of(now)
    sections = digest_sections(organisation_id=alert.organisation_id, today=today)
    return {
        "alert": alert,
        "today": today,
        "organisation": alert.organisation,
        "docket_url": absolute_url(reverse("dashboard:docket")),
        "sections": sections,
        "sections_list": [
            (
                title,
                sections[key].total,
                sections[key].cut,
                [deadline_context(d, now) for d in sections[key].rows],
            )
            for key, title in SECTION_TITLES.items()
        ],
        "failed": [
            {"alert": a, "matter": matter_of(a.deadline) if a.deadline_id else None}
            for a in sections["failed"]
        ],
    }


def moves_context(alert: Alert, now: dt.datetime) -> dict:
    moves = moves_for(alert)
    return {
        "alert": alert,
        "organisation": alert.organisation,
        "moves": moves,
        "year": moves[0].year if moves else "",
        "reason": reason_words(moves[0].reason) if moves else "",
        "earlier": sum(m.earlier for m in moves),
        "site_url": site_url(),
    }


def build_message(alert: Alert, now: dt.datetime, connection=None) -> EmailMultiAlternatives:
    with reading_as(alert.recipient):
        if alert.kind == AlertKind.DIGEST:
            subject, text, html = _render("digest", digest_context(alert, now))
        elif alert.kind == AlertKind.CALENDAR_MOVES:
            subject, text, html = _render("moves", moves_context(alert, now))
        else:
            subject, text, html = _render("alert", alert_context(alert, now))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[alert.recipient.email],
        connection=connection,
        # A stable Message-ID per outbox row: a resend after a crash is recognisable downstream.
        headers={"Message-ID": f"<alert-{alert.pk}@iptracker>", "X-Iptracker-Alert": alert.stage},
    )
    message.attach_alternative(html, "text/html")
    return message
