"""Naming the matter costs joins, not a query per row: the digest and the feeds read as many
queries for 50 matters as for 5."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import emails
from notifications.models import Alert, AlertKind
from notifications.selectors import preference_of
from notifications.services import digests_queue
from tests.factories import CustomsNoticeFactory, RightFactory

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def portfolio(org, make_deadline, make_notice_deadline, size: int, counsel) -> None:
    """`size` rights with a deadline each, and `size` customs notices with theirs."""
    for i in range(size):
        right = RightFactory(organisation=org, granted=True)
        make_deadline(due_date=dt.date(2026, 11, 20 + i % 10), now=NOW, right=right)
        notice = CustomsNoticeFactory(organisation=org, recordal__right=right)
        make_notice_deadline(
            notice, due_date=dt.date(2026, 11, 26), now=NOW, who=counsel if i % 2 else None
        )


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def costs(client, manager, counsel):
    digest = Alert.objects.select_related(*emails.ALERT_RELATED).get(kind=AlertKind.DIGEST)
    token = preference_of(counsel).feed_token
    return {
        "digest": queries(lambda: emails.build_message(digest, NOW)),
        "feed": queries(lambda: client.get(reverse("notifications:ical-feed", args=[token]))),
        "my feed": queries(
            lambda: client.get(reverse("notifications:ical-feed-mine", args=[token]))
        ),
    }


def test_digest_and_feeds_read_the_same_queries_for_5_and_50_matters(
    client, org, make_deadline, make_notice_deadline, manager, counsel
):
    portfolio(org, make_deadline, make_notice_deadline, 5, counsel)
    digests_queue(now=NOW)
    small = costs(client, manager, counsel)

    portfolio(org, make_deadline, make_notice_deadline, 45, counsel)
    large = costs(client, manager, counsel)

    assert large == small
    assert small["digest"] <= 13, small  # + the unverified section (rows, total)
    assert small["feed"] <= 3 and small["my feed"] <= 3, small
