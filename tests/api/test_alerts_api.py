"""Alerts over the API: each organisation reads its own; all but viewers acknowledge them."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from deadlines.models import Deadline
from notifications import policy as pure, scanner
from notifications.models import Alert, AlertKind
from notifications.services import alert_acknowledge
from tests.factories import member

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def responsible(org):
    return member(Role.PARALEGAL, org, username="rita", email="rita@example.com")


def _deadline(org, *, rule="patent_annuity", due_date=dt.date(2026, 12, 1), who=None):
    n = next(_serial)
    return Deadline.objects.create(
        organisation=org,
        subject_key=f"test:{n}",
        rule=rule,
        cycle=0,
        title=f"Deadline {n}",
        due_date=due_date,
        act_by=due_date,
        explanation=f"Counted for test deadline {n}.",
        responsible=who,
        next_alert_at=pure.first_alert_at(
            due_date=due_date, rule_id=rule, policy=pure.DEFAULT_POLICY, now=NOW, entered_at=NOW
        ),
    )


def _alert(org, recipient, *, deadline=None, stage="d-7", **fields):
    return Alert.objects.create(
        organisation=org,
        deadline=deadline if deadline is not None else _deadline(org),
        recipient=recipient,
        stage=stage,
        next_attempt_at=NOW,
        **fields,
    )


@pytest.fixture
def notice_alerts(org, responsible, manager, counsel):
    """A customs-notice deadline scanned once: critical alerts waiting to escalate (4 hours)."""
    deadline = _deadline(
        org, rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), who=responsible
    )
    scanner.scan()
    alerts = Alert.objects.filter(deadline=deadline)
    assert {a.recipient.username for a in alerts} == {"rita", "manager"}
    assert all(a.critical and a.escalate_at is not None for a in alerts)
    return alerts


def _escalations():
    return Alert.objects.filter(kind=AlertKind.ESCALATION)


# --- reading -------------------------------------------------------------------------------------


def test_list_shows_only_own_organisations_alerts(api_as, manager, outsider, org, other_org):
    mine = _alert(org, manager)
    _alert(other_org, outsider)

    body = api_as(manager).get("/api/v1/alerts/").json()

    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == mine.pk
    assert row["deadline"] == mine.deadline_id
    assert row["deadline_title"] == mine.deadline.title
    assert row["deadline_due_date"] == "2026-12-01"
    assert row["rule"] == "patent_annuity"
    assert (row["recipient"], row["recipient_username"]) == (manager.pk, "manager")
    assert (row["kind"], row["stage"], row["state"]) == ("reminder", "d-7", "pending")
    assert (row["acknowledged_at"], row["acknowledged_by"]) == (None, None)


def test_outsider_sees_none_of_demo_cos_alerts(api_as, manager, outsider, org):
    alert = _alert(org, manager)
    client = api_as(outsider)

    assert client.get("/api/v1/alerts/").json()["count"] == 0
    assert client.get(f"/api/v1/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_viewer_reads_an_alert(api_as, viewer, manager, org):
    alert = _alert(org, manager)
    response = api_as(viewer).get(f"/api/v1/alerts/{alert.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == alert.pk


def test_digest_alert_has_no_deadline_fields(api_as, manager, org):
    digest = Alert.objects.create(
        organisation=org,
        recipient=manager,
        kind=AlertKind.DIGEST,
        stage="digest-2026-11-24",
        next_attempt_at=NOW,
    )
    body = api_as(manager).get(f"/api/v1/alerts/{digest.pk}/").json()
    assert body["kind"] == "digest"
    assert [body[f] for f in ("deadline", "deadline_title", "deadline_due_date", "rule")] == [
        None
    ] * 4


def test_filter_acknowledged_false_lists_only_unacknowledged(api_as, manager, org):
    done = _alert(org, manager, acknowledged_at=NOW, acknowledged_by=manager)
    waiting = _alert(org, manager)
    client = api_as(manager)

    open_ids = [r["id"] for r in client.get("/api/v1/alerts/?acknowledged=false").json()["results"]]
    done_ids = [r["id"] for r in client.get("/api/v1/alerts/?acknowledged=true").json()["results"]]

    assert open_ids == [waiting.pk]
    assert done_ids == [done.pk]


def test_filters_by_state_kind_critical_and_recipient(api_as, manager, responsible, org):
    failed = _alert(org, responsible, state="failed", critical=True)
    _alert(org, manager)
    client = api_as(manager)

    def ids(query):
        return [r["id"] for r in client.get(f"/api/v1/alerts/?{query}").json()["results"]]

    assert ids("state=failed") == [failed.pk]
    assert ids("critical=true") == [failed.pk]
    assert ids(f"recipient={responsible.pk}") == [failed.pk]
    assert ids(f"deadline={failed.deadline_id}") == [failed.pk]
    assert ids("kind=escalation") == []


def test_alerts_are_read_only(api_as, counsel, manager, org):
    alert = _alert(org, manager)
    client = api_as(counsel)
    assert client.post("/api/v1/alerts/", {}, format="json").status_code == 405
    assert (
        client.patch(f"/api/v1/alerts/{alert.pk}/", {"stage": "x"}, format="json").status_code
        == 405
    )
    assert client.delete(f"/api/v1/alerts/{alert.pk}/").status_code == 405
    assert Alert.objects.filter(pk=alert.pk, stage="d-7").exists()


# --- acknowledging -------------------------------------------------------------------------------


def test_manager_acknowledges_and_the_escalation_does_not_happen(
    api_as, manager, notice_alerts, frozen
):
    alert = notice_alerts.get(recipient=manager)

    response = api_as(manager).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["acknowledged_by"] == manager.pk
    assert dt.datetime.fromisoformat(body["acknowledged_at"]) == NOW
    alert.refresh_from_db()
    assert (alert.acknowledged_at, alert.acknowledged_by) == (NOW, manager)
    assert alert.escalate_at is None

    frozen.move_to(NOW + dt.timedelta(hours=5))
    result = scanner.scan()

    assert result.escalations == 0
    assert not _escalations().exists()


def test_viewer_cannot_acknowledge_and_the_alert_still_escalates(
    api_as, viewer, manager, notice_alerts, frozen
):
    alert = notice_alerts.get(recipient=manager)

    response = api_as(viewer).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")

    assert response.status_code == 403
    alert.refresh_from_db()
    assert (alert.acknowledged_at, alert.acknowledged_by) == (None, None)
    frozen.move_to(NOW + dt.timedelta(hours=5))
    scanner.scan()
    assert _escalations().exists()


@pytest.mark.parametrize("role", [Role.COUNSEL, Role.PARALEGAL])
def test_counsel_and_paralegals_acknowledge_too(api_as, org, manager, role):
    person = member(role, org, username=f"ack-{role}")
    alert = _alert(org, manager)
    response = api_as(person).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == person.pk


def test_acknowledging_twice_keeps_the_first_acknowledgement(api_as, manager, counsel, org, frozen):
    alert = _alert(org, manager)
    first = api_as(manager).post(f"/api/v1/alerts/{alert.pk}/acknowledge/").json()

    frozen.move_to(NOW + dt.timedelta(hours=1))
    second = api_as(counsel).post(f"/api/v1/alerts/{alert.pk}/acknowledge/")

    assert second.status_code == 200
    assert second.json()["acknowledged_at"] == first["acknowledged_at"]
    assert second.json()["acknowledged_by"] == manager.pk
    alert.refresh_from_db()
    assert (alert.acknowledged_at, alert.acknowledged_by) == (NOW, manager)


def test_malformed_or_missing_alert_id_is_404(api_as, manager):
    client = api_as(manager)
    assert client.get("/api/v1/alerts/abc/").status_code == 404
    assert client.post("/api/v1/alerts/999999/acknowledge/").status_code == 404
    assert client.post(f"/api/v1/alerts/{2**64}/acknowledge/").status_code == 404


def test_service_refuses_an_acknowledgement_from_another_organisation(manager, outsider, org):
    alert = _alert(org, manager)
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alert, by=outsider)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_unauthenticated_request_is_401(client, manager, org):
    alert = _alert(org, manager)
    assert client.get("/api/v1/alerts/").status_code == 401
    assert client.post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 401


# --- query count ---------------------------------------------------------------------------------


def _add_alerts(org, recipients, count):
    for n in range(count):
        who = recipients[n % len(recipients)]
        _alert(
            org, who, acknowledged_at=NOW if n % 2 else None, acknowledged_by=who if n % 2 else None
        )


def test_list_runs_the_same_queries_for_5_or_30_alerts(
    api_as, manager, responsible, org, django_assert_max_num_queries
):
    client = api_as(manager)
    _add_alerts(org, [manager, responsible], 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/alerts/").json()["count"] == 5

    _add_alerts(org, [manager, responsible], 25)
    with django_assert_max_num_queries(len(small)):
        body = client.get("/api/v1/alerts/").json()

    assert body["count"] == 30
    assert len(body["results"]) == 30
    assert {r["recipient_username"] for r in body["results"]} == {"manager", "rita"}
