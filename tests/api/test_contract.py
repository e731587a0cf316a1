"""The stable core of api-contract.md: paths, field names, auth and read-only computed fields."""

import pytest
from rest_framework.test import APIClient

from rights.models import Right

pytestmark = pytest.mark.django_db

RIGHT_FIELDS = {
    "id",
    "kind",
    "jurisdiction",
    "title",
    "owner",
    "application_number",
    "registration_number",
    "filing_date",
    "priority_date",
    "grant_date",
    "registration_date",
    "publication_date",
    "nice_classes",
    "status",
    "expiry_date",
}
RECORDAL_FIELDS = {
    "id",
    "right",
    "recordal_number",
    "applied_on",
    "approved_on",
    "valid_until",
    "renewal_window_opens",
    "status",
}
NOTICE_FIELDS = {
    "id",
    "recordal",
    "served_on",
    "port",
    "goods_description",
    "quantity",
    "goods_value_cny",
    "response_due",
    "bond_cny",
    "provisional",
    "explanation",
}
DEADLINE_FIELDS = {
    "id",
    "rule",
    "title",
    "due_date",
    "status",
    "provisional",
    "explanation",
    "right",
    "recordal",
}


def test_rights_list_is_paginated_and_carries_the_contract_fields(api_as, viewer, demo):
    response = api_as(viewer).get("/api/v1/rights/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    right = body["results"][0]
    assert set(right) >= RIGHT_FIELDS
    assert right["application_number"] == demo["right"].application_number
    assert right["expiry_date"] == "2039-03-13"


def test_recordal_detail_carries_contract_fields_and_parties(api_as, viewer, demo):
    recordal = demo["recordal"]
    body = api_as(viewer).get(f"/api/v1/recordals/{recordal.pk}/").json()
    assert set(body) >= RECORDAL_FIELDS
    assert body["right"] == demo["right"].pk
    assert body["valid_until"] is not None
    assert [p["name"] for p in body["parties"]] == ["Licensee 1"]


def test_customs_notice_detail_shows_the_three_working_day_answer_date(api_as, viewer, demo):
    notice = demo["notice"]
    body = api_as(viewer).get(f"/api/v1/customs-notices/{notice.pk}/").json()
    assert set(body) >= NOTICE_FIELDS
    # Served Tuesday 30 Sept 2025; 1-8 October is the National Day holiday, 28 Sept and
    # 11 Oct are working Saturdays: day 1 is 9 Oct, day 3 is Saturday 11 Oct.
    assert body["response_due"] == "2025-10-11"
    assert body["goods_value_cny"] == "86000.00"
    assert isinstance(body["bond_cny"], str)
    assert body["provisional"] is False


def test_deadline_list_carries_contract_fields_and_its_subject(api_as, viewer, demo):
    body = api_as(viewer).get("/api/v1/deadlines/", {"rule": "customs_notice_response"}).json()
    assert body["count"] == 1
    deadline = body["results"][0]
    assert set(deadline) >= DEADLINE_FIELDS
    assert deadline["customs_notice"] == demo["notice"].pk
    assert deadline["subject"]["type"] == "customs_notice"
    assert deadline["due_date"] == "2025-10-11"


def test_computed_fields_are_read_only(api_as, paralegal, demo):
    right = demo["right"]
    response = api_as(paralegal).patch(
        f"/api/v1/rights/{right.pk}/",
        {"expiry_date": "2099-01-01", "title": "Renamed"},
        format="json",
    )
    assert response.status_code == 200
    right.refresh_from_db()
    assert right.title == "Renamed"
    assert right.expiry_date.isoformat() == "2039-03-13"


def test_members_are_listed_read_only(api_as, viewer, counsel, outsider):
    client = api_as(viewer)
    usernames = {m["username"] for m in client.get("/api/v1/members/").json()["results"]}
    assert usernames == {"viewer", "counsel"}
    assert client.post("/api/v1/members/", {}, format="json").status_code == 405


def test_token_in_authorization_header_authenticates(viewer, demo, api_as):
    assert api_as(viewer).get("/api/v1/rights/").status_code == 200


def test_no_credentials_is_401_with_token_challenge(db):
    response = APIClient().get("/api/v1/rights/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_wrong_token_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/rights/").status_code == 401


def _right_payload(**extra):
    return {
        "kind": "trademark",
        "title": "SPARROW",
        "owner": "Demo Co. Ltd",
        "filing_date": "2015-02-10",
        "registration_date": "2016-05-07",
        "status": "registered",
        "nice_classes": [9, 35],
        "application_number": "12345678",
        **extra,
    }


def test_session_auth_refuses_a_post_without_csrf_token(paralegal, org):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(paralegal)
    response = client.post("/api/v1/rights/", _right_payload(), format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Right.objects.exists()


def test_session_auth_accepts_a_post_with_csrf_token(paralegal, org):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(paralegal)
    client.get("/api/docs/")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/rights/", _right_payload(), format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.json()
    assert Right.objects.get().nice_classes == [9, 35]


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/deadlines/{id}/waive/" in schema.content
    assert client.get("/api/docs/").status_code == 200
