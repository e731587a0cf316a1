"""The database itself refuses rows that break a constraint, even past full_clean().

Each CheckConstraint and UniqueConstraint of Right, Recordal, CustomsNotice, RecordalChange,
GeneralGuarantee and Deadline is violated once with queryset.update() or bulk_create(); the table
below must name every constraint, so a new constraint without a test fails here.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, models, transaction

from customs.models import CustomsNotice, GeneralGuarantee, Recordal, RecordalChange
from deadlines.models import Deadline
from rights.models import Right
from tests.factories import (
    CustomsNoticeFactory,
    GeneralGuaranteeFactory,
    RecordalFactory,
    RightFactory,
)

MODELS = (Right, Recordal, CustomsNotice, RecordalChange, GeneralGuarantee, Deadline)


@pytest.fixture
def world(org):
    right = RightFactory(organisation=org, granted=True)
    recordal = RecordalFactory(right=right)
    notice = CustomsNoticeFactory(recordal=recordal)
    change = RecordalChange.objects.create(
        recordal=recordal, kind="assignment", occurred_on=dt.date(2025, 5, 6)
    )
    guarantee = GeneralGuaranteeFactory(organisation=org)
    deadline = Deadline.objects.create(
        organisation=org,
        subject_key=f"right:{right.pk}",
        rule="customs_record",
        title="Record the right with China Customs",
        due_date=dt.date(2021, 11, 3),
        act_by=dt.date(2021, 11, 3),
        explanation="test row",
        right=right,
    )
    return {
        Right: right,
        Recordal: recordal,
        CustomsNotice: notice,
        RecordalChange: change,
        GeneralGuarantee: guarantee,
        Deadline: deadline,
    }


def update(model, **values):
    def violate(world):
        obj = world[model]
        model.objects.filter(pk=obj.pk).update(**values)

    return violate


def duplicate(model, *, first=None, **overrides):
    """bulk_create a copy of the world's row (after an optional update of the original)."""

    def violate(world):
        obj = world[model]
        if first:
            model.objects.filter(pk=obj.pk).update(**first)
        copy = model.objects.get(pk=obj.pk)
        copy.pk = None
        copy._state.adding = True
        for name, value in overrides.items():
            setattr(copy, name, value)
        model.objects.bulk_create([copy])

    return violate


VIOLATIONS = {
    # Right
    "right_kind_valid": update(Right, kind="software"),
    "right_status_valid": update(Right, status="pending"),
    "right_grant_not_before_filing": update(Right, grant_date=dt.date(2019, 3, 13)),
    "right_registration_not_before_filing": update(Right, registration_date=dt.date(2019, 3, 13)),
    "right_publication_not_before_filing": update(Right, publication_date=dt.date(2019, 3, 13)),
    "right_priority_not_after_filing": update(Right, priority_date=dt.date(2019, 3, 15)),
    "right_unique_application_number": duplicate(Right, title="Same number again"),
    "right_unique_external_id": duplicate(
        Right, first={"external_id": "EXT-1"}, application_number="201910100001.0"
    ),
    # Recordal
    "recordal_status_valid": update(Recordal, status="dormant"),
    "recordal_approved_not_before_applied": update(Recordal, approved_on=dt.date(2021, 8, 31)),
    "recordal_active_needs_approval": update(Recordal, approved_on=None),
    "recordal_unique_number": duplicate(Recordal),
    "recordal_unique_external_id": duplicate(
        Recordal, first={"external_id": "EXT-1"}, recordal_number="P2021-99999"
    ),
    # CustomsNotice
    "notice_track_valid": update(CustomsNotice, track="anonymous_tip"),
    "notice_status_valid": update(CustomsNotice, status="lost"),
    "notice_response_valid": update(
        CustomsNotice, response="ignore", responded_on=dt.date(2025, 10, 1)
    ),
    "notice_service_method_valid": update(CustomsNotice, service_method="pigeon"),
    "notice_value_not_negative": update(CustomsNotice, goods_value_cny=Decimal("-0.01")),
    "notice_response_not_before_service": update(
        CustomsNotice, response="explain", responded_on=dt.date(2025, 9, 29)
    ),
    "notice_detention_not_before_service": update(CustomsNotice, detained_on=dt.date(2025, 9, 29)),
    "notice_unique_external_id": duplicate(CustomsNotice, first={"external_id": "EXT-1"}),
    # RecordalChange
    "recordalchange_kind_valid": update(RecordalChange, kind="merger"),
    "recordalchange_filed_after_change": update(RecordalChange, filed_on=dt.date(2025, 5, 5)),
    # GeneralGuarantee
    "guarantee_one_a_year": duplicate(GeneralGuarantee),
    "guarantee_minimum_amount": update(GeneralGuarantee, amount_cny=Decimal("199999.99")),
    # Deadline
    "deadline_unique_subject_rule_cycle": duplicate(Deadline),
    "deadline_status_valid": update(Deadline, status="forgotten"),
    "deadline_rule_known": update(Deadline, rule="made_up_rule"),
    "deadline_waiver_has_reason": update(Deadline, status="waived", note=""),
    "deadline_subject_type_and_id": update(Deadline, subject_id=5),
}


def _constraints():
    return {
        c.name: (model, c)
        for model in MODELS
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint | models.UniqueConstraint)
    }


def test_every_constraint_has_a_violation_test():
    assert set(_constraints()) == set(VIOLATIONS)


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_database_refuses_a_row_violating(world, name):
    model, constraint = _constraints()[name]
    before = list(model.objects.order_by("pk").values())

    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        VIOLATIONS[name](world)

    message = str(exc.value)
    if isinstance(constraint, models.CheckConstraint) or connection.vendor == "postgresql":
        assert name in message, message
    else:  # SQLite names the columns of a violated unique index, not the index
        assert "UNIQUE constraint failed" in message
        columns = [model._meta.get_field(f).column for f in constraint.fields]
        assert all(f"{model._meta.db_table}.{c}" in message for c in columns), message
    assert list(model.objects.order_by("pk").values()) == before


def test_blank_numbers_and_external_ids_are_not_unique(org):
    copyrights = [
        Right(organisation=org, kind="copyright", title=f"Manual {n}", owner="Demo Co. Ltd")
        for n in range(2)
    ]
    Right.objects.bulk_create(copyrights)
    right = RightFactory(organisation=org, granted=True)
    Recordal.objects.bulk_create(
        [Recordal(organisation=org, right=right, applied_on=dt.date(2021, 9, 1)) for _ in range(2)]
    )

    assert Right.objects.filter(application_number="", external_id="").count() == 2
    assert Recordal.objects.filter(recordal_number="", external_id="").count() == 2
