"""Bad input to rights.services is refused with field errors and changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import deadlines.services
from customs.models import RecordalChange
from deadlines.models import Deadline
from rights.models import PriorityClaim, Right
from rights.services import patent_grant_register, priority_claim_add, right_create, right_update
from tests.factories import RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _counts() -> dict[str, int]:
    return {
        "rights": Right.objects.count(),
        "right_history": Right.history.count(),
        "claims": PriorityClaim.objects.count(),
        "deadlines": Deadline.objects.count(),
        "deadline_history": Deadline.history.count(),
        "changes": RecordalChange.objects.count(),
    }


def _invention(**overrides):
    fields = {
        "kind": "invention",
        "title": "Fastening device",
        "owner": "Demo Co. Ltd",
        "application_number": "202610123456.X",
        "filing_date": dt.date(2026, 10, 12),
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def granted(org):
    right = RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 500001),
        status="granted",
        grant_date=dt.date(2026, 10, 20),
    )
    deadlines.services.deadlines_recompute(right=right)
    return right


def test_wrong_check_character_names_the_expected_one(counsel, org):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        right_create(
            organisation=org, actor=counsel, **_invention(application_number="202610123456.3")
        )

    errors = exc.value.message_dict
    assert list(errors) == ["application_number"]
    assert "should be X" in errors["application_number"][0]
    assert _counts() == before


def test_type_digit_that_does_not_match_the_kind_is_refused(counsel, org):
    before = _counts()
    design_number = cn_patent_number(2026, 3, 123456)

    with pytest.raises(ValidationError) as exc:
        right_create(
            organisation=org, actor=counsel, **_invention(application_number=design_number)
        )

    assert "application_number" in exc.value.message_dict
    assert _counts() == before


def test_grant_before_filing_is_refused_by_the_service(counsel, org):
    right = RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 500002),
    )
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        patent_grant_register(right=right, grant_date=dt.date(2024, 3, 13), actor=counsel)

    assert "The grant date cannot be before the filing date." in exc.value.messages
    assert _counts() == before
    right.refresh_from_db()
    assert (right.status, right.grant_date) == ("filed", None)


def test_grant_before_filing_written_past_clean_is_refused_by_the_database(granted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Right.objects.filter(pk=granted.pk).update(grant_date=dt.date(2020, 1, 1))

    granted.refresh_from_db()
    assert granted.grant_date == dt.date(2026, 10, 20)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "software"}, "kind"),
        ({"status": "pending"}, "status"),
        ({"priority_date": dt.date(2026, 10, 13)}, "filing_date"),
        ({"jurisdiction": "cn"}, "jurisdiction"),
        ({"filing_date": None}, "filing_date"),
        ({"registration_date": dt.date(2026, 11, 1)}, "registration_date"),
    ],
    ids=[
        "unknown-kind",
        "unknown-status",
        "priority-after-filing",
        "bad-country",
        "no-filing",
        "patent-with-registration-date",
    ],
)
def test_bad_right_fields_are_refused_and_write_nothing(counsel, org, fields, field):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        right_create(organisation=org, actor=counsel, **_invention(**fields))

    assert field in exc.value.message_dict, exc.value.message_dict
    assert _counts() == before


def test_priority_claim_after_filing_is_refused(counsel, granted):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        priority_claim_add(
            right=granted,
            actor=counsel,
            country="DE",
            number="102024000001",
            date=dt.date(2024, 3, 15),
        )

    assert "date" in exc.value.message_dict
    assert _counts() == before
    granted.refresh_from_db()
    assert granted.priority_date is None


def test_unknown_status_on_update_changes_nothing(counsel, granted):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        right_update(right=granted, actor=counsel, status="dormant", owner="Someone Else")

    assert "status" in exc.value.message_dict
    assert _counts() == before
    granted.refresh_from_db()
    assert (granted.status, granted.owner) == ("granted", "Demo Co. Ltd")


def test_duplicate_application_number_is_refused_within_an_organisation_only(
    counsel, outsider, org, other_org
):
    right_create(organisation=org, actor=counsel, **_invention())
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        right_create(
            organisation=org, actor=counsel, **_invention(application_number="ZL202610123456.X")
        )

    assert "already has a right with this application number" in str(exc.value)
    assert _counts() == before

    theirs = right_create(organisation=other_org, actor=outsider, **_invention())
    assert theirs.application_number == "202610123456.X"
    assert Right.objects.filter(application_number="202610123456.X").count() == 2


@pytest.mark.parametrize(
    "classes", [[46], [0, 9], [], ["9"], [True]], ids=["46", "0", "none", "string", "bool"]
)
def test_bad_nice_classes_are_refused(counsel, org, classes):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        right_create(
            organisation=org,
            actor=counsel,
            kind="trademark",
            title="SPARROW",
            owner="Demo Co. Ltd",
            application_number="40000001",
            filing_date=dt.date(2026, 2, 10),
            nice_classes=classes,
        )

    assert list(exc.value.message_dict) == ["nice_classes"]
    assert _counts() == before


def test_failure_halfway_through_a_service_leaves_no_partial_rows(counsel, org, monkeypatch):
    """The right and its history are saved before the deadlines: a crash there undoes both."""
    real = deadlines.services.bulk_create_with_history

    def crash_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        assert Deadline.objects.exists()  # rows really were written before the crash
        raise RuntimeError("crash in the middle of the recompute")

    monkeypatch.setattr(deadlines.services, "bulk_create_with_history", crash_after_writing)
    before = _counts()

    with pytest.raises(RuntimeError):
        right_create(
            organisation=org,
            actor=counsel,
            priority_claims=[{"country": "DE", "number": "1", "date": dt.date(2025, 10, 12)}],
            **_invention(status="granted", grant_date=dt.date(2026, 11, 2)),
        )

    assert _counts() == before


def test_failure_halfway_through_an_update_keeps_the_old_facts(counsel, granted, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("crash while updating deadlines")

    monkeypatch.setattr(deadlines.services, "bulk_update_with_history", crash)
    before = _counts()
    due_dates = dict(Deadline.objects.values_list("id", "due_date"))

    with pytest.raises(RuntimeError):
        right_update(right=granted, actor=counsel, filing_date=dt.date(2024, 3, 20))

    assert _counts() == before
    assert dict(Deadline.objects.values_list("id", "due_date")) == due_dates
    granted.refresh_from_db()
    assert granted.filing_date == dt.date(2024, 3, 14)
