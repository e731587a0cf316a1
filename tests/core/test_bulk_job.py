"""core.bulk.bulk_job on PostgreSQL: an import's COPYs run in a background thread on the
import's own connection. Every other statement waits for them, a failed one is raised in the
caller and rolls the job back, and the transaction's constraint checking is as it was."""

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from core import bulk
from deadlines.models import Deadline
from tests.core.test_bulk_copy import rows
from tests.factories import RightFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the background writer is PostgreSQL's own"
    ),
]


def _fk_checked_at_once(org) -> bool:
    """Whether a row naming a right that does not exist is refused as it is written (checked
    immediately) rather than at the commit (deferred, Django's foreign keys' own mode)."""
    row = rows(org, RightFactory(organisation=org), (99,))[0]
    row.right_id = 999_999_999
    try:
        with transaction.atomic():
            row.save()
            raise _Accepted
    except IntegrityError:
        return True
    except _Accepted:
        return False


class _Accepted(Exception):
    """The probe row was accepted: rolled back with its savepoint."""


def test_a_statement_after_queued_writes_sees_them(org):
    right = RightFactory(organisation=org)
    with transaction.atomic(), bulk.bulk_job():
        bulk.bulk_create_with_history(rows(org, right, range(1, 301)), Deadline)
        assert Deadline.objects.filter(right=right).count() == 300
        assert Deadline.history.filter(right_id=right.pk).count() == 300


def test_a_failed_background_write_is_raised_and_the_job_keeps_nothing(org):
    right = RightFactory(organisation=org)
    duplicated = rows(org, right, (1, 2)) + rows(org, right, (2,))  # (subject, rule, cycle) twice
    with pytest.raises(psycopg.errors.UniqueViolation), transaction.atomic(), bulk.bulk_job():
        bulk.bulk_create_with_history(rows(org, right, (7,)), Deadline)
        bulk.bulk_create_with_history(duplicated, Deadline)
    assert not Deadline.objects.filter(right=right).exists()
    assert not _fk_checked_at_once(org)


def test_a_later_statement_is_not_run_after_a_failed_write(org):
    right = RightFactory(organisation=org)
    with pytest.raises(psycopg.errors.UniqueViolation), transaction.atomic(), bulk.bulk_job():
        bulk.bulk_create_with_history(rows(org, right, (1, 1)), Deadline)
        Deadline.objects.filter(right=right).update(note="never")  # raises first
    assert not Deadline.objects.filter(right=right).exists()


def test_foreign_keys_are_checked_during_the_job_and_deferred_again_after_it(org):
    assert not _fk_checked_at_once(org)
    with transaction.atomic():
        with bulk.bulk_job():
            assert _fk_checked_at_once(org)
        assert not _fk_checked_at_once(org)


def test_every_deferrable_constraint_is_initially_deferred():
    """bulk_job puts "SET CONSTRAINTS ALL DEFERRED" back after its job: exact only while no
    constraint is DEFERRABLE INITIALLY IMMEDIATE."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE condeferrable AND NOT condeferred"
        )
        assert cursor.fetchall() == []


def test_ids_reserved_in_blocks_are_handed_out_once(org):
    right = RightFactory(organisation=org)
    with transaction.atomic(), bulk.bulk_job():
        first = bulk.reserve_ids(Deadline, 3)
        second = bulk.reserve_ids(Deadline, 5)
        written = bulk.bulk_create_with_history(rows(org, right, (1, 2)), Deadline)
    given = first + second + [d.pk for d in written]
    assert len(set(given)) == len(given) == 10
    later = Deadline.objects.bulk_create(rows(org, right, (9,)))[0]
    assert later.pk > max(given)
