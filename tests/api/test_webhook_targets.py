"""Webhook targets (item 12 of issue 8): no loopback, link-local or private receivers and no
credentials in the URL unless WEBHOOKS_ALLOW_PRIVATE is on; the host is checked again when
sending (after resolving it); the delivery log never says what listens where."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks import delivery as outbox
from webhooks.models import Delivery, DeliveryStatus, Endpoint
from webhooks.targets import REFUSED
from webhooks.transports import UNREACHABLE

pytestmark = pytest.mark.django_db

INSIDE = [
    "http://127.0.0.1:6379/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://localhost:5432/",
    "http://hooks.localhost/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",
    "http://[fd00::1]/hook",
]
WITH_CREDENTIALS = ["https://user:pass@hooks.example.com/x", "https://token@hooks.example.com/"]


def _post(api_as, counsel, url):
    return api_as(counsel).post(
        "/api/v1/webhook-endpoints/", {"url": url, "secret": "s" * 20}, format="json"
    )


@pytest.mark.parametrize("url", INSIDE + WITH_CREDENTIALS)
def test_inside_or_credentialed_targets_are_refused_by_default(api_as, counsel, url):
    response = _post(api_as, counsel, url)
    assert response.status_code == 400, response.json()
    assert "url" in response.json()
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("url", ["https://hooks.example.com/in", "http://8.8.8.8/hook"])
def test_public_targets_are_accepted(api_as, counsel, url):
    assert _post(api_as, counsel, url).status_code == 201


def test_the_model_refuses_inside_targets_too(org):
    """Admin forms and services validate through the model (full_clean)."""
    from django.core.exceptions import ValidationError

    endpoint = Endpoint(organisation=org, url="http://10.1.2.3/")
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://192.168.1.1/hook"])
def test_allow_private_lets_inside_targets_in(api_as, counsel, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert _post(api_as, counsel, url).status_code == 201


def test_allow_private_still_refuses_credentials(api_as, counsel, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert _post(api_as, counsel, WITH_CREDENTIALS[0]).status_code == 400


class _Server:
    """A loopback receiver answering `status` (with a Location header when redirecting)."""

    def __init__(self, status=200, location=""):
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                server.requests.append(self.path)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    started = []

    def start(**kwargs):
        started.append(_Server(**kwargs))
        return started[-1]

    yield start
    for server in started:
        server.close()


def _send(delivery):
    outbox.deliver()
    return Delivery.objects.get(pk=delivery.pk)


def _delivery(org, url):
    endpoint = Endpoint.objects.create(organisation=org, url=url, secret="s" * 20)
    return Delivery.objects.create(endpoint=endpoint, event="deadline.created", payload={})


def test_a_stored_inside_target_is_refused_when_sending(org, servers):
    """Stored while allowed (or before this rule): refused again at send time, never posted."""
    receiver = servers()
    delivery = _send(_delivery(org, receiver.url))
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, REFUSED)
    assert receiver.requests == []


def test_a_host_name_resolving_inside_is_refused_when_sending(org):
    host = socket.gethostname()
    addresses = {info[4][0] for info in socket.getaddrinfo(host, 80, proto=socket.IPPROTO_TCP)}
    if not any(a.startswith(("127.", "10.", "192.168.", "::1")) for a in addresses):
        pytest.skip(f"{host} resolves to {addresses}, not inside")
    delivery = _send(_delivery(org, f"http://{host}:9/x"))
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, REFUSED)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_delivery_log_does_not_say_what_listens(org, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    delivery = _delivery(org, f"http://127.0.0.1:{_closed_port()}/hook")
    delivery = _send(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)  # retried later
    assert delivery.last_error == UNREACHABLE
    assert "refused" not in delivery.last_error.lower()


def test_a_redirect_is_not_followed(org, settings, servers):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    inside = servers()
    redirector = servers(status=307, location=inside.url)
    delivery = _send(_delivery(org, redirector.url))
    assert delivery.status == DeliveryStatus.FAILED  # a redirect is never followed: no retry
    assert len(redirector.requests) == 1
    assert inside.requests == []
    assert Delivery.objects.get().last_error == "HTTP 307"
