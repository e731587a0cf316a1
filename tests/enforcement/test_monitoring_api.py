"""Monitoring over the API: plans and sweeps, scoped, with query ceilings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement import monitoring
from enforcement.models import MonitoringPlan, PlatformComplaint, Sweep
from tests.api.conftest import token_client as api_client
from tests.factories import RightFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_clock")  # Tue 2026-11-24


def test_counsel_plans_a_sweep_logs_it_and_drafts_a_complaint(counsel, right):
    client = api_client(counsel)
    response = client.post(
        "/api/v1/monitoring-plans/",
        {"right": right.pk, "platform": "taobao", "interval_days": 14, "started_on": "2026-11-20"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["next_sweep_due"] == "2026-12-04" and plan["sweeps"] == 0
    response = client.post(
        "/api/v1/monitoring-sweeps/",
        {
            "plan": plan["id"],
            "swept_on": "2026-11-24",
            "searched": "折叠锁 lock",
            "listings": ["https://item.taobao.com/item.htm?id=9001"],
            "draft_complaint": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    sweep = response.json()
    assert sweep["listings_found"] == 1 and sweep["complaint"]
    assert PlatformComplaint.objects.get().status == "draft"
    plan = client.get(f"/api/v1/monitoring-plans/{plan['id']}/").json()
    assert plan["next_sweep_due"] == "2026-12-08" and plan["sweeps"] == 1
    due = client.get("/api/v1/deadlines/", {"monitoring_plan": plan["id"], "status": "open"})
    assert [d["due_date"] for d in due.json()["results"]] == ["2026-12-08"]
    assert due.json()["results"][0]["subject"]["type"] == "monitoring_plan"
    assert client.get("/api/v1/monitoring-sweeps/", {"plan": plan["id"]}).json()["count"] == 1


def test_bad_input_is_a_400_and_nothing_is_saved(counsel, right):
    client = api_client(counsel)
    response = client.post(
        "/api/v1/monitoring-plans/",
        {"right": right.pk, "platform": "ebay", "interval_days": 0, "started_on": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert {"platform", "interval_days", "started_on"} <= set(response.json())
    plan = monitoring.monitoring_plan_create(
        organisation=right.organisation,
        actor=counsel,
        right=right,
        platform="jd",
        started_on=D(2026, 11, 2),
    )
    response = client.post(
        "/api/v1/monitoring-sweeps/",
        {"plan": plan.pk, "swept_on": "2026-10-01", "searched": "x"},
        format="json",
    )
    assert response.status_code == 400 and "swept_on" in response.json()
    assert not Sweep.objects.exists()


def test_the_outsider_and_the_viewer(org, counsel, viewer, outsider, right):
    plan = monitoring.monitoring_plan_create(
        organisation=org, actor=counsel, right=right, platform="jd", started_on=D(2026, 11, 2)
    )
    monitoring.sweep_log(plan=plan, swept_on=D(2026, 11, 3), searched="x", actor=counsel)
    stranger = api_client(outsider)
    assert stranger.get("/api/v1/monitoring-plans/").json()["count"] == 0
    assert stranger.get("/api/v1/monitoring-sweeps/").json()["count"] == 0
    assert stranger.get(f"/api/v1/monitoring-plans/{plan.pk}/").status_code == 404
    response = stranger.patch(f"/api/v1/monitoring-plans/{plan.pk}/", {"active": False})
    assert response.status_code == 404
    response = stranger.post(
        "/api/v1/monitoring-sweeps/",
        {"plan": plan.pk, "swept_on": "2026-11-20", "searched": "x"},
        format="json",
    )
    assert response.status_code == 400 and "plan" in response.json()
    response = stranger.post(
        "/api/v1/monitoring-plans/",
        {"right": right.pk, "platform": "jd", "started_on": "2026-11-02"},
        format="json",
    )
    assert response.status_code == 400 and "right" in response.json()
    reader = api_client(viewer)
    assert reader.get("/api/v1/monitoring-plans/").json()["count"] == 1
    response = reader.patch(f"/api/v1/monitoring-plans/{plan.pk}/", {"active": False})
    assert response.status_code == 403
    assert MonitoringPlan.objects.get().active


def _plans(org, counsel, start, stop):
    for n in range(start, stop):
        plan = monitoring.monitoring_plan_create(
            organisation=org,
            actor=counsel,
            right=RightFactory(organisation=org, granted=True),
            platform="jd",
            started_on=D(2026, 11, 2),
        )
        monitoring.sweep_log(plan=plan, swept_on=D(2026, 11, 3), searched=f"{n}", actor=counsel)


def test_list_endpoints_run_the_same_queries_for_3_or_12(org, counsel, viewer):
    client = api_client(viewer)

    def count():
        result = []
        for path in ("monitoring-plans", "monitoring-sweeps"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"/api/v1/{path}/", {"page_size": 500}).status_code == 200
            result.append(len(captured))
        return result

    _plans(org, counsel, 0, 3)
    small = count()
    _plans(org, counsel, 3, 12)
    assert count() == small and max(small) <= 6, small
