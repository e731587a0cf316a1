"""deadline.due_soon goes out once per endpoint and due date, and re-runs cost no row-by-row work."""

import datetime as dt

import pytest

from deadlines.models import Deadline
from webhooks.models import Delivery, Endpoint
from webhooks.services import deadlines_due_soon_emit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def _due(org, count):
    Deadline.objects.bulk_create(
        Deadline(
            organisation=org,
            subject_key=f"soon:{i}",
            rule="patent_annuity",
            title=f"S{i}",
            due_date=TODAY + dt.timedelta(days=3),
            act_by=TODAY,
            explanation="x",
        )
        for i in range(count)
    )


def test_due_soon_is_emitted_once_and_reruns_are_cheap(
    org, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    Endpoint.objects.create(
        organisation=org,
        url="http://127.0.0.1:9/hook",
        secret="x" * 32,
        event_types=["deadline.due_soon"],
    )
    _due(org, 30)
    with django_capture_on_commit_callbacks(execute=False):
        assert deadlines_due_soon_emit(today=TODAY) == 30
        with django_assert_max_num_queries(6):
            assert deadlines_due_soon_emit(today=TODAY) == 0
    assert Delivery.objects.filter(event="deadline.due_soon").count() == 30
    # A deadline whose date moves is due soon again, under a new key.
    Deadline.objects.filter(subject_key="soon:0").update(due_date=TODAY + dt.timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=False):
        assert deadlines_due_soon_emit(today=TODAY) == 1
