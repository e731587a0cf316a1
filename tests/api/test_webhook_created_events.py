"""`deadline.created` events of a bulk import: written in the import's transaction, one
delivery per created deadline and subscribed endpoint, built a chunk at a time; none without a
subscriber."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
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
    org, other_org, paralegal, monkeypatch
):
    created = Endpoint.objects.create(organisation=org, url=URL, event_types=["deadline.created"])
    every = Endpoint.objects.create(organisation=org, url=URL, event_types=[])
    missed_only = Endpoint.objects.create(
        organisation=org, url=URL, event_types=["deadline.missed"]
    )
    Endpoint.objects.create(organisation=org, url=URL, active=False)
    Endpoint.objects.create(organisation=other_org, url=URL)
    monkeypatch.setattr(webhook_services, "CREATED_CHUNK", 3)  # several chunks per import chunk
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


def test_an_import_without_a_subscriber_writes_no_delivery(org, paralegal):
    Endpoint.objects.create(organisation=org, url=URL, event_types=["deadline.missed"])
    Endpoint.objects.create(organisation=org, url=URL, active=False)
    with CaptureQueriesContext(connection) as queries:
        rights_import(organisation=org, rows=grants(3), actor=paralegal, chunk=2)
    assert Deadline.objects.exists()
    assert not Delivery.objects.exists()
    assert not any("webhooks_delivery" in q["sql"] for q in queries.captured_queries)


def test_a_refused_import_leaves_no_delivery(org, paralegal):
    Endpoint.objects.create(organisation=org, url=URL)
    rows = grants(3)
    rows.append(
        (
            9,
            {
                **rows[0][1],
                "application_number": cn_patent_number(2020, 1, 99),
                "grant_date": dt.date(2019, 1, 1),
            },
        )
    )
    with pytest.raises(ValidationError):
        rights_import(organisation=org, rows=rows, actor=paralegal, chunk=2)
    assert not Deadline.objects.exists() and not Delivery.objects.exists()
