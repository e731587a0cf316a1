"""Roles: viewer reads, paralegal writes, manager reads, only counsel waives; the actions."""

import pytest

from customs.models import CustomsNotice
from deadlines.models import Deadline, DeadlineStatus
from rights.models import Right

pytestmark = pytest.mark.django_db

NEW_MARK = {
    "kind": "trademark",
    "title": "SPARROW",
    "owner": "Demo Co. Ltd",
    "filing_date": "2015-02-10",
    "registration_date": "2016-05-07",
    "status": "registered",
    "nice_classes": [35, 9],
}


def test_viewer_cannot_create_a_right(api_as, viewer):
    response = api_as(viewer).post("/api/v1/rights/", NEW_MARK, format="json")
    assert response.status_code == 403
    assert not Right.objects.exists()


def test_paralegal_creates_a_right_and_gets_computed_fields(api_as, paralegal):
    response = api_as(paralegal).post("/api/v1/rights/", NEW_MARK, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["nice_classes"] == [9, 35]
    assert body["expiry_date"] == "2026-05-06"
    assert Deadline.objects.filter(right_id=body["id"]).exists()


def test_manager_reads_but_cannot_edit(api_as, manager, demo):
    client = api_as(manager)
    right = demo["right"]
    assert client.get(f"/api/v1/rights/{right.pk}/").status_code == 200
    response = client.patch(f"/api/v1/rights/{right.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 403
    right.refresh_from_db()
    assert right.title != "X"


def test_manager_cannot_mark_a_deadline_done(api_as, manager, demo):
    deadline = demo["deadline"]
    response = api_as(manager).post(f"/api/v1/deadlines/{deadline.pk}/done/", {}, format="json")
    assert response.status_code == 403


def test_only_counsel_can_waive_a_deadline(api_as, paralegal, counsel, demo):
    deadline = demo["deadline"]
    url = f"/api/v1/deadlines/{deadline.pk}/waive/"
    assert api_as(paralegal).post(url, {"reason": "x"}, format="json").status_code == 403
    response = api_as(counsel).post(url, {"reason": "Goods released, not ours"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "waived"
    deadline.refresh_from_db()
    assert deadline.note == "Goods released, not ours"
    assert deadline.history.filter(status="waived").get().history_user == counsel


def test_waive_without_reason_is_a_field_error(api_as, counsel, demo):
    deadline = demo["deadline"]
    response = api_as(counsel).post(
        f"/api/v1/deadlines/{deadline.pk}/waive/", {"reason": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    deadline.refresh_from_db()
    assert deadline.status != DeadlineStatus.WAIVED


def test_paralegal_marks_a_deadline_done_with_a_note(api_as, paralegal, demo):
    deadline = Deadline.objects.filter(right=demo["right"], rule="patent_annuity").first()
    response = api_as(paralegal).post(
        f"/api/v1/deadlines/{deadline.pk}/done/", {"note": "Paid via CNIPA"}, format="json"
    )
    assert response.status_code == 200, response.json()
    deadline.refresh_from_db()
    assert (deadline.status, deadline.note) == ("done", "Paid via CNIPA")
    assert deadline.history.filter(status="done").get().history_user == paralegal


def test_done_twice_is_a_400_not_a_500(api_as, paralegal, demo):
    deadline = demo["deadline"]
    url = f"/api/v1/deadlines/{deadline.pk}/done/"
    assert api_as(paralegal).post(url, {}, format="json").status_code == 200
    response = api_as(paralegal).post(url, {}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()


def test_deadline_filters(api_as, viewer, demo):
    client = api_as(viewer)
    everything = client.get("/api/v1/deadlines/", {"page_size": 500}).json()["count"]
    due = client.get(
        "/api/v1/deadlines/", {"due_after": "2025-10-01", "due_before": "2025-10-31"}
    ).json()
    assert 0 < due["count"] < everything
    assert all("2025-10-01" <= d["due_date"] <= "2025-10-31" for d in due["results"])
    by_right = client.get("/api/v1/deadlines/", {"right": demo["right"].pk}).json()
    assert by_right["count"] == Deadline.objects.filter(right=demo["right"]).count()
    assert client.get("/api/v1/deadlines/", {"provisional": "true"}).json()["count"] == 0
    assert client.get("/api/v1/deadlines/", {"status": "nonsense"}).status_code == 400
    ordered = client.get("/api/v1/deadlines/", {"ordering": "-due_date"}).json()["results"]
    assert [d["due_date"] for d in ordered] == sorted(
        (d["due_date"] for d in ordered), reverse=True
    )


def test_page_size_is_capped_at_500(api_as, viewer, demo):
    body = api_as(viewer).get("/api/v1/deadlines/", {"page_size": 2}).json()
    assert len(body["results"]) == 2 and body["next"]
    capped = api_as(viewer).get("/api/v1/deadlines/", {"page_size": 100000})
    assert capped.status_code == 200


def test_recordal_renewal_moves_its_end_date(api_as, paralegal, demo):
    recordal = demo["recordal"]
    response = api_as(paralegal).post(
        f"/api/v1/recordals/{recordal.pk}/renew/",
        {"new_valid_until": "2038-03-13"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["valid_until"] == "2038-03-13"


def test_recordal_renewal_must_end_later(api_as, paralegal, demo):
    recordal = demo["recordal"]
    response = api_as(paralegal).post(
        f"/api/v1/recordals/{recordal.pk}/renew/",
        {"new_valid_until": "2022-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "new_valid_until" in response.json()


def test_notice_response_detain_records_answer_and_detention(api_as, paralegal, demo):
    notice = demo["notice"]
    response = api_as(paralegal).post(
        f"/api/v1/customs-notices/{notice.pk}/respond/",
        {"response": "detain", "responded_on": "2025-10-09", "detained_on": "2025-10-10"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "detained"
    assert Deadline.objects.filter(customs_notice=notice, rule="detention_investigation").exists()


def test_notice_response_with_unknown_answer_is_400(api_as, paralegal, demo):
    notice = demo["notice"]
    response = api_as(paralegal).post(
        f"/api/v1/customs-notices/{notice.pk}/respond/",
        {"response": "ignore", "responded_on": "2025-10-09"},
        format="json",
    )
    assert response.status_code == 400
    assert "response" in response.json()
    assert CustomsNotice.objects.get(pk=notice.pk).response == ""


def test_notice_answer_before_service_is_400(api_as, paralegal, demo):
    notice = demo["notice"]
    response = api_as(paralegal).post(
        f"/api/v1/customs-notices/{notice.pk}/respond/",
        {"response": "explain", "responded_on": "2025-09-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "responded_on" in response.json()
