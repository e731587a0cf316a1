"""deadline.missed is sent once, when a deadline becomes missed, not on every later change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.services import deadlines_mark_missed, deadlines_recompute
from rights.services import right_update
from tests.factories import RightFactory
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _events():
    return list(Delivery.objects.order_by("id").values_list("event", flat=True))


def test_missed_event_only_on_the_transition(org, django_capture_on_commit_callbacks):
    Endpoint.objects.create(
        organisation=org,
        url="http://127.0.0.1:9/hook",
        secret="x" * 32,
        event_types=["deadline.missed", "deadline.changed"],
    )
    right = RightFactory(organisation=org, granted=True)
    with time_machine.travel(dt.datetime(2021, 8, 10, 9, tzinfo=SHANGHAI), tick=False):
        deadlines_recompute(right=right)
    with (
        time_machine.travel(dt.datetime(2022, 1, 5, 9, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deadlines_mark_missed()  # record-with-customs (due 2021-11-03) becomes missed
    assert _events().count("deadline.missed") == 1
    with (
        time_machine.travel(dt.datetime(2022, 1, 6, 9, tzinfo=SHANGHAI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # A corrected grant date moves the (still missed) customs-record deadline by a day.
        right_update(right=right, grant_date=dt.date(2021, 8, 4))
    assert _events().count("deadline.missed") == 1
    assert "deadline.changed" in _events()
