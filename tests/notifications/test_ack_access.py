"""Acknowledge links (item 13 of issue 8): a signed-in member of another organisation is refused
like a missing alert; without a session the link acknowledges, recorded as the link's doing
(no person is credited); a signed-in member of the organisation acknowledges as themselves."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from notifications import policy as pure, scanner
from notifications.models import AckChannel, Alert
from notifications.tokens import ack_token

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alert(make_deadline, responsible, manager):
    make_deadline(rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), now=NOW)
    scanner.scan()
    return Alert.objects.get(recipient=responsible)


def _url(alert):
    return reverse("notifications:alert-ack", args=[ack_token(alert.pk)])


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_in_outsider_is_refused_like_a_missing_alert(client, outsider, alert, method):
    client.force_login(outsider)
    response = getattr(client, method)(_url(alert))
    assert response.status_code == 404
    assert alert.deadline.title.encode() not in response.content
    assert not Alert.objects.filter(acknowledged_at__isnull=False).exists()


def test_without_a_session_the_link_acknowledges_and_credits_no_person(client, alert):
    response = client.post(_url(alert))
    assert response.status_code == 200
    assert b"through the emailed link" in response.content
    alert.refresh_from_db()
    assert alert.acknowledged_at == NOW
    assert alert.acknowledged_by is None
    assert alert.acknowledged_via == AckChannel.EMAIL_LINK
    assert alert.escalate_at is None
    # The same stage's other alerts (the manager's copy) stop escalating, recorded the same way.
    others = Alert.objects.exclude(pk=alert.pk)
    assert {(a.acknowledged_by_id, a.acknowledged_via) for a in others} == {
        (None, AckChannel.EMAIL_LINK)
    }


def test_a_signed_in_colleague_acknowledges_as_themselves(client, counsel, alert):
    client.force_login(counsel)
    assert client.post(_url(alert)).status_code == 200
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledged_via) == (counsel, AckChannel.SIGNED_IN)


def test_the_api_shows_how_an_alert_was_acknowledged(client, alert, responsible):
    from rest_framework.test import APIClient

    from accounts.tokens import token_create

    client.post(_url(alert))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=responsible, name='t')[1]}")
    row = api.get(f"/api/v1/alerts/{alert.pk}/").json()
    assert (row["acknowledged_by"], row["acknowledged_via"]) == (None, "email_link")
