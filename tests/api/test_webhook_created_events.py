"""`deadline.created` events of a bulk import: built after the commit from the committed rows,
one delivery per created deadline and subscribed endpoint, none (not even built) without one."""

import datetime as dt
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.models import Deadline
from rights.services import rights_import
from tests.factories import cn_patent_number
from webhooks import services as webhook_services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/hook"


def grants(count: int) -> list[tuple[int, dict]]:
    return [
        (
            n + 2,
            {
                "kind": "invention",
                "jurisdiction": "CN",
                "application_number": cn_patent_number(2020, 1, n + 1),
                "title": f"Hinge {n + 1}",
                "owner": "Demo Co. Ltd",
                "status": "granted",
                "filing_date": dt.date(2020, 5, 6),
                "grant_date": dt.date(2023, 2, 7),
            },
        )
        for n in range(count)
    ]


def test_an_import_with_a_subscriber_writes_one_delivery_per_created_deadline(
    org, other_org, paralegal, django_capture_on_commit_callbacks, monkeypatch
):
    created = Endpoint.objects.create(organisation=org, url=URL, event_types=["deadline.created"])
    every = Endpoint.objects.create(organisation=org, url=URL, event_types=[])
    missed_only = Endpoint.objects.create(
        organisation=org, url=URL, event_types=["deadline.missed"]
    )
    Endpoint.objects.create(organisation=org, url=URL, active=False)
    Endpoint.objects.create(organisation=other_org, url=URL)
    monkeypatch.setattr(webhook_services, "CREATED_CHUNK", 3)  # several read-back chunks
    with django_capture_on_commit_callbacks(execute=True):
        rights_import(organisation=org, rows=grants(5), actor=paralegal, chunk=2)
    deadlines = {d.pk: d for d in Deadline.objects.all()}
    assert len(deadlines) > 5
    for endpoint in (created, every):
        deliveries = list(Delivery.objects.filter(endpoint=endpoint))
        ids = [d.payload["data"]["id"] for d in deliveries]
        assert sorted(ids) == sorted(deadlines)  # each created deadline exactly once
        assert {d.event for d in deliveries} == {"deadline.created"}
    assert Delivery.objects.count() == 2 * len(deadlines)
    assert not Delivery.objects.filter(endpoint=missed_only).exists()
    delivery = Delivery.objects.filter(endpoint=created).first()
    deadline = deadlines[delivery.payload["data"]["id"]]
    expected = json.loads(
        json.dumps(webhook_services.deadline_payload(deadline), cls=DjangoJSONEncoder)
    )
    assert delivery.payload == {
        "event": "deadline.created",
        "organisation": org.pk,
        "data": expected,
    }
    assert expected["explanation"] and expected["right"] == deadline.right_id


def test_an_import_without_a_subscriber_builds_no_created_payload(
    org, paralegal, django_capture_on_commit_callbacks
):
    Endpoint.objects.create(organisation=org, url=URL, event_types=["deadline.missed"])
    Endpoint.objects.create(organisation=org, url=URL, active=False)
    with django_capture_on_commit_callbacks() as callbacks:
        rights_import(organisation=org, rows=grants(3), actor=paralegal)
    assert Deadline.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert not Delivery.objects.exists()
    # The endpoints are read; no deadline row is read back to build a payload.
    assert queries.captured_queries
    assert not any("deadlines_deadline" in q["sql"] for q in queries.captured_queries)


def test_a_deadline_deleted_before_the_commit_has_no_created_event(
    org, paralegal, django_capture_on_commit_callbacks
):
    endpoint = Endpoint.objects.create(organisation=org, url=URL)
    with django_capture_on_commit_callbacks() as callbacks:
        rights_import(organisation=org, rows=grants(2), actor=paralegal)
        gone = Deadline.objects.order_by("id").first()
        gone.delete()
    for callback in callbacks:
        callback()
    ids = sorted(d.payload["data"]["id"] for d in Delivery.objects.filter(endpoint=endpoint))
    assert ids == sorted(Deadline.objects.values_list("id", flat=True))
    assert gone.pk not in ids
