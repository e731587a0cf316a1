"""Webhooks: a real HTTP receiver on loopback gets signed events; a disabled endpoint nothing."""

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core import outbox as core_outbox
from tests.conftest import FROZEN_AT
from webhooks import delivery as outbox
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

SECRET = "s3cret-for-tests-0123456789"


class Receiver:
    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture(autouse=True)
def allow_loopback_receiver(settings):
    """The receiver listens on 127.0.0.1, which production refuses (see test_webhook_targets)."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _send(delivery=None):
    """What the worker does when asked (or at the next outbox sweep): send what is due."""
    outbox.deliver()
    return None if delivery is None else Delivery.objects.get(pk=delivery.pk)


NOTICE = {
    "served_on": "2025-10-09",
    "port": "Ningbo",
    "goods_description": "Fake clips",
    "quantity": 10,
    "goods_value_cny": "1000.00",
}


def _register_endpoint(api_as, counsel, url, **extra):
    response = api_as(counsel).post(
        "/api/v1/webhook-endpoints/", {"url": url, "secret": SECRET, **extra}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_new_customs_notice_is_posted_signed_to_the_receiver(
    api_as, counsel, paralegal, demo, receiver, django_capture_on_commit_callbacks
):
    _register_endpoint(api_as, counsel, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(paralegal).post(
            "/api/v1/customs-notices/",
            {"recordal": demo["recordal"].pk, **NOTICE},
            format="json",
        )
    assert response.status_code == 201
    _send()
    events = {}
    for request in receiver.requests:
        body = request["body"]
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(request["headers"]["X-Iptracker-Signature"], expected)
        payload = json.loads(body)
        events.setdefault(payload["event"], []).append(payload["data"])
    # Served Thursday 9 Oct 2025: day 1 Fri 10, day 2 Sat 11 (a working Saturday), day 3 Mon 13.
    assert events["customs_notice.received"] == [
        {
            "customs_notice": response.json()["id"],
            "response_due": "2025-10-13",
            "deadline": events["customs_notice.received"][0]["deadline"],
        }
    ]
    assert any(d["rule"] == "customs_notice_response" for d in events["deadline.created"])
    log = api_as(counsel).get("/api/v1/webhook-deliveries/").json()
    assert log["count"] == len(receiver.requests)
    assert {row["status"] for row in log["results"]} == {"delivered"}
    assert {row["status_code"] for row in log["results"]} == {200}


def test_endpoint_gets_only_the_events_it_subscribed_to(
    api_as, counsel, paralegal, demo, receiver, django_capture_on_commit_callbacks
):
    _register_endpoint(api_as, counsel, receiver.url, event_types=["customs_notice.received"])
    with django_capture_on_commit_callbacks(execute=True):
        api_as(paralegal).post(
            "/api/v1/customs-notices/",
            {"recordal": demo["recordal"].pk, **NOTICE},
            format="json",
        )
    _send()
    assert [json.loads(r["body"])["event"] for r in receiver.requests] == [
        "customs_notice.received"
    ]


def test_disabled_endpoint_receives_nothing(
    api_as, counsel, paralegal, demo, receiver, django_capture_on_commit_callbacks
):
    endpoint = _register_endpoint(api_as, counsel, receiver.url)
    response = api_as(counsel).patch(
        f"/api/v1/webhook-endpoints/{endpoint['id']}/", {"active": False}, format="json"
    )
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        api_as(paralegal).post(
            "/api/v1/customs-notices/",
            {"recordal": demo["recordal"].pk, **NOTICE},
            format="json",
        )
    _send()
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_delivery_queued_before_disabling_is_skipped_not_sent(counsel, org, receiver):
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret=SECRET)
    delivery = Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False)
    assert _send(delivery).status == "skipped"
    assert receiver.requests == []


@pytest.mark.parametrize("status", [503, 500, 429, 408])
def test_a_transient_failure_is_logged_and_retried_after_a_backoff(
    counsel, org, receiver, frozen_clock, status
):
    receiver.status = status
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret=SECRET)
    delivery = Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})
    delivery = _send(delivery)
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 1, status)
    assert delivery.last_error == f"HTTP {status}"
    assert delivery.next_attempt_at == FROZEN_AT + dt.timedelta(seconds=30)
    assert _send(delivery).attempts == 1  # not before the backoff
    frozen_clock.shift(dt.timedelta(seconds=30))
    receiver.status = 200
    delivery = _send(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 2, "")
    assert len(receiver.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422])
def test_a_permanent_failure_fails_at_once_with_its_error(counsel, org, receiver, status):
    receiver.status = status
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret=SECRET)
    delivery = Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})
    delivery = _send(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed", 1, f"HTTP {status}",
    )  # fmt: skip
    _send(delivery)
    assert len(receiver.requests) == 1


def test_retries_give_up_after_max_attempts(counsel, org, receiver, settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    receiver.status = 502
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret=SECRET)
    delivery = Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})
    for _ in range(5):
        delivery = _send(delivery)
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert delivery.last_error == "gave up after 3 attempts: HTTP 502"
    assert len(receiver.requests) == 3


def test_a_dead_workers_claim_is_swept_and_sent_once(counsel, org, receiver, frozen_clock):
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret=SECRET)
    delivery = Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})
    lease = dt.timedelta(seconds=60)
    _token, ids = outbox.WEBHOOKS.claim(now=FROZEN_AT, batch=10, lease=lease)
    assert ids == [delivery.pk]  # ... and the worker dies here
    assert _send(delivery).status == "sending"  # nobody else takes a live claim
    assert core_outbox.sweep_all() == {"alerts": 0, "webhooks": 0}
    frozen_clock.shift(lease + dt.timedelta(seconds=1))
    assert core_outbox.sweep_all() == {"alerts": 0, "webhooks": 1}
    assert _send(delivery).status == "delivered"
    assert len(receiver.requests) == 1


def test_webhooks_are_counsel_only(api_as, paralegal, manager):
    for user in (paralegal, manager):
        client = api_as(user)
        assert client.get("/api/v1/webhook-endpoints/").status_code == 403
        assert client.get("/api/v1/webhook-deliveries/").status_code == 403


def test_outsider_cannot_see_change_or_delete_demo_co_endpoints(api_as, counsel, outsider):
    endpoint = _register_endpoint(api_as, counsel, "https://example.com/hook")
    client = api_as(outsider)
    url = f"/api/v1/webhook-endpoints/{endpoint['id']}/"
    assert client.get("/api/v1/webhook-endpoints/").json()["count"] == 0
    assert client.get(url).status_code == 404
    assert client.patch(url, {"active": False}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert Endpoint.objects.get(pk=endpoint["id"]).active is True
    delivery = Delivery.objects.create(
        endpoint_id=endpoint["id"], event="deadline.created", payload={}
    )
    assert client.get(f"/api/v1/webhook-deliveries/{delivery.pk}/").status_code == 404


def test_unknown_event_type_is_400(api_as, counsel):
    response = api_as(counsel).post(
        "/api/v1/webhook-endpoints/",
        {"url": "https://example.com/hook", "event_types": ["deadline.exploded"]},
        format="json",
    )
    assert response.status_code == 400
    assert "event_types" in response.json()
    assert not Endpoint.objects.exists()
