"""Concurrent POSTs with the same external_id (item 15 of issue 8): one record, one 201, and
200 with that record for every other caller; never a 400 or a 500.

Real threads on PostgreSQL, each with its own connection and transaction. A barrier in front of
the service makes every request pass the "does this external_id exist?" look-up before any
commits, so the race is forced, not hoped for.
"""

import threading

import pytest
from django.db import connection, connections

from customs import services as customs_services
from customs.models import CustomsNotice, Recordal
from rights import services as rights_services
from rights.models import Right

from .conftest import token_client
from .test_validation import NOTICE as VALID_NOTICE, PATENT as VALID_PATENT

pytestmark = pytest.mark.django_db(transaction=True)

PATENT = {**VALID_PATENT, "external_id": "erp-race"}
NOTICE = {**VALID_NOTICE, "external_id": "notice-race"}


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent creates are a PostgreSQL test")


def _race(monkeypatch, module, name, user, path, payload, callers=2):
    barrier = threading.Barrier(callers, timeout=30)
    service = getattr(module, name)

    def after_everyone_looked(**kwargs):
        barrier.wait()
        return service(**kwargs)

    monkeypatch.setattr(module, name, after_everyone_looked)
    responses, errors = [], []

    def post():
        try:
            responses.append(token_client(user).post(path, payload, format="json"))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


def _assert_one_created_and_returned(responses, model, external_id):
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * (len(responses) - 1) + [201], [r.content for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert model.objects.filter(external_id=external_id).count() == 1


@pytest.mark.parametrize("callers", [2, 4])
def test_concurrent_right_posts_create_one_and_return_it(monkeypatch, paralegal, callers):
    responses = _race(
        monkeypatch,
        rights_services,
        "right_create",
        paralegal,
        "/api/v1/rights/",
        PATENT,
        callers,
    )
    _assert_one_created_and_returned(responses, Right, "erp-race")


def test_concurrent_recordal_posts_create_one_and_return_it(monkeypatch, paralegal, demo):
    payload = {
        "right": demo["right"].pk,
        "applied_on": "2024-01-05",
        "recordal_number": "P2024-race",
        "external_id": "recordal-race",
    }
    responses = _race(
        monkeypatch,
        customs_services,
        "recordal_register",
        paralegal,
        "/api/v1/recordals/",
        payload,
    )
    _assert_one_created_and_returned(responses, Recordal, "recordal-race")


def test_concurrent_notice_posts_create_one_and_return_it(monkeypatch, paralegal, demo):
    payload = {"recordal": demo["recordal"].pk, **NOTICE}
    responses = _race(
        monkeypatch,
        customs_services,
        "customs_notice_register",
        paralegal,
        "/api/v1/customs-notices/",
        payload,
    )
    _assert_one_created_and_returned(responses, CustomsNotice, "notice-race")
