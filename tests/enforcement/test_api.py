"""The enforcement API: contract names, field errors, roles, and the outsider on every endpoint."""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from enforcement import services
from tests.api.conftest import token_client as api_client
from tests.factories import InfringerFactory, RightFactory

D = dt.date
PNG = b"\x89PNG\r\n\x1a\n" + b"test buy receipt" * 64
TODAY = time_machine.travel(dt.datetime(2025, 9, 20, 4, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def world(org, counsel, infringer, right, send_letter):
    """One record of each resource in Demo Co., through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = services.evidence_upload(
        organisation=org, actor=counsel, file=SimpleUploadedFile("receipt.png", PNG)
    )
    letter = send_letter(D(2025, 9, 5), method="email")
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="taobao",
        right=right,
        infringer=infringer,
        reason="Counterfeit",
        status="submitted",
        submitted_on=D(2025, 9, 1),
        listings=["https://item.taobao.com/item.htm?id=1"],
        evidence=[evidence],
    )
    return {
        "infringers": infringer,
        "evidence": evidence,
        "letters": letter,
        "platform-complaints": complaint,
    }


# --- contract ------------------------------------------------------------------------------


@TODAY
def test_counsel_records_a_complaint_and_its_counter_notice(counsel, right, infringer):
    client = api_client(counsel)
    response = client.post(
        "/api/v1/platform-complaints/",
        {
            "platform": "tmall",
            "right": right.pk,
            "infringer": infringer.pk,
            "reason": "Copies of the patented device",
            "listings": [
                "https://detail.tmall.com/item.htm?id=11",
                "https://detail.tmall.com/item.htm?id=12",
            ],
            "status": "submitted",
            "submitted_on": "2025-09-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["listings"] == [
        "https://detail.tmall.com/item.htm?id=11",
        "https://detail.tmall.com/item.htm?id=12",
    ]
    assert {d["platform"] for d in body["listing_details"]} == {"tmall"}
    pk = body["id"]
    removed = client.post(
        f"/api/v1/platform-complaints/{pk}/transition/",
        {"status": "removed", "on": "2025-09-04"},
        format="json",
    )
    assert removed.json()["status"] == "removed"
    # Received Wed 2025-09-17: day 15 = Thu 10-02 (National Day) -> next working day Thu 10-09.
    response = client.post(
        f"/api/v1/platform-complaints/{pk}/counter-notice/",
        {"received_on": "2025-09-17"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "counter_notice_received"
    assert response.json()["counter_notice_due"] == "2025-10-09"

    rows = client.get(
        "/api/v1/deadlines/", {"rule": "ecommerce_counter_notice", "platform_complaint": pk}
    ).json()["results"]
    assert [(r["due_date"], r["platform_complaint"], r["subject"]["type"]) for r in rows] == [
        ("2025-10-09", pk, "platform_complaint")
    ]
    assert "E-Commerce Law art. 43(2)" in rows[0]["explanation"]
    other = client.get("/api/v1/deadlines/", {"platform_complaint": pk + 1}).json()
    assert other["count"] == 0


def test_a_wrong_step_is_a_field_error_and_changes_nothing(counsel, world):
    complaint = world["platform-complaints"]
    response = api_client(counsel).post(
        f"/api/v1/platform-complaints/{complaint.pk}/counter-notice/",
        {"received_on": "2025-09-17"},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot become counter-notice received" in response.json()["status"][0]
    complaint.refresh_from_db()
    assert complaint.status == "submitted" and complaint.counter_notice_received_on is None


def test_bad_credit_code_is_a_field_error(counsel):
    response = api_client(counsel).post(
        "/api/v1/infringers/",
        {"kind": "company", "name_zh": "某公司", "credit_code": "914403001922038217"},
        format="json",
    )
    assert response.status_code == 400
    assert "check character should be 6" in response.json()["credit_code"][0]


def test_evidence_upload_records_the_hash_and_downloads_the_same_bytes(paralegal):
    client = api_client(paralegal)
    response = client.post(
        "/api/v1/evidence/",
        {
            "file": io.BytesIO(PNG),
            "kind": "test_buy_receipt",
            "description": "Receipt",
            "sha256": "0" * 64,  # read-only: ignored
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert body["size"] == len(PNG)
    download = client.get(body["file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["X-Content-SHA256"] == body["sha256"]
    patched = client.patch(
        f"/api/v1/evidence/{body['id']}/", {"description": "Notarised", "size": 1}, format="json"
    )
    assert (patched.json()["description"], patched.json()["size"]) == ("Notarised", len(PNG))


def test_letter_document_downloads_as_docx(viewer, world, right):
    letter = world["letters"]
    response = api_client(viewer).get(f"/api/v1/letters/{letter.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert right.registration_number in text and "深圳仿冒贸易有限公司" in text
    assert (
        api_client(viewer).get(f"/api/v1/letters/{letter.pk}/").json()["reply_due"] == "2025-09-19"
    )


def test_viewers_read_but_cannot_write(viewer, world):
    client = api_client(viewer)
    assert client.get("/api/v1/infringers/").status_code == 200
    response = client.post("/api/v1/infringers/", {"kind": "store", "name": "X"}, format="json")
    assert response.status_code == 403


# --- the outsider --------------------------------------------------------------------------

PATHS = ["infringers", "evidence", "letters", "platform-complaints"]


@pytest.mark.parametrize("path", PATHS)
def test_outsider_lists_none_of_demo_cos_rows(outsider, world, path):
    body = api_client(outsider).get(f"/api/v1/{path}/").json()
    assert body["count"] == 0


@pytest.mark.parametrize("path", PATHS)
def test_outsider_detail_is_404(outsider, world, path):
    assert api_client(outsider).get(f"/api/v1/{path}/{world[path].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("patch", "infringers/{infringers}/", {"name": "Hijacked"}),
        ("post", "infringers/{infringers}/merge/", {"duplicate": 1}),
        ("get", "evidence/{evidence}/download/", None),
        ("patch", "evidence/{evidence}/", {"description": "Hijacked"}),
        ("get", "letters/{letters}/document/", None),
        ("patch", "letters/{letters}/", {"demands": "Hijacked"}),
        ("patch", "platform-complaints/{platform-complaints}/", {"reason": "Hijacked"}),
        (
            "post",
            "platform-complaints/{platform-complaints}/counter-notice/",
            {"received_on": "2025-09-17"},
        ),
        (
            "post",
            "platform-complaints/{platform-complaints}/transition/",
            {"status": "removed", "on": "2025-09-04"},
        ),
    ],
)
def test_outsider_cannot_reach_demo_cos_objects(outsider, world, method, url, data):
    path = url.format(**{k: v.pk for k, v in world.items()})
    response = getattr(api_client(outsider), method)(f"/api/v1/{path}", data, format="json")
    assert response.status_code == 404


def test_outsider_cannot_link_demo_cos_right_or_infringer(outsider, world, right):
    response = api_client(outsider).post(
        "/api/v1/platform-complaints/",
        {"platform": "jd", "right": right.pk, "infringer": world["infringers"].pk, "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"right", "infringer"}


# --- query ceilings ------------------------------------------------------------------------


def _add(org, counsel, start, stop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for n in range(start, stop):
        right = RightFactory(organisation=org, granted=True)
        infringer = InfringerFactory(organisation=org)
        evidence = services.evidence_upload(
            organisation=org, actor=counsel, file=SimpleUploadedFile(f"{n}.png", PNG + bytes([n]))
        )
        services.letter_create(
            organisation=org,
            actor=counsel,
            infringer=infringer,
            rights=[right],
            findings="f",
            demands="d",
            evidence=[evidence],
        )
        services.complaint_create(
            organisation=org,
            actor=counsel,
            platform="jd",
            right=right,
            infringer=infringer,
            reason="r",
            listings=[f"https://item.jd.com/{n}.html", f"https://item.jd.com/{n}0000.html"],
            evidence=[evidence],
        )


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/v1/{path}/", {"page_size": 500}).status_code == 200
    return len(captured)


def test_list_endpoints_run_the_same_queries_for_3_or_15_rows(org, counsel, viewer):
    client = api_client(viewer)
    _add(org, counsel, 0, 3)
    small = {path: _queries(client, path) for path in PATHS}
    _add(org, counsel, 3, 15)
    large = {path: _queries(client, path) for path in PATHS}
    assert large == small
    assert max(large.values()) <= 7, large
