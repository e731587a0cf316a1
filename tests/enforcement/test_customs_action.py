"""Customs action on application (Reg. arts. 12-15, 24(1)): an application for detention for a
right that need not be recorded, its bond, its 20-working-day clock, pages, API and tenancy."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from deadlines.matters import matter_of
from deadlines.models import Deadline
from enforcement import customs_work
from enforcement.models import DetentionApplication
from tests.api.conftest import token_client as api_client
from tests.factories import InfringerFactory, RecordalFactory, RightFactory

D = dt.date
# Tue 2025-09-16, 10:00 China time.
pytestmark = [
    pytest.mark.frozen_at(dt.datetime(2025, 9, 16, 10, tzinfo=ZoneInfo("Asia/Shanghai"))),
    pytest.mark.usefixtures("frozen_clock"),
]
RULE = "detention_court_order_on_application"


def _apply(org, counsel, right, **fields):
    values = {
        "port": "Shanghai Yangshan",
        "applied_on": D(2025, 9, 15),
        "goods_description": "Fastening devices, model FX-2",
        "quantity": 1200,
        "goods_value_cny": Decimal("86500.00"),
        "consignor": "Ningbo Copy Export Co.",
        "consignee": "Lagos Traders Ltd",
        **fields,
    }
    return customs_work.detention_application_create(
        organisation=org, right=right, actor=counsel, **values
    )


def test_an_unrecorded_right_can_be_asserted_and_the_bond_equals_the_goods_value(
    org, counsel, right
):
    assert not right.recordals.exists()
    application = _apply(org, counsel, right)
    assert application.bond_cny == Decimal("86500.00")  # Reg. art. 14: not the art. 23 bands
    assert application.status == "applied"
    assert application.court_order_due is None
    assert not Deadline.objects.filter(rule=RULE).exists()  # the clock starts with detention


def test_detention_starts_the_20_working_day_court_clock(org, counsel, right):
    """Detained Fri 2025-09-19. Day 1 is the next working day. Counted: Mon 09-22 .. Fri 09-26
    (1-5), Sun 09-28 (6, a swapped working day), Mon 09-29, Tue 09-30 (7, 8); National Day
    Wed 10-01 .. Wed 10-08 off (with the weekend); Thu 10-09, Fri 10-10 (9, 10), Sat 10-11 (11,
    swapped working day), Mon 10-13 .. Fri 10-17 (12-16), Mon 10-20 .. Thu 10-23 (17-20)."""
    application = _apply(org, counsel, right)
    application = customs_work.detention_application_update(
        application=application, actor=counsel, detained_on=D(2025, 9, 19)
    )
    assert application.status == "detained"
    assert application.court_order_due == D(2025, 10, 23)
    deadline = Deadline.objects.get(rule=RULE)
    assert deadline.due_date == D(2025, 10, 23) and deadline.status == "open"
    assert deadline.subject == application
    assert "Reg. art. 24(1)" in deadline.explanation
    assert {"2025-09-28", "2025-10-11"} <= set(deadline.basis["counted"])
    assert "2025-10-01" not in deadline.basis["counted"]
    with translation.override("en"):
        assert matter_of(deadline).kind == "Customs application"
    assert matter_of(deadline).path == application.get_absolute_url()


def test_the_courts_notice_meets_the_clock(org, counsel, right):
    application = _apply(org, counsel, right, detained_on=D(2025, 9, 16))
    application = customs_work.detention_application_update(
        application=application, actor=counsel, court_notice_on=D(2025, 10, 9)
    )
    deadline = Deadline.objects.get(rule=RULE)
    assert (deadline.status, deadline.completed_on) == ("done", D(2025, 10, 9))
    assert application.status == "court_notice"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"detained_on": D(2025, 9, 10)}, "detained_on"),  # before the application
        ({"court_notice_on": D(2025, 9, 20)}, "court_notice_on"),  # no detention
        ({"applied_on": D(2025, 9, 30)}, "applied_on"),  # in the future
        ({"goods_value_cny": Decimal("-1")}, "goods_value_cny"),
        ({"rejected_on": D(2025, 9, 16), "detained_on": D(2025, 9, 16)}, "rejected_on"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(org, counsel, right, fields, field):
    with pytest.raises(ValidationError) as exc:
        _apply(org, counsel, right, **fields)
    assert field in exc.value.message_dict
    assert not DetentionApplication.objects.exists()
    assert not Deadline.objects.filter(subject_type__isnull=False).exists()


def test_a_recordal_must_be_the_rights_own(org, counsel, right):
    other = RecordalFactory(organisation=org, right=RightFactory(organisation=org, granted=True))
    with pytest.raises(ValidationError) as exc:
        _apply(org, counsel, right, recordal=other)
    assert "recordal" in exc.value.message_dict


def test_another_organisations_right_or_infringer_is_refused(org, counsel, other_org, right):
    with pytest.raises(ValidationError):
        _apply(org, counsel, RightFactory(organisation=other_org, granted=True))
    with pytest.raises(ValidationError):
        customs_work.detention_application_create(
            organisation=org,
            right=right,
            actor=counsel,
            port="Ningbo",
            applied_on=D(2025, 9, 15),
            goods_description="x",
            quantity=1,
            goods_value_cny=Decimal("10"),
            infringers=[InfringerFactory(organisation=other_org)],
        )
    assert not DetentionApplication.objects.exists()


def test_release_after_detention_closes_the_clock_and_history_is_kept(org, counsel, right):
    application = _apply(org, counsel, right, detained_on=D(2025, 9, 16))
    customs_work.detention_application_update(
        application=application, actor=counsel, released_on=D(2025, 9, 16)
    )
    assert Deadline.objects.get(rule=RULE).status == "done"
    assert application.history.count() >= 2


# --- pages -------------------------------------------------------------------------------


def test_counsel_enters_an_application_and_records_the_detention(client, counsel, right):
    client.force_login(counsel)
    response = client.post(
        reverse("enforcement:application-new"),
        {
            "right": right.pk,
            "port": "Shenzhen Huanggang",
            "applied_on": "2025-09-15",
            "goods_description": "Fastening devices",
            "quantity": "100",
            "goods_value_cny": "15000.00",
            "bond_form": "bank_guarantee",
            "consignor": "Dongguan Copy Co.",
        },
    )
    application = DetentionApplication.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    response = client.post(
        application.get_absolute_url(), {"detained_on": "2025-09-19", "notes": ""}
    )
    assert response.status_code == 302
    page = client.get(application.get_absolute_url()).content.decode()
    assert "2025-10-23" in page and "CNY 15000.00" in page and "Reg. art. 24(1)" in page
    assert "working days left" in page


def test_a_bad_application_form_shows_field_errors(client, counsel, right):
    client.force_login(counsel)
    response = client.post(
        reverse("enforcement:application-new"),
        {"right": right.pk, "port": "", "applied_on": "2025-09-15", "quantity": "x"},
    )
    assert response.status_code == 400
    assert not DetentionApplication.objects.exists()
    page = response.content.decode()
    assert "errorlist" in page


def test_the_outsider_gets_404_and_a_viewer_cannot_write(
    client, org, counsel, outsider, viewer, right
):
    application = _apply(org, counsel, right)
    client.force_login(outsider)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.post(application.get_absolute_url(), {"notes": "x"}).status_code == 404
    page = client.get(reverse("enforcement:application-list")).content.decode()
    assert "Shanghai Yangshan" not in page
    form = client.get(reverse("enforcement:application-new")).content.decode()
    assert "Fastening device" not in form  # choices are the outsider's own rights only
    client.force_login(viewer)
    assert client.get(application.get_absolute_url()).status_code == 200
    assert client.post(application.get_absolute_url(), {"notes": "x"}).status_code == 403


def _many(org, counsel, start, stop):
    for n in range(start, stop):
        right = RightFactory(organisation=org, granted=True)
        _apply(
            org,
            counsel,
            right,
            port=f"Port {n}",
            detained_on=D(2025, 9, 16),
            infringers=[InfringerFactory(organisation=org)],
        )


def test_list_page_and_endpoint_run_the_same_queries_for_3_or_12(client, org, counsel, viewer):
    client.force_login(viewer)
    api = api_client(viewer)

    def count():
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("enforcement:application-list")).status_code == 200
        with CaptureQueriesContext(connection) as endpoint:
            response = api.get("/api/v1/customs-applications/", {"page_size": 500})
            assert response.status_code == 200
        return len(page), len(endpoint)

    _many(org, counsel, 0, 3)
    small = count()
    _many(org, counsel, 3, 12)
    assert count() == small
    assert max(small) <= 12, small


# --- API -----------------------------------------------------------------------------------


def test_api_create_detain_and_read_the_deadline(counsel, right):
    client = api_client(counsel)
    response = client.post(
        "/api/v1/customs-applications/",
        {
            "right": right.pk,
            "port": "Ningbo",
            "applied_on": "2025-09-15",
            "goods_description": "Fastening devices",
            "quantity": 10,
            "goods_value_cny": "250000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["bond_cny"] == "250000.00" and body["status"] == "applied"
    response = client.patch(
        f"/api/v1/customs-applications/{body['id']}/", {"detained_on": "2025-09-19"}, format="json"
    )
    assert response.json()["court_order_due"] == "2025-10-23"
    deadlines = client.get("/api/v1/deadlines/", {"rule": RULE}).json()["results"]
    assert [d["due_date"] for d in deadlines] == ["2025-10-23"]


def test_api_bad_input_is_a_400_with_field_errors(counsel, right):
    response = api_client(counsel).post(
        "/api/v1/customs-applications/",
        {
            "right": right.pk,
            "port": "Ningbo",
            "applied_on": "2025-09-15",
            "goods_description": "x",
            "quantity": 1,
            "goods_value_cny": "10.00",
            "detained_on": "2025-09-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "detained_on" in response.json()
    assert not DetentionApplication.objects.exists()


def test_api_outsider(org, counsel, outsider, right):
    application = _apply(org, counsel, right)
    client = api_client(outsider)
    assert client.get("/api/v1/customs-applications/").json()["count"] == 0
    url = f"/api/v1/customs-applications/{application.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"notes": "x"}, format="json").status_code == 404
    response = client.post(
        "/api/v1/customs-applications/",
        {
            "right": right.pk,
            "port": "Ningbo",
            "applied_on": "2025-09-15",
            "goods_description": "x",
            "quantity": 1,
            "goods_value_cny": "10.00",
        },
        format="json",
    )
    assert response.status_code == 400 and "right" in response.json()
