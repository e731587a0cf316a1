"""core.constraints: a unique constraint's refusal is a field error, checked before the save and
caught at it (a concurrent write), on PostgreSQL and on SQLite."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from accounts.models import Organisation
from core.constraints import integrity_field_errors, rule_of, unique_errors, unique_rules
from customs.models import GeneralGuarantee, Recordal
from rights.models import PriorityClaim
from tests.factories import GeneralGuaranteeFactory, RecordalFactory, RightFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _refusal(instance) -> IntegrityError:
    """The database's own error for saving `instance` (no full_clean: as a racing write)."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        return exc
    raise AssertionError("the database accepted a duplicate")


def test_every_unique_constraint_names_a_field_and_a_message():
    for model in (GeneralGuarantee, Recordal, PriorityClaim, Organisation):
        for rule in unique_rules(model):
            assert rule.field in {f.name for f in model._meta.get_fields()}
            assert rule.message


def test_full_clean_puts_a_multi_field_constraint_on_its_last_field(org):
    GeneralGuaranteeFactory(organisation=org, year=2025)
    duplicate = GeneralGuaranteeFactory.build(organisation=org, year=2025)
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert exc.value.message_dict == {
        "year": ["There is already a general guarantee for this year."]
    }


def test_a_partial_unique_index_is_recognised(org):
    # recordal_unique_number has a condition: SQLite names the index, PostgreSQL the constraint.
    first = RecordalFactory(organisation=org, recordal_number="P2025-1")
    second = RecordalFactory.build(organisation=org, right=first.right, recordal_number="P2025-1")
    refusal = _refusal(second)
    assert rule_of(refusal).name == "recordal_unique_number"
    assert integrity_field_errors(refusal) == {
        "recordal_number": ["This GACC recordal number is already registered."]
    }


def test_a_plain_unique_constraint_and_a_unique_field_are_recognised(org):
    GeneralGuaranteeFactory(organisation=org, year=2025)
    assert rule_of(_refusal(GeneralGuaranteeFactory.build(organisation=org, year=2025))).field == (
        "year"
    )
    assert integrity_field_errors(_refusal(Organisation(name=org.name, slug="another"))) == {
        "name": ["Another organisation already has this name."]
    }


def test_another_integrity_error_is_not_a_unique_one(org):
    right = RightFactory(organisation=org)
    claim = PriorityClaim(right=right, country="DE", number="1", date=None)
    assert integrity_field_errors(_refusal(claim)) is None  # NOT NULL, not uniqueness


def test_unique_errors_turns_the_refusal_into_a_field_error_and_keeps_the_transaction(org):
    GeneralGuaranteeFactory(organisation=org, year=2025)
    duplicate = GeneralGuaranteeFactory.build(organisation=org, year=2025)
    with transaction.atomic():
        with pytest.raises(ValidationError) as exc, unique_errors():
            duplicate.save()
        # The savepoint was rolled back: the surrounding transaction still answers queries.
        assert GeneralGuarantee.objects.filter(organisation=org).count() == 1
    assert exc.value.message_dict == {
        "year": ["There is already a general guarantee for this year."]
    }
    assert connection.vendor in {"postgresql", "sqlite"}
