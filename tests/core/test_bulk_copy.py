"""core.bulk on PostgreSQL: new rows streamed with COPY carry ids from the table's own sequence
and get the same '+' history rows django-simple-history writes."""

import datetime as dt

import pytest
from django.db import connection
from simple_history import utils as simple_history_utils

from core import bulk
from deadlines.models import Deadline
from tests.factories import RightFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's own"
    ),
]

COMPARED = ("rule", "title", "due_date", "act_by", "status", "explanation", "basis", "note")


def rows(org, right, cycles):
    return [
        Deadline(
            organisation=org,
            subject_key=f"right:{right.pk}",
            rule="patent_annuity",
            cycle=cycle,
            title="Annuity",
            due_date=dt.date(2030, 1, 2),
            act_by=dt.date(2029, 12, 20),
            status="open",
            explanation="Due on the anniversary of filing.",
            basis={"rule": "patent_annuity", "counted": ["2030-01-02"], "earliest": None},
            right=right,
        )
        for cycle in cycles
    ]


def test_copy_writes_the_rows_and_history_simple_history_writes(org, paralegal):
    right = RightFactory(organisation=org)
    copied = bulk.bulk_create_with_history(
        rows(org, right, (1, 2)), Deadline, user=paralegal, reason="Import of a.csv"
    )
    reference = simple_history_utils.bulk_create_with_history(
        rows(org, right, (3, 4)),
        Deadline,
        default_user=paralegal,
        default_change_reason="Import of a.csv",
    )
    assert all(d.pk for d in copied) and copied[0].pk < copied[1].pk
    for mine, theirs in zip(copied, reference, strict=True):
        stored = Deadline.objects.get(pk=mine.pk)
        expected = Deadline.objects.get(pk=theirs.pk)
        assert [getattr(stored, f) for f in COMPARED] == [getattr(expected, f) for f in COMPARED]
        assert stored.created_at == mine.created_at and stored.updated_at is not None
        history = Deadline.history.get(id=mine.pk)
        other = Deadline.history.get(id=theirs.pk)
        assert (history.history_type, history.history_user, history.history_change_reason) == (
            other.history_type,
            other.history_user,
            other.history_change_reason,
        )
        assert [getattr(history, f) for f in COMPARED] == [getattr(other, f) for f in COMPARED]


def test_reserved_ids_come_from_the_sequence_the_table_uses(org):
    right = RightFactory(organisation=org)
    reserved = bulk.reserve_ids(Deadline, 3)
    assert reserved == sorted(reserved) and len(set(reserved)) == 3
    later = Deadline.objects.bulk_create(rows(org, right, (9,)))[0]
    assert later.pk > max(reserved)  # never handed out twice
