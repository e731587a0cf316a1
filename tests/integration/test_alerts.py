"""Alerts end to end: Redis, a real Celery worker process, PostgreSQL and a local SMTP server.

Covers: a task-triggered scan (as beat sends it) all the way to the SMTP server; a worker killed
with SIGKILL in the middle of a 500-alert batch (the sweeper frees its lease, a new worker
finishes: every alert arrives exactly once); two scans at the same time; the SMTP server down,
then back (nothing lost).

Uses the shared `redis_url` fixture of tests/integration/conftest.py, but its own worker: the
shared worker runs the locmem email backend and one worker per module, and these tests need the
SMTP backend, short leases and a worker they can kill and replace.
"""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection, connections

from accounts.models import Role
from deadlines.models import Deadline
from notifications import scanner
from notifications.models import Alert, AlertState
from tests.factories import OrganisationFactory, member
from tests.integration.conftest import _in_memory_sqlite
from tests.notifications.conftest import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.smtp]

REPO_ROOT = Path(__file__).parents[2]
LEASE_SECONDS = 3


class AlertWorker:
    def __init__(self, *, redis_url, db_name, smtp_port, queue, log_dir):
        self.redis_url, self.db_name, self.smtp_port = redis_url, db_name, smtp_port
        self.queue, self.log_dir = queue, log_dir
        self.client = Celery("alerts-test-client", broker=redis_url, set_as_current=False)
        self.client.conf.broker_connection_retry_on_startup = True
        self.process = None
        self.node = None
        self.log_path = None

    def environment(self) -> dict:
        """What the worker (and a beat started beside it) run with."""
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "CELERY_WORKER_DB_NAME": self.db_name,
            "REDIS_URL": self.redis_url,
            "ALERT_SMTP_PORT": str(self.smtp_port),
            "ALERT_LEASE_SECONDS": str(LEASE_SECONDS),
            "ALERT_RETRY_BASE_SECONDS": "1",
            "ALERT_QUEUE": self.queue,
            "CONN_MAX_AGE": "0",
        }

    def start(self):
        name = f"alerts-{uuid.uuid4().hex[:8]}"
        self.node = f"{name}@{socket.gethostname()}"
        self.log_path = self.log_dir / f"{name}.log"
        env = self.environment()
        command = [
            sys.executable, "-m", "celery", "-A", "iptracker", "worker", "--pool=solo",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"{name}@%h", "-Q", self.queue, "--loglevel=INFO",
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 30
        while not self.client.control.ping(destination=[self.node], timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the alert worker did not start:\n{self.log()}")

    def send(self, task, **kwargs):
        return self.client.send_task(f"notifications.tasks.{task}", kwargs=kwargs, queue=self.queue)

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""


@pytest.fixture(scope="module")
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def alert_worker(django_db_setup, redis_url, smtp, tmp_path_factory):
    if _in_memory_sqlite(connection.settings_dict):
        pytest.skip(
            "a worker process cannot see an in-memory SQLite test database; "
            "run on PostgreSQL (CI does)"
        )
    worker = AlertWorker(
        redis_url=redis_url,
        db_name=str(connection.settings_dict["NAME"]),
        smtp_port=smtp.port,
        queue=f"alerts-test-{uuid.uuid4().hex[:8]}",
        log_dir=tmp_path_factory.mktemp("alert-workers"),
    )
    worker.start()
    yield worker
    worker.stop()
    worker.client.close()


@pytest.fixture
def inbox(smtp):
    smtp.inbox.messages.clear()
    smtp.inbox.refuse.clear()
    smtp.inbox.on_data = None
    if smtp.controller is None:
        smtp.start()
    return smtp.inbox


@pytest.fixture
def team(transactional_db):
    org = OrganisationFactory(name="Chaos Co.", slug="chaos-co")
    owner = member(Role.PARALEGAL, org, username="owner", email="owner@example.com")
    boss = member(Role.MANAGER, org, username="boss", email="boss@example.com")
    return org, owner, boss


def due_deadlines(org, owner, count):
    """`count` deadlines due in five days whose d-7 stage is due now (two recipients each)."""
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    Deadline.objects.bulk_create(
        Deadline(
            organisation=org,
            subject_key=f"chaos:{i}",
            rule="patent_annuity",
            title=f"Chaos {i}",
            due_date=today + dt.timedelta(days=5),
            act_by=today + dt.timedelta(days=4),
            explanation="x",
            responsible=owner,
            next_alert_at=now - dt.timedelta(minutes=1),
        )
        for i in range(count)
    )


def wait_for(predicate, timeout=30.0, what="condition", worker=None):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            log = worker.log()[-3000:] if worker else ""
            pytest.fail(f"timed out waiting for {what}\n{log}")
        time.sleep(0.05)


def ids_received(inbox):
    return [m["Message-ID"] for _, m in inbox.messages]


def test_task_triggered_scan_reaches_the_smtp_server(alert_worker, inbox, team):
    org, owner, _boss = team
    due_deadlines(org, owner, 3)

    alert_worker.send("scan_deadlines")  # what beat sends every minute

    wait_for(lambda: len(inbox.messages) == 6, what="6 messages", worker=alert_worker)
    assert len(inbox.to("owner@example.com")) == 3
    assert len(inbox.to("boss@example.com")) == 3
    assert all("/alerts/ack/" in inbox.text(m) for _, m in inbox.messages)
    wait_for(lambda: Alert.objects.filter(state=AlertState.SENT).count() == 6, what="stamps")


def test_beat_triggers_the_scan_and_the_emails_arrive(alert_worker, inbox, team, tmp_path):
    """Celery beat (a real process, the schedule in iptracker/celery.py) -> scan -> delivery."""
    org, owner, _boss = team
    due_deadlines(org, owner, 2)
    log_path = tmp_path / "beat.log"
    env = {**alert_worker.environment(), "NOTIFICATIONS_SCAN_SECONDS": "1"}
    command = [
        sys.executable, "-m", "celery", "-A", "iptracker", "beat", "--loglevel=INFO",
        "-s", str(tmp_path / "celerybeat-schedule"),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        beat = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for(
            lambda: len(inbox.messages) == 4,
            timeout=45,
            what=f"4 messages after beat's scan\n{log_path.read_text(errors='replace')}",
            worker=alert_worker,
        )
    finally:
        beat.terminate()
        beat.wait(timeout=15)
    assert sorted(m["To"] for _, m in inbox.messages) == [
        "boss@example.com", "boss@example.com", "owner@example.com", "owner@example.com",
    ]  # fmt: skip
    assert "notifications.tasks.scan_deadlines" in log_path.read_text(errors="replace")


def test_worker_killed_mid_batch_then_replaced_delivers_all_500_exactly_once(
    alert_worker, inbox, team
):
    org, owner, _boss = team
    due_deadlines(org, owner, 250)
    assert scanner.scan().alerts == 500
    killed = threading.Event()
    victim = alert_worker.process

    def kill_at_200(received):
        # Kill the worker while it waits for the reply to message 201; that message is not
        # accepted, so the crash lands between two stamped messages, not inside the one
        # ambiguous window (accepted by the server, not yet stamped) that SMTP cannot close.
        if received == 200 and not killed.is_set():
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)
            killed.set()
            return "421 4.3.0 Worker gone"
        return None

    inbox.on_data = kill_at_200
    alert_worker.send("deliver_alerts")
    wait_for(killed.is_set, what="the kill", worker=alert_worker)
    inbox.on_data = None
    assert len(inbox.messages) == 200
    assert Alert.objects.filter(state=AlertState.SENDING).exists()  # the dead worker's claim

    alert_worker.start()  # a new worker
    time.sleep(LEASE_SECONDS + 0.5)
    alert_worker.send("sweep_leases")  # frees the expired lease, then delivers

    wait_for(lambda: len(inbox.messages) >= 500, what="500 messages", worker=alert_worker)
    time.sleep(0.5)  # anything sent twice would arrive now
    received = ids_received(inbox)
    assert len(received) == 500
    assert len(set(received)) == 500
    wait_for(lambda: Alert.objects.filter(state=AlertState.SENT).count() == 500, what="stamps")


def test_two_scans_at_the_same_time_create_no_duplicates(alert_worker, inbox, team):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (skip_locked); concurrent scans are a PostgreSQL test")
    org, owner, _boss = team
    due_deadlines(org, owner, 300)
    barrier = threading.Barrier(3)
    errors, results = [], []

    def scan_in_thread():
        try:
            barrier.wait()
            results.append(scanner.scan(batch=50))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan_in_thread) for _ in range(2)]
    for t in threads:
        t.start()
    barrier.wait()
    alert_worker.send("scan_deadlines")  # and a third, in the worker
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert sum(r.deadlines for r in results) <= 300
    wait_for(
        lambda: len(inbox.messages) >= 600, timeout=90, what="600 messages", worker=alert_worker
    )
    assert Alert.objects.count() == 600
    assert Alert.objects.filter(state=AlertState.SENT).count() == 600
    alert_worker.send("deliver_alerts")
    time.sleep(0.5)
    assert len(set(ids_received(inbox))) == len(inbox.messages) == 600


def test_smtp_server_down_then_back_loses_nothing(alert_worker, inbox, team, smtp):
    org, owner, _boss = team
    due_deadlines(org, owner, 5)
    smtp.stop()

    alert_worker.send("scan_deadlines")
    wait_for(
        lambda: Alert.objects.filter(state=AlertState.PENDING).exclude(last_error="").count() == 10,
        what="failed first attempts",
        worker=alert_worker,
    )
    assert Alert.objects.filter(attempts=1).count() == 1  # the rest were given back untried
    assert "refused" in Alert.objects.first().last_error.lower()

    smtp.start()
    time.sleep(1.2)  # the first backoff is one second here
    alert_worker.send("deliver_alerts")

    wait_for(lambda: len(inbox.messages) == 10, what="10 messages", worker=alert_worker)
    wait_for(lambda: Alert.objects.filter(state=AlertState.SENT).count() == 10, what="stamps")
