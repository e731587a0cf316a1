"""Personal API tokens: hashed, named, expiring, revocable by their owner, optionally read-only,
and dead with their user."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import token_create
from core.clock import now_utc
from notifications.selectors import preference_of

pytestmark = pytest.mark.django_db


def _client(key) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_only_a_digest_of_the_key_is_stored(counsel):
    token, key = token_create(user=counsel, name="ERP")
    row = ApiToken.objects.values().get(pk=token.pk)
    assert key not in {str(value) for value in row.values()}
    assert row["digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(row["prefix"]) and len(row["prefix"]) == 12
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert key not in repr(cursor.fetchall())


def test_a_token_works_and_records_when_it_was_last_used(counsel):
    token, key = token_create(user=counsel, name="ERP")
    assert token.last_used_at is None
    assert _client(key).get("/api/v1/deadlines/").status_code == 200
    token.refresh_from_db()
    assert now_utc() - token.last_used_at < dt.timedelta(seconds=30)


def test_an_expired_token_is_refused(counsel, frozen_clock):
    _, key = token_create(user=counsel, name="ERP", days=30)
    assert _client(key).get("/api/v1/deadlines/").status_code == 200
    frozen_clock.shift(dt.timedelta(days=30, seconds=1))
    response = _client(key).get("/api/v1/deadlines/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused_at_once(api_as, counsel):
    token, key = token_create(user=counsel, name="ERP")
    owner = _client(key)
    assert owner.get("/api/v1/deadlines/").status_code == 200
    assert owner.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    assert owner.get("/api/v1/deadlines/").status_code == 401


def test_a_read_only_token_reads_but_cannot_write(counsel, org):
    _, key = token_create(user=counsel, name="BI", read_only=True)
    api = _client(key)
    assert api.get("/api/v1/rights/").status_code == 200
    response = api.post(
        "/api/v1/infringers/", {"kind": "company", "name": "Copycat"}, format="json"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert api.post("/api/v1/tokens/", {"name": "escalate"}, format="json").status_code == 403
    _, writer = token_create(user=counsel, name="ERP")
    created = _client(writer).post(
        "/api/v1/infringers/", {"kind": "company", "name": "Copycat"}, format="json"
    )
    assert created.status_code == 201


def test_a_deactivated_users_tokens_and_feeds_stop_at_once(client, counsel):
    _, key = token_create(user=counsel, name="ERP")
    feed = f"/calendar/{preference_of(counsel).feed_token}.ics"
    assert _client(key).get("/api/v1/deadlines/").status_code == 200
    assert client.get(feed).status_code == 200

    counsel.is_active = False
    counsel.save()

    assert _client(key).get("/api/v1/deadlines/").status_code == 401
    assert client.get(feed).status_code == 404


def test_each_user_lists_creates_and_revokes_only_their_own_tokens(api_as, counsel, paralegal):
    mine, _ = token_create(user=counsel, name="ERP")
    theirs, _ = token_create(user=paralegal, name="Docketing feed")
    api = api_as(counsel)

    created = api.post(
        "/api/v1/tokens/", {"name": "BI", "days": 30, "read_only": True}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["key"].startswith(body["prefix"]) and body["read_only"] is True
    assert created["Cache-Control"] == "no-store"
    listed = api.get("/api/v1/tokens/").json()["results"]
    assert {row["name"] for row in listed} == {"ERP", "BI", "Tests"}
    assert all("key" not in row and "digest" not in row for row in listed)

    assert api.delete(f"/api/v1/tokens/{theirs.pk}/").status_code == 404
    assert api.delete(f"/api/v1/tokens/{mine.pk}/").status_code == 204
    assert api.delete(f"/api/v1/tokens/{mine.pk}/").status_code == 404  # already revoked
    assert api.delete("/api/v1/tokens/not-an-id/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_needs_a_name_and_a_known_expiry(api_as, counsel):
    response = api_as(counsel).post("/api/v1/tokens/", {"name": "", "days": 7}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "days"}


def test_the_token_list_runs_the_same_queries_for_2_or_20_tokens(api_as, counsel):
    api = api_as(counsel)
    counts = []
    for total in (2, 20):
        while ApiToken.objects.filter(user=counsel).count() < total:
            token_create(user=counsel, name="x")
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/tokens/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 3


def test_the_command_prints_a_new_key_once(counsel):
    out, err = StringIO(), StringIO()
    call_command(
        "drf_create_token", counsel.username, "--name", "ERP", "--read-only", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=counsel, name="ERP")
    assert token.read_only and key.startswith(token.prefix)
    assert _client(key).get("/api/v1/rights/").status_code == 200
    call_command("drf_create_token", counsel.username, "--revoke", str(token.pk), stdout=out)
    assert _client(key).get("/api/v1/rights/").status_code == 401


def test_the_schema_documents_the_token_scheme(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey" and scheme["name"] == "Authorization"
    assert "Token" in scheme["description"]
    assert "/api/v1/tokens/{id}/" in schema["paths"]
    assert "429" in schema["paths"]["/api/v1/tokens/"]["get"]["responses"]
