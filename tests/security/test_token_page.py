"""The "API tokens" page: each user lists, creates (key shown once) and revokes their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ApiToken
from accounts.tokens import token_create

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:api-tokens")


def test_the_page_needs_a_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_create_shows_the_key_once_then_lists_the_token(client, viewer):
    client.force_login(viewer)
    page = client.post(PAGE, {"name": "Power BI", "days": "90", "read_only": "on"})
    assert page.status_code == 200
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=viewer)
    assert key.encode() in page.content and token.read_only
    assert page["Cache-Control"] == "no-store"
    again = client.get(PAGE)
    assert key.encode() not in again.content
    assert b"Power BI" in again.content and token.prefix.encode() in again.content


def test_bad_input_is_a_field_error_and_nothing_is_saved(client, viewer):
    client.force_login(viewer)
    page = client.post(PAGE, {"name": "", "days": "7"})
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_revoke_only_ones_own_token(client, counsel, outsider):
    mine, _ = token_create(user=counsel, name="ERP")
    theirs, _ = token_create(user=outsider, name="Theirs")
    client.force_login(counsel)
    url = reverse("accounts:api-token-revoke", args=[theirs.pk])
    assert client.post(url).status_code == 404
    response = client.post(reverse("accounts:api-token-revoke", args=[mine.pk]), follow=True)
    assert b"revoked" in response.content
    assert response.context["tokens"] == []
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_the_menu_links_the_page(client, viewer):
    client.force_login(viewer)
    assert PAGE.encode() in client.get(reverse("dashboard:home")).content


def test_the_page_runs_the_same_queries_for_2_or_20_tokens(client, counsel):
    client.force_login(counsel)
    counts = []
    for total in (2, 20):
        while ApiToken.objects.filter(user=counsel).count() < total:
            token_create(user=counsel, name="x")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
