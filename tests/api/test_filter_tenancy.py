"""Filters never reveal another organisation: no choice lists over its rows, and its ids behave
exactly like ids that do not exist (item 10 of issue 8)."""

import django_filters
import pytest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.test import APIRequestFactory

from iptracker.api_urls import router
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

MODEL_CHOICE_FILTERS = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)


@pytest.mark.parametrize(("prefix", "viewset"), [(p, v) for p, v, _ in router.registry])
def test_no_filter_offers_a_choice_list_of_rows(counsel, prefix, viewset):
    """A ModelChoiceFilter lists (and validates against) a queryset built without the request's
    organisation; every filter on a related row is a plain id instead."""
    request = APIRequestFactory().get(f"/api/v1/{prefix}/")
    request.user = counsel
    view = viewset(request=request, kwargs={}, format_kwarg=None, action="list")
    filterset_class = DjangoFilterBackend().get_filterset_class(view, view.get_queryset())
    filters = filterset_class.base_filters if filterset_class else {}
    offending = [name for name, f in filters.items() if isinstance(f, MODEL_CHOICE_FILTERS)]
    assert offending == [], f"{prefix}: {offending} list rows of every organisation"


@pytest.fixture
def endpoints(org, other_org):
    return {
        "demo": Endpoint.objects.create(
            organisation=org, url="https://secret-receiver.example.net/demo"
        ),
        "other": Endpoint.objects.create(
            organisation=other_org, url="https://hooks.example.com/other"
        ),
    }


@pytest.mark.parametrize("path", ["priority-claims", "webhook-deliveries"])
def test_browsable_filter_form_shows_no_other_organisation_rows(
    api_as, outsider, demo, other, endpoints, path
):
    response = api_as(outsider).get(f"/api/v1/{path}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filters" in page  # the filter form is rendered
    assert demo["right"].title not in page
    assert "secret-receiver.example.net" not in page


ID_FILTERS = [
    ("priority-claims", "right", "right"),
    ("recordals", "right", "right"),
    ("recordal-parties", "recordal", "recordal"),
    ("customs-notices", "recordal", "recordal"),
    ("deadlines", "right", "right"),
    ("deadlines", "recordal", "recordal"),
    ("deadlines", "customs_notice", "notice"),
    ("alerts", "deadline", "deadline"),
    ("webhook-deliveries", "endpoint", "endpoint"),
]


@pytest.mark.parametrize(("path", "param", "key"), ID_FILTERS)
def test_another_organisations_id_answers_like_a_missing_one(
    api_as, outsider, demo, other, endpoints, path, param, key
):
    ids = {
        **{k: v.pk for k, v in demo.items() if v is not None},
        "endpoint": endpoints["demo"].pk,
    }
    missing = 10**9
    client = api_as(outsider)
    demo_co = client.get(f"/api/v1/{path}/", {param: ids[key]})
    nowhere = client.get(f"/api/v1/{path}/", {param: missing})
    assert (demo_co.status_code, demo_co.json()) == (nowhere.status_code, nowhere.json())
    assert demo_co.status_code == 200
    assert demo_co.json()["count"] == 0


def test_alert_recipient_filter_with_a_demo_co_user_answers_like_a_missing_one(
    api_as, counsel, outsider, demo
):
    client = api_as(outsider)
    demo_co = client.get("/api/v1/alerts/", {"recipient": counsel.pk})
    nowhere = client.get("/api/v1/alerts/", {"recipient": 10**9})
    assert (demo_co.status_code, demo_co.json()) == (nowhere.status_code, nowhere.json())


@pytest.mark.parametrize("value", ["1.5", "abc", "1e400"])
def test_an_id_filter_takes_whole_numbers_only(api_as, outsider, value):
    response = api_as(outsider).get("/api/v1/deadlines/", {"right": value})
    assert response.status_code == 400
    assert "right" in response.json()


@pytest.mark.parametrize("value", [str(10**30), "-1", "0"])
def test_an_id_beyond_any_row_matches_nothing(api_as, outsider, other, value):
    response = api_as(outsider).get("/api/v1/deadlines/", {"right": value})
    assert (response.status_code, response.json()["count"]) == (200, 0)
