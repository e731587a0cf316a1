"""Import rows are built without Model.__init__ (deadlines.services._NewRows): they must be the
instances Django would build, field for field, and save like them."""

import datetime as dt

import pytest

from deadlines.models import Deadline
from deadlines.services import _NewRows
from tests.factories import RightFactory

pytestmark = pytest.mark.django_db


def test_a_row_built_from_values_is_the_instance_django_builds(org):
    right = RightFactory(organisation=org)
    values = {
        "organisation_id": org.id,
        "subject_key": f"right:{right.pk}",
        "rule": "patent_expiry",
        "cycle": 0,
        "right_id": right.pk,
        "title": "Patent expires",
        "due_date": dt.date(2040, 5, 5),
        "act_by": dt.date(2040, 4, 20),
        "explanation": "20 years from filing.",
        "basis": {"counted": ["2020-05-06"]},
        "status": "open",
    }
    fast, django = _NewRows()(values), Deadline(**values)
    attnames = [f.attname for f in Deadline._meta.concrete_fields]
    assert [getattr(fast, a) for a in attnames] == [getattr(django, a) for a in attnames]
    assert (fast._state.adding, fast._state.db) == (django._state.adding, django._state.db)
    assert fast.right == right and fast.organisation == org
    fast.save()
    stored = Deadline.objects.get(pk=fast.pk)
    assert [getattr(stored, a) for a in attnames[3:]] == [getattr(fast, a) for a in attnames[3:]]
