"""/healthz: 200 JSON when the database and the broker answer, 503 naming what is down
(item 17 of issue 8). "Down" is a real dead port (or an unopenable SQLite file), not a mock."""

import socket

import pytest
from celery import current_app
from django.db import connections

pytestmark = pytest.mark.django_db


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down(monkeypatch):
    settings = dict(connections.settings["default"])
    if settings["ENGINE"].endswith("sqlite3"):
        settings["NAME"] = "/nonexistent-folder/db.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT=str(dead_port()))
    monkeypatch.setitem(connections.settings, "default", settings)


@pytest.fixture
def broker_down():
    conf = current_app.conf
    before = conf.broker_url, conf.broker_transport_options
    conf.broker_url = f"redis://127.0.0.1:{dead_port()}/0"
    conf.broker_transport_options = {}
    yield
    conf.broker_url, conf.broker_transport_options = before


def test_up_is_200_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "broker": "up", "down": []}


def test_database_down_is_503_naming_it(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["down"] == ["database"]
    assert (body["database"], body["broker"]) == ("down", "up")


def test_broker_down_is_503_naming_it(client, broker_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_both_down_names_both(client, database_down, broker_down):
    assert client.get("/healthz").json()["down"] == ["database", "broker"]
