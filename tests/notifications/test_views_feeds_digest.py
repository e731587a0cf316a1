"""Acknowledge links, the iCal feed, the manager digest and the scan_deadlines command."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from deadlines.services import deadlines_recompute
from notifications import emails, policy as pure, scanner
from notifications.models import Alert, AlertKind
from notifications.selectors import preference_of
from notifications.services import digests_queue, preference_update
from notifications.tokens import ack_token
from tests.factories import RightFactory

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alert(make_deadline, responsible, manager):
    make_deadline(rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), now=NOW)
    scanner.scan()
    return Alert.objects.get(recipient=responsible)


def test_ack_link_get_only_shows_a_confirm_page(client, alert):
    response = client.get(reverse("notifications:alert-ack", args=[ack_token(alert.pk)]))
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_ack_link_post_records_who_and_when(client, alert, responsible):
    client.force_login(responsible)
    response = client.post(reverse("notifications:alert-ack", args=[ack_token(alert.pk)]))
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.acknowledged_at == NOW
    assert (alert.acknowledged_by, alert.acknowledged_via) == (responsible, "signed_in")
    assert alert.escalate_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_ack_token_is_refused(client, alert, method):
    token = ack_token(alert.pk)
    other = Alert.objects.exclude(pk=alert.pk).first()
    forged = f"{other.pk}:{token.split(':', 1)[1]}"  # another alert's id, this signature
    response = getattr(client, method)(reverse("notifications:alert-ack", args=[forged]))
    assert response.status_code == 400
    assert not Alert.objects.filter(acknowledged_at__isnull=False).exists()


def test_an_expired_ack_token_is_refused(client, alert, frozen):
    token = ack_token(alert.pk)
    frozen.move_to(NOW + dt.timedelta(days=46))
    assert client.post(reverse("notifications:alert-ack", args=[token])).status_code == 400


def test_ical_feed_lists_open_deadlines_with_stable_uids(client, org, counsel):
    right = RightFactory(organisation=org, status="granted", grant_date=dt.date(2021, 8, 3))
    deadlines_recompute(right=right)
    token = preference_of(counsel).feed_token
    url = reverse("notifications:ical-feed", args=[token])

    first = Calendar.from_ical(client.get(url).content)
    deadlines_recompute(right=right)  # recomputed: same deadlines, same UIDs
    second = Calendar.from_ical(client.get(url).content)

    def events(cal):
        return {str(e["UID"]): e for e in cal.walk("VEVENT")}

    open_ids = set(right.deadlines.filter(status="open").values_list("id", flat=True))
    assert set(events(first)) == {f"deadline-{i}@iptracker" for i in open_ids}
    assert set(events(second)) == set(events(first))
    some = right.deadlines.filter(status="open").first()
    event = events(first)[f"deadline-{some.pk}@iptracker"]
    assert event.decoded("DTSTART") == some.due_date  # an all-day China date


def test_ical_feed_is_404_for_a_wrong_secret(client, counsel):
    preference_of(counsel)
    url = reverse("notifications:ical-feed", args=["not-the-secret"])
    assert client.get(url).status_code == 404


def test_ical_feed_shows_only_the_owners_organisation(client, outsider, make_deadline):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW)
    url = reverse("notifications:ical-feed", args=[preference_of(outsider).feed_token])
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []


def test_digest_has_every_section_in_html_and_text(make_deadline, manager, org):
    make_deadline(due_date=dt.date(2026, 11, 20), now=NOW, status="missed", title="Overdue one")
    make_deadline(due_date=dt.date(2026, 11, 27), now=NOW, title="This week one")
    make_deadline(due_date=dt.date(2026, 12, 15), now=NOW, title="Later one", provisional=True)
    make_deadline(
        rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 26), now=NOW, title="Notice one"
    )
    digests_queue(now=NOW)
    digest = Alert.objects.get(kind=AlertKind.DIGEST)
    message = emails.build_message(digest, NOW)
    html = message.alternatives[0][0]
    for body in (message.body, html):
        for section in (
            "Overdue (1)",
            "Due this week (2)",
            "Due in the next 30 days (1)",
            "Open customs notices (1)",
            "Provisional dates (may move) (1)",
            "Deliveries that failed (0)",
        ):
            assert section in body, section
        assert "2026-11-20" in body and "Overdue one" in body
    assert "1 overdue, 2 this week" in message.subject


def test_digest_is_queued_at_the_managers_hour_in_their_time_zone_once_a_day(manager):
    manager.membership.time_zone = "Europe/Berlin"
    manager.membership.save()
    preference_update(user=manager, digest_hour=9)
    assert digests_queue(now=shanghai(2026, 11, 24, 15, 59)) == 0  # 08:59 in Berlin
    digests_queue(now=shanghai(2026, 11, 24, 16, 0))  # 09:00 in Berlin
    digests_queue(now=shanghai(2026, 11, 24, 18, 0))
    assert list(Alert.objects.values_list("stage", flat=True)) == ["digest-2026-11-24"]


def test_digest_speaks_the_managers_language(manager, make_deadline):
    preference_update(user=manager, language="zh-hans")
    digests_queue(now=NOW)
    message = emails.build_message(Alert.objects.get(kind=AlertKind.DIGEST), NOW)
    assert message.subject.count("每日期限摘要") == 1  # the catalogue holds it once
    assert "已逾期" in message.body


def test_scan_deadlines_command_scans_and_delivers(make_deadline, manager):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    out = StringIO()
    call_command("scan_deadlines", stdout=out)
    assert "delivery: 2 sent" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@example.com", "rita@example.com"]
    call_command("scan_deadlines", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_beat_schedules_scan_delivery_sweeper_and_digest():
    from iptracker.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "notifications.tasks.scan_deadlines",
        "core.tasks.outbox_sweep",  # delivery of every outbox and the lease sweeper
        "notifications.tasks.queue_digests",
    } <= tasks
