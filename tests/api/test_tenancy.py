"""Tenancy: the outsider (counsel of Other Co.) tries every endpoint on Demo Co.'s objects."""

import pytest

from customs.models import CustomsNotice, Recordal, RecordalParty
from rights.models import PriorityClaim, Right

pytestmark = pytest.mark.django_db

LISTS = {
    "rights": "right",
    "priority-claims": "claim",
    "recordals": "recordal",
    "recordal-parties": "party",
    "customs-notices": "notice",
    "general-guarantees": "guarantee",
    "deadlines": "deadline",
}


@pytest.mark.parametrize(("path", "key"), LISTS.items())
def test_lists_exclude_demo_co_rows(api_as, outsider, demo, other, path, key):
    body = api_as(outsider).get(f"/api/v1/{path}/", {"page_size": 500}).json()
    ids = {row["id"] for row in body["results"]}
    assert demo[key].pk not in ids
    if key in other:
        assert other[key].pk in ids


def test_members_list_excludes_demo_co_people(api_as, outsider, counsel, paralegal):
    names = {m["username"] for m in api_as(outsider).get("/api/v1/members/").json()["results"]}
    assert names == {"outsider"}


@pytest.mark.parametrize(("path", "key"), LISTS.items())
def test_detail_of_demo_co_object_is_404(api_as, outsider, demo, path, key):
    response = api_as(outsider).get(f"/api/v1/{path}/{demo[key].pk}/")
    assert response.status_code == 404


def test_member_detail_of_demo_co_is_404(api_as, outsider, counsel):
    member_id = counsel.membership.pk
    assert api_as(outsider).get(f"/api/v1/members/{member_id}/").status_code == 404


WRITES = [
    ("patch", "rights/{right}/", {"title": "Hijacked"}),
    ("put", "rights/{right}/", {"kind": "invention", "title": "Hijacked", "owner": "X"}),
    ("post", "rights/{right}/grant/", {"grant_date": "2022-01-01"}),
    ("patch", "recordals/{recordal}/", {"notes": "Hijacked"}),
    ("put", "recordals/{recordal}/", {"right": 1, "applied_on": "2021-09-01"}),
    ("post", "recordals/{recordal}/renew/", {"new_valid_until": "2040-01-01"}),
    ("patch", "customs-notices/{notice}/", {"port": "Hijacked"}),
    ("put", "customs-notices/{notice}/", {"port": "Hijacked"}),
    (
        "post",
        "customs-notices/{notice}/respond/",
        {"response": "explain", "responded_on": "2025-10-02"},
    ),
    ("post", "deadlines/{deadline}/done/", {"note": "Hijacked"}),
    ("post", "deadlines/{deadline}/waive/", {"reason": "Hijacked"}),
]


@pytest.mark.parametrize(("method", "path", "payload"), WRITES)
def test_writes_and_actions_on_demo_co_objects_are_404(
    api_as, outsider, demo, method, path, payload
):
    ids = {key: obj.pk for key, obj in demo.items()}
    response = getattr(api_as(outsider), method)(
        "/api/v1/" + path.format(**ids), payload, format="json"
    )
    assert response.status_code == 404
    demo["right"].refresh_from_db()
    assert demo["right"].title == "Fastening device 1"
    assert Recordal.objects.get(pk=demo["recordal"].pk).notes == ""
    notice = CustomsNotice.objects.get(pk=demo["notice"].pk)
    assert (notice.port, notice.response) == ("Shenzhen Huanggang", "")
    demo["deadline"].refresh_from_db()
    assert demo["deadline"].note == ""


def test_recordal_for_another_organisations_right_is_400_naming_right(api_as, outsider, demo):
    before = Recordal.objects.count()
    response = api_as(outsider).post(
        "/api/v1/recordals/",
        {"right": demo["right"].pk, "applied_on": "2024-01-05"},
        format="json",
    )
    assert response.status_code == 400
    assert "right" in response.json()
    assert Recordal.objects.count() == before


def test_notice_on_another_organisations_recordal_is_400_naming_recordal(api_as, outsider, demo):
    before = CustomsNotice.objects.count()
    response = api_as(outsider).post(
        "/api/v1/customs-notices/",
        {
            "recordal": demo["recordal"].pk,
            "served_on": "2025-10-09",
            "port": "Ningbo",
            "goods_description": "Fakes",
            "quantity": 1,
            "goods_value_cny": "10.00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "recordal" in response.json()
    assert CustomsNotice.objects.count() == before


def test_party_on_another_organisations_recordal_is_400(api_as, outsider, demo):
    before = RecordalParty.objects.count()
    response = api_as(outsider).post(
        "/api/v1/recordal-parties/",
        {"recordal": demo["recordal"].pk, "role": "licensee", "name": "Sneaky"},
        format="json",
    )
    assert response.status_code == 400
    assert "recordal" in response.json()
    assert RecordalParty.objects.count() == before


def test_priority_claim_on_another_organisations_right_is_400(api_as, outsider, demo):
    before = PriorityClaim.objects.count()
    response = api_as(outsider).post(
        "/api/v1/priority-claims/",
        {"right": demo["right"].pk, "country": "US", "number": "1", "date": "2018-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "right" in response.json()
    assert PriorityClaim.objects.count() == before


def test_right_with_another_organisations_counterpart_or_responsible_is_400(
    api_as, outsider, demo, counsel
):
    before = Right.objects.count()
    response = api_as(outsider).post(
        "/api/v1/rights/",
        {
            "kind": "invention",
            "jurisdiction": "US",
            "title": "Foreign",
            "owner": "X",
            "filing_date": "2019-01-01",
            "cn_counterpart": demo["right"].pk,
            "responsible": counsel.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"cn_counterpart", "responsible"} <= set(response.json())
    assert Right.objects.count() == before


def test_external_id_of_another_organisation_does_not_return_its_object(api_as, outsider, demo):
    response = api_as(outsider).post(
        "/api/v1/rights/",
        {
            "kind": "trademark",
            "title": "OTHER",
            "owner": "Other Co.",
            "filing_date": "2015-02-10",
            "nice_classes": [9],
            "external_id": demo["right"].external_id,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["id"] != demo["right"].pk
