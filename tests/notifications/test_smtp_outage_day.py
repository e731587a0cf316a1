"""Found by the simulated year (issue 15): a mail server that refuses mail (451) for hours.

Issue 15 promises that no alert arrives later than the scan interval plus the time a fault
lasted. Delivery gives up on transient errors after NOTIFICATIONS_MAX_ATTEMPTS (8) with a
backoff of 1, 2, 4 ... minutes: with beat's delivery every two minutes an alert is marked
failed about two hours into the outage and is never sent again unless someone retries it by
hand. The policy now: transient failures keep an alert retrying for 72 hours after it was made
(NOTIFICATIONS_KEEP_TRYING_HOURS), with the backoff capped at one hour.
"""

import datetime as dt

import pytest
import time_machine

from notifications import delivery, scanner
from notifications.models import Alert, AlertState

from .conftest import shanghai

pytestmark = pytest.mark.smtp

NOW = shanghai(2026, 9, 14, 9, 0)


def test_an_alert_refused_for_six_hours_arrives_when_mail_is_taken_again(
    smtp_settings, smtp_server, make_deadline
):
    refusing = {"on": True}
    smtp_server.inbox.on_data = (
        lambda count: "451 4.3.0 Try again later" if refusing["on"] else None
    )
    with time_machine.travel(NOW, tick=False) as clock:
        make_deadline(due_date=dt.date(2026, 9, 21), now=NOW - dt.timedelta(days=30))
        scanner.scan()
        moment = NOW
        while moment < NOW + dt.timedelta(hours=6):  # beat: delivery every two minutes
            delivery.deliver()
            moment += dt.timedelta(minutes=2)
            clock.move_to(moment)
        refusing["on"] = False
        clock.move_to(moment + dt.timedelta(hours=1))
        delivery.deliver()
    alert = Alert.objects.get()
    assert alert.state == AlertState.SENT, alert.last_error
    assert len(smtp_server.inbox.messages) == 1
