"""Bad input is a 400 with field errors and nothing saved; idempotent integration writes."""

import pytest

from customs.models import CustomsNotice, GeneralGuarantee, Recordal
from deadlines.models import Deadline
from rights.models import Right

pytestmark = pytest.mark.django_db

PATENT = {
    "kind": "invention",
    "title": "Clip",
    "owner": "Demo Co. Ltd",
    "application_number": "201510958772.0",
    "filing_date": "2015-12-18",
}
MARK = {
    "kind": "trademark",
    "title": "SPARROW",
    "owner": "Demo Co. Ltd",
    "filing_date": "2015-02-10",
    "nice_classes": [9],
}


def _counts():
    return (
        Right.objects.count(),
        Recordal.objects.count(),
        CustomsNotice.objects.count(),
        Deadline.objects.count(),
        GeneralGuarantee.objects.count(),
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**PATENT, "application_number": "201510958772.1"}, "application_number"),
        ({**PATENT, "application_number": "20151095877"}, "application_number"),
        # Issue 8 item 5: an eight-digit (pre-2003-10-01) number on a 2015 filing.
        ({**PATENT, "application_number": "99113861.9"}, "application_number"),
        ({**PATENT, "status": "granted", "grant_date": "2015-01-01"}, "grant_date"),
        ({**PATENT, "priority_date": "2016-01-01"}, "filing_date"),
        ({**PATENT, "kind": "petty_patent"}, "kind"),
        ({**PATENT, "status": "sleeping"}, "status"),
        ({**PATENT, "filing_date": "2015-13-45"}, "filing_date"),
        ({**PATENT, "filing_date": "18/12/2015"}, "filing_date"),
        ({**PATENT, "filing_date": "0001-01-01"}, "filing_date"),
        ({**MARK, "nice_classes": [9, 46]}, "nice_classes"),
        ({**MARK, "nice_classes": ["nine"]}, "nice_classes"),
        ({**MARK, "nice_classes": []}, "nice_classes"),
        ({**PATENT, "jurisdiction": "china"}, "jurisdiction"),
        ({**PATENT, "annuities_paid_through": "many"}, "annuities_paid_through"),
    ],
)
def test_bad_right_is_400_with_the_field_named_and_nothing_saved(api_as, paralegal, payload, field):
    before = _counts()
    response = api_as(paralegal).post("/api/v1/rights/", payload, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body, body
    assert all(isinstance(m, str) for m in body[field])
    assert _counts() == before


def test_valid_patent_number_with_dot_or_without_is_stored_normalised(api_as, paralegal):
    response = api_as(paralegal).post(
        "/api/v1/rights/", {**PATENT, "application_number": "2015109587720"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["application_number"] == "201510958772.0"


NOTICE = {
    "served_on": "2025-10-09",
    "port": "Ningbo",
    "goods_description": "Fakes",
    "quantity": 10,
    "goods_value_cny": "1000.00",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goods_value_cny": "-1.00"}, "goods_value_cny"),
        ({"goods_value_cny": "lots"}, "goods_value_cny"),
        ({"goods_value_cny": "1.234"}, "goods_value_cny"),
        ({"quantity": -5}, "quantity"),
        ({"served_on": "2025-02-30"}, "served_on"),
        ({"track": "by_magic"}, "track"),
        ({"recordal": 999999999}, "recordal"),
        ({"recordal": "abc"}, "recordal"),
    ],
)
def test_bad_customs_notice_is_400_and_nothing_saved(api_as, paralegal, demo, changes, field):
    before = _counts()
    payload = {"recordal": demo["recordal"].pk, **NOTICE, **changes}
    response = api_as(paralegal).post("/api/v1/customs-notices/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert _counts() == before


def test_recordal_approved_before_application_is_400(api_as, paralegal, demo):
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/recordals/",
        {"right": demo["right"].pk, "applied_on": "2024-03-01", "approved_on": "2024-02-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "approved_on" in response.json()
    assert _counts() == before


def test_guarantee_below_minimum_or_outside_its_year_is_400(api_as, paralegal, org):
    client = api_as(paralegal)
    low = client.post(
        "/api/v1/general-guarantees/",
        {"year": 2027, "amount_cny": "1000.00", "bank": "BoC", "approved_on": "2027-01-05"},
        format="json",
    )
    assert low.status_code == 400 and "amount_cny" in low.json()
    wrong_year = client.post(
        "/api/v1/general-guarantees/",
        {"year": 2027, "amount_cny": "200000.00", "bank": "BoC", "approved_on": "2026-12-05"},
        format="json",
    )
    assert wrong_year.status_code == 400 and "approved_on" in wrong_year.json()
    assert not GeneralGuarantee.objects.exists()


def test_malformed_json_is_400(api_as, paralegal):
    response = api_as(paralegal).post(
        "/api/v1/rights/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_duplicate_application_number_is_400_not_500(api_as, paralegal, demo):
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/rights/",
        {
            **PATENT,
            "application_number": demo["right"].application_number,
            "filing_date": "2019-03-14",
        },
        format="json",
    )
    assert response.status_code == 400
    assert _counts() == before


def test_post_with_same_external_id_twice_creates_one_right(api_as, paralegal):
    client = api_as(paralegal)
    payload = {**PATENT, "external_id": "erp-42"}
    first = client.post("/api/v1/rights/", payload, format="json")
    second = client.post("/api/v1/rights/", {**payload, "title": "Changed"}, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Right.objects.filter(external_id="erp-42").count() == 1
    assert Right.objects.get(external_id="erp-42").title == "Clip"  # returned, not updated


def test_post_with_same_external_id_twice_creates_one_recordal_and_one_notice(
    api_as, paralegal, demo
):
    client = api_as(paralegal)
    recordal = {
        "right": demo["right"].pk,
        "applied_on": "2024-01-05",
        "external_id": "r-1",
        "recordal_number": "P2024-1",
    }
    ids = {
        client.post("/api/v1/recordals/", recordal, format="json").json()["id"] for _ in range(2)
    }
    assert len(ids) == 1 and Recordal.objects.filter(external_id="r-1").count() == 1
    notice = {"recordal": demo["recordal"].pk, **NOTICE, "external_id": "n-1"}
    responses = [client.post("/api/v1/customs-notices/", notice, format="json") for _ in range(2)]
    assert [r.status_code for r in responses] == [201, 200]
    assert CustomsNotice.objects.filter(external_id="n-1").count() == 1


def test_recordal_on_a_right_not_yet_granted_is_400_on_the_right_field(api_as, paralegal, org):
    # Issue 8 item 4: a filed (not granted) patent cannot be recorded with customs (Reg. art. 2).
    from tests.factories import RightFactory

    filed = RightFactory(organisation=org, status="filed")
    before = _counts()
    response = api_as(paralegal).post(
        "/api/v1/recordals/", {"right": filed.pk, "applied_on": "2025-03-03"}, format="json"
    )
    assert response.status_code == 400
    assert "right" in response.json()
    assert _counts() == before
