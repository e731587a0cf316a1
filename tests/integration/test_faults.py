"""Faults (issue 14), each checking itself on real parts: a Redis of the test's own, gunicorn,
a Celery worker and beat as processes, PostgreSQL, aiosmtpd and a webhook receiver on loopback.

- the mail server down: alerts are retried with backoff, none lost, the failure visible on the
  dashboard while it lasts; when it is back every alert arrives once;
- the worker killed in the middle of a batch of webhook deliveries: a new worker finishes after
  the sweep frees the dead worker's lease, and no delivery is accepted twice.

(The Redis outage is tests/integration/test_broker_outage.py; the worker killed in the middle of
an email batch is tests/integration/test_alerts.py.)
"""

import datetime as dt
import os
import signal
import time

import pytest
from django.db import connection

from accounts.models import Role
from deadlines.models import Deadline
from notifications.models import Alert, AlertState
from tests.factories import OrganisationFactory, member
from tests.integration.conftest import unavailable
from tests.integration.outage import OwnRedis, Receiver, Stack, session_for, wait_until
from tests.notifications.conftest import SmtpServer
from webhooks.models import Delivery, DeliveryStatus, Endpoint

pytestmark = [pytest.mark.integration, pytest.mark.smtp]

# bench/faults.sh runs with FAULT_SMTP_SECONDS=60; CI keeps it short.
SMTP_DOWN_SECONDS = float(os.environ.get("FAULT_SMTP_SECONDS", "4"))


@pytest.fixture
def parts(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "a web server, a worker, beat and the test write at once: PostgreSQL only (the "
            "SQLite fallback is for one process at a time)"
        )
    redis = OwnRedis()
    if not redis.binary:
        unavailable("no redis-server binary for a Redis of the test's own")
    smtp, receiver = SmtpServer(), Receiver()
    redis.start()
    smtp.start()
    stack = Stack(
        db_name=str(connection.settings_dict["NAME"]),
        redis=redis,
        smtp_port=smtp.port,
        log_dir=tmp_path,
    )
    try:
        yield smtp, receiver, stack
    finally:
        stack.stop()
        redis.stop()
        smtp.stop()
        receiver.close()


@pytest.fixture
def team(transactional_db):
    org = OrganisationFactory(name="Fault Co.", slug="fault-co")
    owner = member(Role.PARALEGAL, org, username="owner", email="owner@example.com")
    boss = member(Role.MANAGER, org, username="boss", email="boss@example.com")
    return org, owner, boss


def due_now(org, owner, count: int) -> None:
    now = dt.datetime.now(dt.UTC)
    Deadline.objects.bulk_create(
        Deadline(
            organisation=org,
            subject_key=f"fault:{i}",
            rule="patent_annuity",
            title=f"Fault {i}",
            due_date=now.date() + dt.timedelta(days=5),
            act_by=now.date() + dt.timedelta(days=4),
            explanation="x",
            responsible=owner,
            next_alert_at=now - dt.timedelta(minutes=1),
        )
        for i in range(count)
    )


def test_smtp_down_alerts_retried_none_lost_failure_on_the_dashboard(parts, team):
    smtp, _receiver, stack = parts
    org, owner, boss = team
    smtp.stop()
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    due_now(org, owner, 5)  # beat's scan (every second here) makes 10 alerts

    def retried() -> bool:
        return Alert.objects.filter(state=AlertState.PENDING, attempts__gte=2).exists()

    wait_until(retried, timeout=60, what="a second attempt", log=stack.logs)
    status, page = stack.page("/", session=session_for(boss))
    assert status == 200
    assert "waiting to be sent again after an error." in page
    assert "Connection refused" in page  # the latest error, on the dashboard
    time.sleep(max(0.0, SMTP_DOWN_SECONDS - 2))
    assert not Alert.objects.filter(state=AlertState.SENT).exists()
    assert Alert.objects.count() == 10

    smtp.start()  # the same port: the configured server is back

    wait_until(
        lambda: Alert.objects.filter(state=AlertState.SENT).count() == 10,
        timeout=120,  # the backoff doubles from 1 s; the sweep picks up what is due
        what="10 alerts sent",
        log=stack.logs,
    )
    time.sleep(3)
    message_ids = [m["Message-ID"] for _, m in smtp.inbox.messages]
    assert sorted(message_ids) == sorted(
        f"<alert-{pk}@iptracker>" for pk in Alert.objects.values_list("pk", flat=True)
    )
    assert "waiting to be sent again" not in stack.page("/", session=session_for(boss))[1]


def test_worker_killed_mid_webhook_batch_nothing_accepted_twice(parts, team):
    _smtp, receiver, stack = parts
    org, _owner, _boss = team
    endpoint = Endpoint.objects.create(organisation=org, url=receiver.url, secret="s" * 32)
    Delivery.objects.bulk_create(
        Delivery(endpoint=endpoint, event="deadline.changed", payload={"n": i}) for i in range(60)
    )
    worker = stack.start_worker()
    killed = []

    def kill_at_25(accepted: int):
        # The worker dies while waiting for the answer to delivery 26, which is not accepted:
        # the crash falls between two stamped deliveries (a receiver that accepted a request
        # whose answer never reached the worker would see it again: at least once, by design).
        if accepted == 25 and not killed:
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.wait(timeout=10)
            killed.append(True)
            return 503
        return None

    receiver.on_request = kill_at_25
    stack.start_beat()  # the sweep asks for delivery
    wait_until(lambda: bool(killed), timeout=60, what="the kill", log=stack.logs)
    receiver.on_request = None
    assert len(receiver.deliveries) == 25
    assert Delivery.objects.filter(status=DeliveryStatus.SENDING).exists()  # the dead claim

    stack.start_worker()  # a new worker; the sweep frees the claim once its lease (5 s) ends
    wait_until(
        lambda: Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 60,
        timeout=90,
        what="60 deliveries",
        log=stack.logs,
    )
    time.sleep(3)
    assert len(receiver.deliveries) == 60
    assert len(set(receiver.deliveries)) == 60  # none accepted twice
