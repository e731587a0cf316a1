"""Recordals, customs notices and guarantees through the admin: saved through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from customs.models import CustomsNotice, GeneralGuarantee, Recordal
from deadlines.services import deadlines_recompute
from tests.factories import (
    CustomsNoticeFactory,
    GeneralGuaranteeFactory,
    RecordalFactory,
    RightFactory,
)

from .conftest import form_data

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:customs_{name}", args=args)


@pytest.fixture
def granted(org):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)
    return right


def test_recordal_added_in_the_admin_gets_its_computed_dates(login, paralegal, granted):
    client = login(paralegal)
    data = form_data(
        client.get(url("recordal_add")),
        right=granted.pk,
        recordal_number="P2025-00001",
        applied_on="2025-03-03",
        approved_on="2025-04-15",
        status="active",
    )

    response = client.post(url("recordal_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    recordal = Recordal.objects.get()
    assert recordal.valid_until is not None  # set by the service's recompute
    assert recordal.renewal_window_opens is not None
    assert recordal.deadlines.filter(rule="recordal_expiry").exists()
    assert recordal.history.first().history_user == paralegal


def test_recordal_change_added_inline_opens_the_30_working_day_duty(login, paralegal, org):
    recordal = RecordalFactory(organisation=org, right__organisation=org)
    deadlines_recompute(right=recordal.right)
    client = login(paralegal)
    data = form_data(client.get(url("recordal_change", recordal.pk)))
    data.update(
        {
            "changes-TOTAL_FORMS": "1",
            "changes-0-kind": "licence",
            "changes-0-occurred_on": "2025-05-26",
            "changes-0-description": "New licensee",
        }
    )

    response = client.post(url("recordal_change", recordal.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    duty = recordal.right.deadlines.get(rule="recordal_amendment")
    assert duty.status == "open"
    assert duty.recordal_id == recordal.pk


def test_filing_the_change_inline_completes_the_duty(login, paralegal, org):
    from customs.services import recordal_change_register

    recordal = RecordalFactory(organisation=org, right__organisation=org)
    change = recordal_change_register(
        recordal=recordal, kind="licence", occurred_on=dt.date(2025, 5, 26)
    )
    client = login(paralegal)
    data = form_data(
        client.get(url("recordal_change", recordal.pk)), **{"changes-0-filed_on": "2025-05-30"}
    )

    response = client.post(url("recordal_change", recordal.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    change.refresh_from_db()
    assert change.filed_on == dt.date(2025, 5, 30)
    assert recordal.right.deadlines.get(rule="recordal_amendment").status == "done"


def test_customs_notice_added_in_the_admin_shows_its_answer_date(login, paralegal, org):
    recordal = RecordalFactory(organisation=org, right__organisation=org)
    client = login(paralegal)
    data = form_data(
        client.get(url("customsnotice_add")),
        recordal=recordal.pk,
        served_on="2025-05-29",
        port="Shenzhen Huanggang",
        goods_description="Fake fasteners",
        quantity="100",
        goods_value_cny="86000.00",
    )

    response = client.post(url("customsnotice_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    notice = CustomsNotice.objects.get()
    # Served Thu 29 May 2025; Sat 31 May - Mon 2 June is the Dragon Boat holiday.
    assert notice.response_due == dt.date(2025, 6, 4)  # Fri 30 May, Tue 3, Wed 4 June
    assert notice.bond_cny is not None
    assert notice.explanation
    page = client.get(url("customsnotice_change", notice.pk))
    assert b"June 4, 2025" in page.content
    assert escape(notice.explanation.splitlines()[0]).encode() in page.content


def test_customs_notice_change_goes_through_the_service(login, paralegal, org):
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal__organisation=org,
        recordal__right__organisation=org,
        served_on=dt.date(2025, 5, 29),
    )
    deadlines_recompute(right=notice.recordal.right)
    client = login(paralegal)
    data = form_data(
        client.get(url("customsnotice_change", notice.pk)),
        response="explain",
        responded_on="2025-06-03",
        status="answered",
    )

    response = client.post(url("customsnotice_change", notice.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    duty = notice.deadlines.get(rule="customs_notice_response")
    assert duty.status == "done"


def test_customs_notice_answer_without_date_is_refused_next_to_the_field(login, paralegal, org):
    notice = CustomsNoticeFactory(
        organisation=org, recordal__organisation=org, recordal__right__organisation=org
    )
    client = login(paralegal)
    data = form_data(client.get(url("customsnotice_change", notice.pk)), response="detain")

    response = client.post(url("customsnotice_change", notice.pk), data)

    assert response.status_code == 200
    assert "responded_on" in response.context["adminform"].form.errors
    notice.refresh_from_db()
    assert notice.response == ""


def test_guarantee_added_in_the_admin_gets_its_computed_dates(login, paralegal, org):
    client = login(paralegal)
    data = form_data(
        client.get(url("generalguarantee_add")),
        year="2025",
        amount_cny="300000",
        bank="ICBC",
        approved_on="2025-01-15",
    )

    response = client.post(url("generalguarantee_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    guarantee = GeneralGuarantee.objects.get()
    assert guarantee.organisation == org
    assert guarantee.covers_until == dt.date(2025, 12, 31)
    assert guarantee.letter_valid_until == dt.date(2026, 6, 30)
    assert guarantee.deadlines.filter(rule="general_guarantee_renewal").exists()


def test_service_refusal_is_shown_on_the_form_and_nothing_saved(login, paralegal):
    """guarantee_register refuses an approval outside the year: the error comes back."""
    client = login(paralegal)
    data = form_data(
        client.get(url("generalguarantee_add")),
        year="2025",
        amount_cny="300000",
        bank="ICBC",
        approved_on="2024-12-20",
    )

    response = client.post(url("generalguarantee_add"), data)

    assert response.status_code == 200
    assert "Approval must fall in 2025" in " ".join(
        response.context["adminform"].form.errors["approved_on"]
    )
    assert GeneralGuarantee.objects.count() == 0


def test_guarantee_year_is_fixed_once_registered(login, paralegal, org):
    guarantee = GeneralGuaranteeFactory(organisation=org)
    client = login(paralegal)

    page = client.get(url("generalguarantee_change", guarantee.pk))
    data = form_data(page, bank="Bank of Shanghai", amount_cny="250000.00")
    response = client.post(url("generalguarantee_change", guarantee.pk), data)

    assert "year" not in page.context["adminform"].form.fields
    assert response.status_code == 302
    guarantee.refresh_from_db()
    assert guarantee.bank == "Bank of Shanghai"
    assert guarantee.amount_cny == Decimal("250000.00")


def test_recordal_on_a_right_not_yet_granted_is_a_field_error_in_the_admin(login, paralegal, org):
    # Issue 8 item 4: the admin reaches the same rule through the model (Reg. art. 2).
    filed = RightFactory(organisation=org, status="filed")
    client = login(paralegal)
    data = form_data(
        client.get(url("recordal_add")),
        right=filed.pk,
        applied_on="2025-03-03",
        status="pending",
    )

    response = client.post(url("recordal_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "right" in errors
    assert "not granted" in errors["right"][0]
    assert not Recordal.objects.exists()
