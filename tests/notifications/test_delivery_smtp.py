"""Delivery through a real local SMTP server (aiosmtpd): content, retries, failures, leases."""

import datetime as dt
import re

import pytest
import time_machine

from notifications import delivery, policy as pure, scanner
from notifications.models import Alert, AlertState
from notifications.services import digests_queue

from .conftest import shanghai

pytestmark = pytest.mark.smtp

NOW = shanghai(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_customs_notice_alert_reaches_the_responsible_person_with_hours_left_and_ack_link(
    smtp_settings, smtp_server, make_deadline, responsible, manager
):
    make_deadline(
        rule=pure.NOTICE_RULE,
        due_date=dt.date(2026, 11, 27),
        now=NOW,
        title="Notice 5300-2026-001",
        provisional=True,
    )
    scanner.scan()

    result = delivery.deliver()

    assert result.sent == 2
    inbox = smtp_server.inbox
    [message] = inbox.to("rita@example.com")
    assert len(inbox.to("manager@example.com")) == 1
    assert "Notice 5300-2026-001" in message["Subject"]
    assert "86 hours left" in message["Subject"]  # 10:00 Tue -> 24:00 Fri, China time
    text = inbox.text(message)
    assert (
        "Legal due date: Fri 2026-11-27 (China date; the day ends at 24:00 Asia/Shanghai)" in text
    )
    assert "Time left to the cut-off: 86 hours left" in text
    assert "the date may move" in text
    assert re.search(r"https://iptracker\.example/alerts/ack/[^/\s]+/", text)
    assert "https://iptracker.example/alerts/ack/" in inbox.html(message)
    assert message["Message-ID"].startswith("<alert-")
    assert Alert.objects.filter(state=AlertState.SENT, sent_at=NOW).count() == 2


def test_delivering_twice_sends_each_alert_once(smtp_settings, smtp_server, make_deadline):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    delivery.deliver()
    delivery.deliver()
    scanner.scan()
    delivery.deliver()
    assert len(smtp_server.inbox.messages) == 1


def test_server_down_then_back_loses_nothing(smtp_settings, smtp_server, make_deadline, frozen):
    for _ in range(3):
        make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    smtp_server.stop()

    down = delivery.deliver()

    assert down.sent == 0
    assert down.retried == 3
    assert set(Alert.objects.values_list("state", flat=True)) == {AlertState.PENDING}
    first = Alert.objects.order_by("next_attempt_at").first()
    assert first.next_attempt_at == NOW + dt.timedelta(seconds=60)  # backoff
    assert "Connection refused" in first.last_error or "Errno" in first.last_error

    smtp_server.start()
    assert delivery.deliver().sent == 0  # not before the backoff
    frozen.move_to(NOW + dt.timedelta(minutes=2))
    assert delivery.deliver().sent == 3
    assert len(smtp_server.inbox.messages) == 3


def test_a_refused_address_fails_permanently_and_shows_in_the_digest(
    smtp_settings, smtp_server, make_deadline, manager, responsible
):
    smtp_server.inbox.refuse.add("rita@example.com")
    make_deadline(
        due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30), title="Annuity for ZL 2019"
    )
    scanner.scan()

    result = delivery.deliver()

    failed = Alert.objects.get(recipient=responsible)
    assert result.failed == 1 and failed.state == AlertState.FAILED
    assert "550" in failed.last_error
    assert failed.attempts == 1  # a permanent error is not retried

    digests_queue(now=shanghai(2026, 11, 24, 10, 0))  # manager's default hour 08:00 passed
    delivery.deliver()
    [digest] = [m for m in smtp_server.inbox.to("manager@example.com") if "digest" in m["Subject"]]
    assert "1 failed deliveries" in digest["Subject"]
    assert "rita@example.com" in smtp_server.inbox.text(digest)
    assert "Annuity for ZL 2019" in smtp_server.inbox.html(digest)


def test_transient_failures_give_up_after_the_maximum_attempts_and_the_keep_trying_window(
    smtp_settings, smtp_server, make_deadline, frozen, settings
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    settings.NOTIFICATIONS_KEEP_TRYING_HOURS = 2
    smtp_server.inbox.on_data = lambda count: "451 4.3.0 Try again later"
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    delivery.deliver()
    frozen.move_to(NOW + dt.timedelta(hours=1))
    delivery.deliver()
    alert = Alert.objects.get()
    # Two attempts used, but the alert is one hour old: it keeps trying.
    assert alert.state == AlertState.PENDING and alert.attempts == 2
    frozen.move_to(NOW + dt.timedelta(hours=3))
    delivery.deliver()
    alert.refresh_from_db()
    assert alert.state == AlertState.FAILED
    assert alert.attempts == 3
    assert "gave up after 3 attempts" in alert.last_error
    assert smtp_server.inbox.messages == []


def test_sweeper_frees_the_claim_of_a_dead_worker(
    smtp_settings, smtp_server, make_deadline, frozen
):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    _token, ids = delivery.claim(now=NOW, batch=10, lease=dt.timedelta(seconds=30))
    assert ids  # ... and the worker dies here
    assert delivery.claim(now=NOW, batch=10, lease=dt.timedelta(seconds=30))[1] == []
    assert delivery.sweep(now=NOW + dt.timedelta(seconds=29)) == 0

    assert delivery.sweep(now=NOW + dt.timedelta(seconds=31)) == 1
    frozen.move_to(NOW + dt.timedelta(seconds=31))
    assert delivery.deliver().sent == 1
    assert len(smtp_server.inbox.messages) == 1


def test_an_alert_of_a_deadline_closed_before_sending_is_cancelled(
    smtp_settings, smtp_server, make_deadline
):
    d = make_deadline(due_date=dt.date(2026, 12, 1), now=NOW - dt.timedelta(days=30))
    scanner.scan()
    d.status = "done"
    d.save()
    assert delivery.deliver().cancelled == 1
    assert smtp_server.inbox.messages == []
    assert Alert.objects.get().state == AlertState.CANCELLED
