"""Each invariant the services keep, whoever calls them (admin, API, importer, commands)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from customs import services as customs
from customs.models import RecordalChange, RecordalRoute
from deadlines.models import Deadline
from deadlines.services import deadline_assign, deadline_waive, deadlines_recompute
from notifications.services import alert_acknowledge, reminder_policy_save
from rights import services as rights
from tests.factories import (
    AlertFactory,
    GeneralGuaranteeFactory,
    RecordalFactory,
    RecordalRouteFactory,
    RightFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def right(org):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)
    return right


def test_a_recordals_right_never_changes(org, paralegal, right):
    recordal = RecordalFactory(right=right)
    other = RightFactory(organisation=org, granted=True)

    with pytest.raises(ValidationError) as caught:
        customs.recordal_update(recordal=recordal, actor=paralegal, right=other)

    assert "right" in caught.value.message_dict
    recordal.refresh_from_db()
    assert recordal.right_id == right.pk


def test_a_notice_stays_with_its_recordal(org, paralegal, right):
    recordal = RecordalFactory(right=right)
    notice = customs.customs_notice_register(
        organisation=org,
        recordal=recordal,
        actor=paralegal,
        served_on=dt.date(2026, 11, 20),
        port="Ningbo",
        goods_description="Fakes",
        quantity=3,
        goods_value_cny=1000,
    )
    with pytest.raises(ValidationError) as caught:
        customs.customs_notice_update(
            notice=notice, actor=paralegal, recordal=RecordalFactory(right=right)
        )
    assert "recordal" in caught.value.message_dict


def test_only_counsel_waives(paralegal, counsel, right):
    deadline = right.deadlines.filter(status="open").first()

    with pytest.raises(PermissionDenied):
        deadline_waive(deadline=deadline, actor=paralegal, reason="Not worth it")
    assert Deadline.objects.get(pk=deadline.pk).status == "open"

    assert deadline_waive(deadline=deadline, actor=counsel, reason="Abandoned").status == "waived"


def test_a_viewer_cannot_acknowledge(viewer, manager, right):
    alert = AlertFactory(deadline=right.deadlines.first(), recipient=viewer)

    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, by=viewer)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None

    assert alert_acknowledge(alert=alert, by=manager).acknowledged_by == manager


def test_the_priority_date_follows_the_claims_through_add_change_and_removal(paralegal, org):
    right = rights.right_create(
        organisation=org,
        actor=paralegal,
        kind="invention",
        jurisdiction="US",
        title="Clamp",
        owner="Demo Co.",
        application_number="18/123456",
        filing_date=dt.date(2025, 3, 1),
    )
    early = rights.priority_claim_add(
        right=right, actor=paralegal, country="DE", number="1", date=dt.date(2024, 4, 1)
    )
    late = rights.priority_claim_add(
        right=right, actor=paralegal, country="FR", number="2", date=dt.date(2024, 6, 1)
    )
    right.refresh_from_db()
    assert right.priority_date == dt.date(2024, 4, 1)

    rights.priority_claim_update(claim=late, actor=paralegal, date=dt.date(2024, 3, 1))
    right.refresh_from_db()
    assert right.priority_date == dt.date(2024, 3, 1)

    rights.priority_claim_remove(
        claim=rights.PriorityClaim.objects.get(pk=late.pk), actor=paralegal
    )
    right.refresh_from_db()
    assert right.priority_date == early.date
    assert right.deadlines.get(rule="paris_priority").due_date == dt.date(2025, 4, 1)

    with pytest.raises(ValidationError) as caught:
        rights.right_update(right=right, actor=paralegal, priority_date=dt.date(2024, 1, 1))
    assert "priority_date" in caught.value.message_dict


def test_a_viewer_cannot_change_a_priority_claim(viewer, paralegal, right):
    claim = rights.priority_claim_add(
        right=right, actor=paralegal, country="DE", number="9", date=dt.date(2018, 9, 1)
    )
    with pytest.raises(PermissionDenied):
        rights.priority_claim_remove(claim=claim, actor=viewer)


def test_removing_a_recordal_change_removes_its_duty(paralegal, right):
    recordal = RecordalFactory(right=right)
    change = customs.recordal_change_register(
        recordal=recordal, kind="licence", occurred_on=dt.date(2026, 11, 2), actor=paralegal
    )
    assert right.deadlines.filter(rule="recordal_amendment").count() == 1

    customs.recordal_change_remove(change=change, actor=paralegal)

    assert not RecordalChange.objects.filter(pk=change.pk).exists()
    assert right.deadlines.filter(rule="recordal_amendment").count() == 0


def test_a_route_stays_with_its_recordal(paralegal, right):
    route = RecordalRouteFactory(recordal=RecordalFactory(right=right))
    route.recordal = RecordalFactory(right=right)

    with pytest.raises(ValidationError):
        customs.recordal_detail_save(detail=route, actor=paralegal)
    assert RecordalRoute.objects.get(pk=route.pk).recordal_id != route.recordal_id


def test_a_guarantees_year_and_approval_are_fixed_once_registered(org, paralegal):
    guarantee = GeneralGuaranteeFactory(organisation=org)

    with pytest.raises(ValidationError) as caught:
        customs.guarantee_update(guarantee=guarantee, actor=paralegal, year=2027)
    assert "year" in caught.value.message_dict

    updated = customs.guarantee_update(guarantee=guarantee, actor=paralegal, bank="ICBC")
    assert updated.bank == "ICBC"


def test_a_deadline_is_assigned_to_a_member_of_its_organisation_only(
    paralegal, viewer, outsider, right
):
    deadline = right.deadlines.first()

    with pytest.raises(ValidationError) as caught:
        deadline_assign(deadline=deadline, responsible=outsider, actor=paralegal)
    assert "responsible" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        deadline_assign(deadline=deadline, responsible=viewer, actor=viewer)

    assert (
        deadline_assign(deadline=deadline, responsible=viewer, actor=paralegal).responsible
        == viewer
    )


def test_the_reminder_policy_is_one_per_organisation_and_checked(org, paralegal, viewer):
    with pytest.raises(PermissionDenied):
        reminder_policy_save(organisation=org, actor=viewer, alert_hour=8)
    with pytest.raises(ValidationError) as caught:
        reminder_policy_save(organisation=org, actor=paralegal, ladder_days=[-1])
    assert "ladder_days" in caught.value.message_dict

    first = reminder_policy_save(organisation=org, actor=paralegal, alert_hour=8)
    again = reminder_policy_save(organisation=org, actor=paralegal, overdue_days=5)

    assert again.pk == first.pk
    assert (again.alert_hour, again.overdue_days) == (8, 5)
