"""Monitoring by hand: a due sweep is a deadline; a sweep's findings become a draft complaint."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from calendars.workdays import WorkdayCalendar
from deadlines.engine import deadlines_for_monitoring
from deadlines.facts import MonitoringFacts
from deadlines.models import Deadline
from enforcement import monitoring
from enforcement.models import PlatformComplaint

D = dt.date
CAL = WorkdayCalendar()
TODAY = time_machine.travel(dt.datetime(2025, 9, 1, 4, tzinfo=dt.UTC), tick=False)


def test_engine_next_sweep_is_the_interval_after_the_last_one():
    # Started Mon 2025-09-01, every 14 days: sweep 1 due Mon 09-15 (a fixed internal date).
    (first,) = deadlines_for_monitoring(MonitoringFacts(1, D(2025, 9, 1), 14), CAL)
    assert (first.due, first.cycle) == (D(2025, 9, 15), 1)
    # Swept Thu 09-11: sweep 2 due Thu 09-25.
    (second,) = deadlines_for_monitoring(
        MonitoringFacts(1, D(2025, 9, 1), 14, sweeps=1, last_swept_on=D(2025, 9, 11)), CAL
    )
    assert (second.due, second.cycle) == (D(2025, 9, 25), 2)
    assert deadlines_for_monitoring(MonitoringFacts(1, D(2025, 9, 1), 14, active=False), CAL) == []


@TODAY
def test_a_sweep_closes_the_due_sweep_and_opens_the_next(org, counsel, right):
    plan = monitoring.monitoring_plan_create(
        organisation=org,
        actor=counsel,
        right=right,
        platform="pinduoduo",
        interval_days=14,
        started_on=D(2025, 9, 1),
    )
    assert plan.next_sweep_due == D(2025, 9, 15)
    monitoring.sweep_log(plan=plan, actor=counsel, swept_on=D(2025, 9, 11), searched="折叠锁")
    plan.refresh_from_db()
    assert plan.next_sweep_due == D(2025, 9, 25)
    rows = dict(plan.deadlines.values_list("cycle", "status"))
    assert rows == {1: "done", 2: "open"}


@TODAY
def test_a_finding_becomes_a_draft_complaint_in_one_step(org, counsel, right):
    plan = monitoring.monitoring_plan_create(
        organisation=org,
        actor=counsel,
        right=right,
        platform="jd",
        interval_days=30,
        started_on=D(2025, 9, 1),
    )
    sweep = monitoring.sweep_log(
        plan=plan,
        actor=counsel,
        swept_on=D(2025, 9, 2),
        searched="folding lock",
        listings=["https://item.jd.com/1.html", "https://item.jd.com/2.html"],
        draft_complaint=True,
    )
    complaint = PlatformComplaint.objects.get()
    assert sweep.complaint == complaint and sweep.listings_found == 2
    assert (complaint.status, complaint.platform, complaint.right) == ("draft", "jd", right)
    assert complaint.listings.count() == 2


@TODAY
def test_a_bad_sweep_changes_nothing(org, counsel, right):
    plan = monitoring.monitoring_plan_create(
        organisation=org,
        actor=counsel,
        right=right,
        platform="jd",
        interval_days=30,
        started_on=D(2025, 9, 1),
    )
    with pytest.raises(ValidationError) as exc:
        monitoring.sweep_log(
            plan=plan,
            actor=counsel,
            swept_on=D(2025, 8, 1),
            searched="x",
            listings=["https://item.taobao.com/item.htm?id=1"],
            draft_complaint=True,
        )
    assert "swept_on" in exc.value.message_dict
    assert not plan.sweeps.exists() and not PlatformComplaint.objects.exists()
    assert Deadline.objects.get(rule="monitoring_sweep_due").cycle == 1


@TODAY
def test_monitoring_pages(client, counsel, outsider, right):
    client.force_login(counsel)
    response = client.post(
        reverse("enforcement:monitoring-list"),
        {"right": right.pk, "platform": "douyin", "interval_days": 7, "started_on": "2025-09-01"},
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Mon 2025-09-08" in page  # 7 days after Mon 09-01
    response = client.post(
        response.url,
        {
            "swept_on": "2025-09-01",
            "searched": "lock",
            "listings": "https://www.douyin.com/video/1",
            "draft_complaint": "on",
        },
    )
    complaint = PlatformComplaint.objects.get()
    assert response.status_code == 302 and response.url == complaint.get_absolute_url()
    client.force_login(outsider)
    plan_url = reverse("enforcement:monitoring-detail", args=[complaint.sweeps.get().plan_id])
    assert client.get(plan_url).status_code == 404
