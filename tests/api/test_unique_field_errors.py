"""A record that would break a unique constraint: 400 with the field named, nothing saved.

No serializer re-checks uniqueness; the database constraint is the rule and core.constraints
names the field (PostgreSQL in CI's first pass, SQLite in its second).
"""

import pytest

from customs.models import CustomsNotice, GeneralGuarantee, Recordal
from rights.models import PriorityClaim, Right

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Right.objects.count(),
        PriorityClaim.objects.count(),
        Recordal.objects.count(),
        CustomsNotice.objects.count(),
        GeneralGuarantee.objects.count(),
    )


def test_second_guarantee_for_a_year_is_400_on_year(api_as, paralegal, demo):
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/general-guarantees/",
        {
            "year": demo["guarantee"].year,
            "amount_cny": "250000.00",
            "bank": "Bank of China",
            "approved_on": "2026-01-21",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"year": ["There is already a general guarantee for this year."]}
    assert _counts() == before


def test_same_priority_claimed_twice_is_400_on_number(api_as, paralegal, demo):
    claim = demo["claim"]
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/priority-claims/",
        {
            "right": claim.right_id,
            "country": claim.country,
            "number": claim.number,
            "date": str(claim.date),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"number": ["This priority is already claimed."]}
    assert _counts() == before


def test_recordal_number_of_another_recordal_is_400_on_recordal_number(api_as, paralegal, demo):
    client = api_as(paralegal)
    second = client.post(
        "/api/v1/recordals/",
        {"right": demo["right"].pk, "applied_on": "2024-01-05", "recordal_number": "P2024-9"},
        format="json",
    )
    assert second.status_code == 201
    before = _counts()
    response = client.patch(
        f"/api/v1/recordals/{second.json()['id']}/",
        {"recordal_number": demo["recordal"].recordal_number},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "recordal_number": ["This GACC recordal number is already registered."]
    }
    assert _counts() == before
    assert Recordal.objects.get(pk=second.json()["id"]).recordal_number == "P2024-9"


@pytest.mark.parametrize(
    ("endpoint", "key", "message"),
    [
        ("rights", "right", "Another right already has this external id."),
        ("customs-notices", "notice", "Another notice already has this external id."),
    ],
)
def test_external_id_of_another_record_is_400_on_external_id(
    api_as, paralegal, demo, endpoint, key, message
):
    record = demo[key]
    other = type(record).objects.get(pk=record.pk)
    other.pk = None
    other.external_id = "taken-elsewhere"
    if key == "right":
        other.application_number = ""
        other.kind = "copyright"
    other.save()
    before = _counts()
    response = api_as(paralegal).patch(
        f"/api/v1/{endpoint}/{record.pk}/", {"external_id": "taken-elsewhere"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"external_id": [message]}
    assert _counts() == before
    record.refresh_from_db()
    assert record.external_id != "taken-elsewhere"


def test_duplicate_application_number_is_400_on_application_number(api_as, paralegal, demo):
    right = demo["right"]
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/rights/",
        {
            "kind": "invention",
            "jurisdiction": "CN",
            "title": "Clip",
            "owner": "Demo Co. Ltd",
            "status": "filed",
            "application_number": right.application_number,
            "filing_date": str(right.filing_date),
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["application_number"]
    assert (
        "already has a right with this application number"
        in (response.json()["application_number"][0])
    )
    assert _counts() == before


def test_the_message_is_in_the_readers_language(api_as, paralegal, demo):
    response = api_as(paralegal).post(
        "/api/v1/general-guarantees/",
        {
            "year": demo["guarantee"].year,
            "amount_cny": "250000.00",
            "bank": "Bank of China",
            "approved_on": "2026-01-21",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    message = response.json()["year"][0]
    assert message != "There is already a general guarantee for this year."
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
