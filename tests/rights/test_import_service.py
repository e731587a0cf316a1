"""rights_import: all rows or none, checked by the model; deadlines computed in bulk exactly as
one-by-one creation computes them; history rows as django-simple-history writes them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deadlines.models import Deadline
from rights.models import Right
from rights.services import right_create, rights_import
from tests.factories import cn_patent_number

pytestmark = pytest.mark.django_db


def grant(serial: int, **changes) -> dict:
    values = {
        "kind": "invention",
        "jurisdiction": "CN",
        "application_number": cn_patent_number(2020, 1, serial),
        "title": f"Hinge {serial}",
        "owner": "Demo Co. Ltd",
        "status": "granted",
        "filing_date": dt.date(2020, 5, 6),
        "grant_date": dt.date(2023, 2, 7),
    }
    values.update(changes)
    return values


def test_one_bad_row_refuses_the_whole_import(org, paralegal):
    rows = [(2, grant(1)), (3, grant(2, grant_date=dt.date(2019, 1, 1))), (4, grant(3))]
    with pytest.raises(ValidationError) as refused:
        rights_import(organisation=org, rows=rows, actor=paralegal)
    assert refused.value.messages == [
        "Row 3, grant_date: The grant date cannot be before the filing date."
    ]
    assert not Right.objects.exists() and not Deadline.objects.exists()


def test_a_viewer_cannot_import(org, viewer):
    with pytest.raises(PermissionDenied):
        rights_import(organisation=org, rows=[(2, grant(1))], actor=viewer)
    assert not Right.objects.exists()


def test_another_organisations_member_cannot_import_into_it(org, outsider):
    with pytest.raises(PermissionDenied):
        rights_import(organisation=org, rows=[(2, grant(1))], actor=outsider)


def test_bulk_deadlines_equal_those_of_one_by_one_creation(org, other_org, paralegal):
    rights_import(organisation=org, rows=[(2, grant(1))], actor=paralegal)
    single = right_create(organisation=other_org, actor=None, **grant(1))
    imported = Right.objects.get(organisation=org)
    assert imported.expiry_date == single.expiry_date

    def shape(right):
        return sorted(
            Deadline.objects.filter(right=right).values_list(
                "rule", "cycle", "due_date", "status", "explanation", "next_alert_at"
            )
        )

    assert shape(imported) == shape(single)
    history = imported.history.get()
    assert (history.history_type, history.history_user, history.title) == (
        "+",
        paralegal,
        "Hinge 1",
    )
    assert Deadline.history.filter(right_id=imported.pk, history_type="+").count() == len(
        shape(imported)
    )


def test_an_import_in_chunks_writes_every_chunk_with_its_deadlines(org, paralegal):
    rows = [(n + 2, grant(n + 1)) for n in range(5)]
    check = rights_import(organisation=org, rows=rows, actor=paralegal, chunk=2)
    assert check.new == [2, 3, 4, 5, 6] and not check.unchanged
    assert Right.objects.count() == 5
    assert set(Deadline.objects.values_list("right_id", flat=True)) == set(
        Right.objects.values_list("id", flat=True)
    )
    again = rights_import(organisation=org, rows=rows, actor=paralegal, chunk=2)
    assert again.unchanged == [2, 3, 4, 5, 6] and not again.new
    assert Right.objects.count() == 5


def test_an_error_in_a_later_chunk_rolls_back_the_chunks_already_written(org, paralegal):
    rows = [(n + 2, grant(n + 1)) for n in range(4)]
    rows.append((6, grant(9, grant_date=dt.date(2019, 1, 1))))
    with pytest.raises(ValidationError):
        rights_import(organisation=org, rows=rows, actor=paralegal, chunk=2)
    assert not Right.objects.exists() and not Deadline.objects.exists()
    assert not Right.history.exists() and not Deadline.history.exists()


def test_a_number_repeated_in_a_later_chunk_is_a_duplicate_within_the_file(org, paralegal):
    rows = [(2, grant(1)), (3, grant(2)), (4, grant(1))]
    with pytest.raises(ValidationError) as refused:
        rights_import(organisation=org, rows=rows, actor=paralegal, chunk=2)
    assert refused.value.messages == [
        f"Row 4, application_number: {cn_patent_number(2020, 1, 1)} is already in row 2 of "
        "this file."
    ]
    assert not Right.objects.exists()
