"""`/history/` on each resource: who, when, old and new values, why; scoped, paginated, bounded."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from customs import services as customs_services
from deadlines.models import Deadline
from rights import services as rights_services
from tests.factories import InfringerFactory

pytestmark = pytest.mark.django_db

RESOURCES = [
    ("rights", "right"),
    ("priority-claims", "claim"),
    ("recordals", "recordal"),
    ("recordal-parties", "party"),
    ("customs-notices", "notice"),
    ("general-guarantees", "guarantee"),
    ("deadlines", "deadline"),
]


@pytest.mark.parametrize(("path", "key"), RESOURCES)
def test_every_legal_record_has_its_history_over_the_api(api_as, viewer, demo, path, key):
    record = demo[key]
    response = api_as(viewer).get(f"/api/v1/{path}/{record.pk}/history/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= 1
    oldest = body["results"][-1]
    assert oldest["type"] == "created"
    assert set(oldest) >= {"id", "at", "user", "user_name", "reason", "changes"}


@pytest.mark.parametrize(("path", "key"), [r for r in RESOURCES if r[1] != "guarantee"])
def test_another_organisations_history_is_a_404(api_as, counsel, demo, other, path, key):
    assert api_as(counsel).get(f"/api/v1/{path}/{other[key].pk}/history/").status_code == 404


def test_enforcement_records_have_their_history_over_the_api(api_as, counsel, org, other_org):
    mine, theirs = InfringerFactory(organisation=org), InfringerFactory(organisation=other_org)
    client = api_as(counsel)
    assert client.get(f"/api/v1/infringers/{mine.pk}/history/").status_code == 200
    assert client.get(f"/api/v1/infringers/{theirs.pk}/history/").status_code == 404


def test_a_change_shows_who_made_it_and_each_old_and_new_value(api_as, counsel, demo):
    right = demo["right"]
    rights_services.right_update(right=right, actor=counsel, title="Self-locking fastener")
    newest = api_as(counsel).get(f"/api/v1/rights/{right.pk}/history/").json()["results"][0]
    assert newest["type"] == "changed"
    assert newest["user"] == counsel.pk and newest["user_name"] == "counsel"
    assert {"field": "title", "label": "Title", "old": "Fastening device 1",
            "new": "Self-locking fastener"} in newest["changes"]  # fmt: skip


def test_a_recomputed_deadline_names_the_fact_that_moved_it(api_as, counsel, demo):
    notice = demo["notice"]
    customs_services.customs_notice_update(
        notice=notice, actor=counsel, served_on=dt.date(2025, 10, 9)
    )
    answer = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    newest = api_as(counsel).get(f"/api/v1/deadlines/{answer.pk}/history/").json()["results"][0]
    assert newest["user"] == counsel.pk
    assert newest["reason"].startswith("Customs notice “")
    assert newest["reason"].endswith("changed: Served on")
    due = next(c for c in newest["changes"] if c["field"] == "due_date")
    assert due["old"] == "2025-10-11" and due["new"] > due["old"]


def test_the_reason_is_shown_in_the_readers_language(api_as, counsel, demo):
    notice = demo["notice"]
    customs_services.customs_notice_update(
        notice=notice, actor=counsel, served_on=dt.date(2025, 10, 9)
    )
    answer = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    with translation.override("en"):  # the middleware's Chinese ends with this request
        response = api_as(counsel).get(
            f"/api/v1/deadlines/{answer.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    newest = response.json()["results"][0]
    assert newest["reason"].startswith("海关通知")
    assert newest["reason_stored"].startswith("Customs notice")


def test_history_is_paginated_and_each_page_diffs_against_the_entry_before_it(
    api_as, counsel, demo
):
    right = demo["right"]
    for n in range(5):
        rights_services.right_update(right=right, actor=counsel, title=f"Title {n}")
    client = api_as(counsel)
    first = client.get(f"/api/v1/rights/{right.pk}/history/?page_size=2").json()
    assert first["count"] >= 6 and first["next"]
    second = client.get(first["next"]).json()
    last_of_second = second["results"][-1]
    # The last entry of a page still has its diff (read against the entry on the next page).
    assert last_of_second["type"] == "changed"
    assert any(c["field"] == "title" for c in last_of_second["changes"])
    assert client.get(f"/api/v1/rights/{right.pk}/history/?page_size=x").status_code == 400


def test_history_runs_a_constant_number_of_queries(api_as, counsel, demo):
    right = demo["right"]
    client = api_as(counsel)
    client.get(f"/api/v1/rights/{right.pk}/history/")  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/rights/{right.pk}/history/")
    for n in range(30):
        rights_services.right_update(right=right, actor=counsel, title=f"Title {n}")
    with CaptureQueriesContext(connection) as many:
        body = client.get(f"/api/v1/rights/{right.pk}/history/?page=2&page_size=10").json()
    assert len(body["results"]) == 10
    assert len(many) <= len(few) + 1  # + the entry before the page's last
    assert len(many) <= 10


def test_the_schema_documents_history_and_verify(api_as, counsel):
    schema = api_as(counsel).get("/api/schema/?format=json").json()
    assert "/api/v1/rights/{id}/history/" in schema["paths"]
    assert "/api/v1/deadlines/{id}/verify/" in schema["paths"]
    history = schema["paths"]["/api/v1/deadlines/{id}/history/"]["get"]
    assert {p["name"] for p in history["parameters"]} >= {"page", "page_size"}
