"""Inputs that used to cause a 500 (item 16 of issue 8): each is now a 4xx, and nothing is saved.

Most of them only broke on PostgreSQL (NUL bytes and lone surrogates cannot be stored there), so
these tests matter most in the PostgreSQL pass of CI.
"""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from rights.models import Right

from .test_validation import PATENT

pytestmark = pytest.mark.django_db

# Unicode digits that are not 0-9: str.isdigit() accepts them, int() refuses some of them.
NON_ASCII_DIGITS = ["\u00b2", "\u00b9", "\u0663", "\uff11", "\u2460"]


def _raw_post(client, path, text):
    return client.post(path, text.encode("utf-8", "surrogatepass"), content_type="application/json")


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
@pytest.mark.parametrize("path", ["webhook-endpoints", "rights", "recordals", "deadlines"])
def test_non_ascii_digit_in_a_detail_url_is_404(api_as, counsel, path, digit):
    client = api_as(counsel)
    assert client.get(f"/api/v1/{path}/{digit}/").status_code == 404
    response = client.put(f"/api/v1/{path}/{digit}/", {"url": "https://x.example"}, format="json")
    assert response.status_code in (404, 405)
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("field", ["external_id", "title", "owner"])
def test_nul_byte_in_a_string_field_is_a_400_field_error(api_as, paralegal, field):
    response = api_as(paralegal).post(
        "/api/v1/rights/", {**PATENT, "external_id": "ext-1", field: "a\x00b"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Right.objects.exists()


def test_nul_byte_in_a_nested_string_is_a_400_naming_where(api_as, paralegal):
    payload = {**PATENT, "priority_claims": [{"country": "DE", "number": "1\x00", "date": "x"}]}
    response = api_as(paralegal).post("/api/v1/rights/", payload, format="json")
    assert response.status_code == 400
    assert "priority_claims" in response.json()


def test_nul_byte_in_a_filter_value_is_a_400(api_as, viewer):
    response = api_as(viewer).get("/api/v1/rights/", {"external_id": "a\x00"})
    assert response.status_code == 400
    assert "external_id" in response.json()


def test_lone_surrogate_in_a_string_field_is_a_400(api_as, paralegal):
    text = json.dumps({**PATENT, "title": "x"}).replace('"x"', '"\\ud800"')
    response = _raw_post(api_as(paralegal), "/api/v1/rights/", text)
    assert response.status_code == 400, response.content
    assert "title" in response.json()
    assert not Right.objects.exists()


def test_json_nested_100000_levels_is_a_400(api_as, paralegal):
    text = "[" * 100_000 + "]" * 100_000
    response = _raw_post(api_as(paralegal), "/api/v1/rights/", text)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("session", [False, True])
def test_body_over_the_size_limit_answers_in_the_api_json_format(
    api_as, client, paralegal, session
):
    payload = {**PATENT, "title": "x" * 5000}
    if session:
        client.force_login(paralegal)
        response = client.post("/api/v1/rights/", payload, content_type="application/json")
    else:
        response = api_as(paralegal).post("/api/v1/rights/", payload, format="json")
    assert response.status_code in (400, 413)
    assert response["Content-Type"] == "application/json"
    assert response.json()
    assert not Right.objects.exists()


def test_nul_in_the_calendar_feed_url_is_404(client, counsel):
    response = client.get("/calendar/abc%00def.ics")
    assert response.status_code == 404


def test_nul_in_the_ack_link_is_not_a_server_error(client, counsel):
    response = client.get("/alerts/ack/abc%00def/")
    assert response.status_code in (400, 404)


def test_nul_in_the_admin_autocomplete_term_is_not_a_server_error(client, counsel):
    counsel.is_staff = True
    counsel.save(update_fields=["is_staff"])
    client.force_login(counsel)
    url = reverse("admin:autocomplete")
    params = {
        "term": "a\x00",
        "app_label": "customs",
        "model_name": "recordal",
        "field_name": "right",
    }
    response = client.get(url, params)
    assert response.status_code < 500


def test_nul_in_the_admin_search_is_not_a_server_error(client, counsel):
    counsel.is_staff = True
    counsel.save(update_fields=["is_staff"])
    client.force_login(counsel)
    response = client.get(reverse("admin:rights_right_changelist"), {"q": "a\x00"})
    assert response.status_code < 500
