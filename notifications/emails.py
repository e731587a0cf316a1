"""Email messages from template triplets: templates/emails/<name>-subject.txt, -body.txt, -body.html.

Legal dates are shown as China calendar dates; "now"-dependent figures (days and hours left) are
computed when the message is built, i.e. at sending time.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.clock import legal_date_of
from deadlines.rules import RULES

from . import conf, policy as pure
from .models import Alert, AlertKind, NotificationPreference
from .selectors import digest_sections
from .tokens import ack_token


def _render(name: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    subject = " ".join(subject.split())  # one line, no header injection
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def _language(user) -> str:
    try:
        return user.notification_preference.language
    except NotificationPreference.DoesNotExist:
        return getattr(getattr(user, "membership", None), "language", "en") or "en"


def ack_url(alert: Alert) -> str:
    return conf.site_url() + reverse("notifications:alert-ack", args=[ack_token(alert.pk)])


def alert_context(alert: Alert, now: dt.datetime) -> dict:
    deadline = alert.deadline
    today = legal_date_of(now)
    rule = RULES.get(deadline.rule)
    is_notice = deadline.rule == pure.NOTICE_RULE
    stage = alert.stage.removeprefix("esc:")
    return {
        "alert": alert,
        "deadline": deadline,
        "lang": _language(alert.recipient),
        "rule_label": rule.label if rule else deadline.rule,
        "legal_source": rule.source if rule else "",
        "due_date": deadline.due_date.isoformat(),
        "act_by": deadline.act_by.isoformat(),
        "days_left": (deadline.due_date - today).days,
        "days_overdue": max(0, (today - deadline.due_date).days),
        "is_notice": is_notice,
        "hours_left": pure.hours_left(deadline.due_date, now) if is_notice else None,
        "overdue": deadline.due_date < today,
        "stage": stage,
        "escalation": alert.kind == AlertKind.ESCALATION,
        "critical": alert.critical,
        "provisional": deadline.provisional,
        "ack_url": ack_url(alert),
    }


SECTION_TITLES = {
    "en": {
        "overdue": "Overdue",
        "this_week": "Due this week",
        "next_30_days": "Due in the next 30 days",
        "customs_notices": "Open customs notices",
        "provisional": "Provisional dates (may move)",
    },
    "zh-hans": {
        "overdue": "已逾期",
        "this_week": "本周到期",
        "next_30_days": "未来 30 天到期",
        "customs_notices": "未答复的海关通知",
        "provisional": "暂定日期（可能变动）",
    },
}


def digest_context(alert: Alert, now: dt.datetime) -> dict:
    today = legal_date_of(now)
    lang = _language(alert.recipient)
    sections = digest_sections(organisation_id=alert.organisation_id, today=today)
    titles = SECTION_TITLES.get(lang, SECTION_TITLES["en"])
    return {
        "alert": alert,
        "lang": lang,
        "today": today.isoformat(),
        "organisation": alert.organisation,
        "sections": sections,
        "sections_list": [(titles[key], sections[key]) for key in titles],
    }


def build_message(alert: Alert, now: dt.datetime, connection=None) -> EmailMultiAlternatives:
    if alert.kind == AlertKind.DIGEST:
        subject, text, html = _render("digest", digest_context(alert, now))
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
