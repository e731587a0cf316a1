"""Every list endpoint runs a constant number of queries, whatever the page holds."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customs.models import RecordalParty
from deadlines.models import Deadline
from rights.models import PriorityClaim
from tests.factories import (
    CustomsNoticeFactory,
    GeneralGuaranteeFactory,
    RecordalFactory,
    RightFactory,
    member,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "rights",
    "priority-claims",
    "recordals",
    "recordal-parties",
    "customs-notices",
    "general-guarantees",
    "deadlines",
    "members",
]


def _add(org, start: int, stop: int) -> None:
    """Rows of every kind, linked the way the services link them (factories: fast)."""
    for n in range(start, stop):
        right = RightFactory(organisation=org, granted=True)
        PriorityClaim.objects.create(
            right=right, country="DE", number=f"P{n}", date=dt.date(2018, 3, 1)
        )
        recordal = RecordalFactory(right=right)
        RecordalParty.objects.create(recordal=recordal, role="licensee", name=f"L{n}")
        notice = CustomsNoticeFactory(recordal=recordal)
        guarantee = GeneralGuaranteeFactory(organisation=org, year=1990 + n)
        member("viewer", org, username=f"member{n}")
        for key, links in [
            (f"right:{right.pk}", {"right": right}),
            (f"recordal:{recordal.pk}", {"right": right, "recordal": recordal}),
            (
                f"notice:{notice.pk}",
                {"right": right, "recordal": recordal, "customs_notice": notice},
            ),
            (f"guarantee:{guarantee.pk}", {"guarantee": guarantee}),
        ]:
            Deadline.objects.create(
                organisation=org,
                subject_key=key,
                rule="customs_notice_response",
                title="Answer",
                due_date=dt.date(2025, 10, 11),
                act_by=dt.date(2025, 10, 11),
                explanation="3 working days",
                **links,
            )


def _queries(client, path, expected_rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{path}/", {"page_size": 500})
    assert response.status_code == 200
    assert response.json()["count"] >= expected_rows
    return len(captured)


def test_every_list_endpoint_runs_the_same_queries_for_5_or_50_objects(api_as, viewer, org):
    client = api_as(viewer)
    _add(org, 0, 5)
    small = {path: _queries(client, path, 5) for path in ENDPOINTS}
    _add(org, 5, 50)
    large = {path: _queries(client, path, 50) for path in ENDPOINTS}
    assert large == small
    assert max(large.values()) <= 6, large


def test_deadline_list_of_50_stays_under_its_ceiling(
    api_as, viewer, org, django_assert_max_num_queries
):
    _add(org, 0, 50)
    client = api_as(viewer)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/deadlines/", {"page_size": 500})
    assert len(response.json()["results"]) == 200
