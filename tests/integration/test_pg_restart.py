"""PostgreSQL restarted during traffic (issue 14): the app recovers with no manual step.

A PostgreSQL of the test's own (`initdb` in a temporary folder, a spare loopback port, trust
authentication; never the machine's shared server), migrated; a Redis of its own; gunicorn, a
Celery worker and beat as processes with persistent connections (`CONN_MAX_AGE=60`) and Django's
health checks (`CONN_HEALTH_CHECKS`, iptracker/settings/base.py), as in production. Three clients
read pages and the API and write customs notices with an API token, while the server is first
restarted (`pg_ctl restart -m fast`) and then stopped for FAULT_PG_SECONDS and started again.

Checked: while the database is down every request gets the app's 503 "temporarily unavailable"
answer (HTML for pages, JSON for the API; never a 500, never a dropped connection); every request
that starts once the server is back succeeds, with no manual step; every write that answered 201
is in the database exactly once, and no write that failed is; the worker and beat resume (every
webhook of every write arrives).
"""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psycopg
import pytest

from accounts.models import Role
from accounts.tokens import token_create
from tests.api.conftest import make_portfolio
from tests.factories import OrganisationFactory, member
from tests.integration.outage import (
    REPO_ROOT,
    OwnPostgres,
    OwnRedis,
    Receiver,
    Stack,
    session_for,
    wait_until,
)
from tests.notifications.conftest import SmtpServer
from webhooks.models import Endpoint

pytestmark = [pytest.mark.integration, pytest.mark.smtp]

# bench/faults.sh runs this with FAULT_PG_SECONDS=60; CI keeps the outage short.
OUTAGE_SECONDS = float(os.environ.get("FAULT_PG_SECONDS", "3"))
CALM_SECONDS = 3.0  # traffic before the first fault and after each recovery
DATABASE = "iptracker_fault"


def ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or (
        os.environ.get("REQUIRE_SERVICES") == "1"
    )


def seed() -> str:
    """Run in a subprocess on the test's own database: an organisation with a portfolio, a
    counsel with an API token and a session, a webhook endpoint. Prints them as JSON."""
    org = OrganisationFactory(name="Restart Co.", slug="restart-co")
    counsel = member(Role.COUNSEL, org, username="counsel", email="counsel@example.com")
    portfolio = make_portfolio(org)
    Endpoint.objects.create(organisation=org, url=os.environ["FAULT_RECEIVER_URL"], secret="s" * 32)
    return json.dumps(
        {
            "token": token_create(user=counsel, name="restart")[1],
            "session": session_for(counsel),
            "recordal": portfolio["recordal"].pk,
        }
    )


@dataclass
class Answer:
    kind: str
    started: float
    ended: float
    status: int | None
    marker: str = ""


class Traffic:
    """Three clients in threads, each in a loop until stopped: API writes, API reads, pages."""

    def __init__(self, stack: Stack, *, token: str, session: str, recordal: int):
        self.stack, self.token, self.session, self.recordal = stack, token, session, recordal
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.served_on = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).date().isoformat()
        self.threads = [
            threading.Thread(target=self._loop, args=(kind,), daemon=True)
            for kind in ("write", "api", "page")
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _loop(self, kind: str) -> None:
        serial = 0
        while not self.stopping.is_set():
            serial += 1
            started = time.monotonic()
            marker = ""
            if kind == "write":
                marker = f"restart-{serial}"
                status, _ = self.stack.request(
                    "POST", "/api/v1/customs-notices/", token=self.token, body=self.notice(marker)
                )
            elif kind == "api":
                status, _ = self.stack.request("GET", "/api/v1/customs-notices/", token=self.token)
            else:
                path = "/" if serial % 2 else "/docket/"
                status, _ = self.stack.page(path, session=self.session)
            with self.lock:
                self.answers.append(Answer(kind, started, time.monotonic(), status, marker))
            time.sleep(0.1)

    def notice(self, marker: str) -> bytes:
        return json.dumps(
            {
                "recordal": self.recordal,
                "served_on": self.served_on,
                "port": "Ningbo",
                "goods_description": marker,
                "quantity": 10,
                "goods_value_cny": "1000.00",
                "external_id": marker,  # a retried POST answers with the first result
            }
        ).encode()

    def between(self, start: float, end: float) -> list[Answer]:
        with self.lock:
            return [a for a in self.answers if a.started >= start and a.ended <= end]


@pytest.fixture
def parts(tmp_path):
    postgres = OwnPostgres()
    if not postgres.available:
        if ci():
            pytest.fail("no PostgreSQL binaries (initdb, pg_ctl) for a server of the test's own")
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) for a server of the test's own")
    redis = OwnRedis()
    if not redis.binary:
        if ci():
            pytest.fail("no redis-server binary for a Redis of the test's own")
        pytest.skip("no redis-server binary for a Redis of the test's own")
    smtp, receiver = SmtpServer(), Receiver()
    postgres.init()
    try:
        postgres.start()
        with psycopg.connect(postgres.url().replace("postgres://", "postgresql://"),
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f"CREATE DATABASE {DATABASE}")
        redis.start()
        smtp.start()
        stack = Stack(
            db_name=DATABASE,
            redis=redis,
            smtp_port=smtp.port,
            log_dir=tmp_path,
            DATABASE_URL=postgres.url(DATABASE),
            CONN_MAX_AGE="60",  # persistent connections, checked before reuse, as in production
            FAULT_RECEIVER_URL=receiver.url,
        )
        try:
            yield postgres, receiver, stack
        finally:
            stack.stop()
    finally:
        redis.stop()
        smtp.stop()
        receiver.close()
        postgres.destroy()


def run(stack: Stack, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=stack.env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def query(postgres: OwnPostgres, sql: str) -> list[tuple]:
    url = postgres.url(DATABASE).replace("postgres://", "postgresql://")
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_postgres_restarted_during_traffic_app_recovers_nothing_lost_or_doubled(parts):
    postgres, receiver, stack = parts
    run(stack, "manage.py", "migrate", "--no-input", "-v", "0")
    seeded = json.loads(
        run(
            stack,
            "-c",
            "import django; django.setup(); "
            "from tests.integration.test_pg_restart import seed; print(seed())",
        )
        .strip()
        .splitlines()[-1]
    )
    stack.start_web()
    stack.start_worker()
    stack.start_beat()
    traffic = Traffic(stack, **seeded)
    traffic.start()
    faults = []
    try:
        time.sleep(CALM_SECONDS)
        # 1. An operator's restart: fast shutdown (open transactions rolled back, connections
        #    closed), then up again at once.
        began = time.monotonic()
        postgres.restart()
        faults.append(("restart -m fast", began, time.monotonic()))
        time.sleep(CALM_SECONDS)
        # 2. Down for a while (a crash, a failover, an upgrade), then started.
        began = time.monotonic()
        postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        postgres.start()
        faults.append((f"stop, {OUTAGE_SECONDS:g} s down, start", began, time.monotonic()))
        time.sleep(CALM_SECONDS)
    finally:
        traffic.stop()
    ended = time.monotonic()
    logs = lambda: stack.logs() + "\n--- postgres ---\n" + postgres.log()  # noqa: E731

    answers = traffic.answers
    calm = [
        traffic.between(0, faults[0][1]),
        traffic.between(faults[0][2], faults[1][1]),
        traffic.between(faults[1][2], ended),
    ]
    report = {name: {} for name, _, _ in faults}
    for (name, began, up), after in zip(faults, calm[1:], strict=True):
        during = [a for a in answers if a.ended > began and a.started < up]
        failed_after = [a for a in after if a.status not in (200, 201)]
        report[name] = {
            "during": len(during),
            "503 during": sum(a.status == 503 for a in during),
            "after": len(after),
            "failed after": len(failed_after),
            "slowest during (s)": round(max((a.ended - a.started for a in during), default=0), 2),
        }
        # While the database is down: the app's 503, or success; never a 500 or a dropped
        # connection.
        assert {a.status for a in during} <= {200, 201, 503}, (name, during, logs())
        # Once it is back: every request succeeds, no manual step.
        assert after, name
        assert not failed_after, (name, failed_after, logs())
    print(f"\nPostgreSQL restart: {report}; {len(answers)} requests in all")
    assert all(a.status in (200, 201) for a in calm[0]), (calm[0], logs())
    assert any(a.status == 503 for a in answers), "the outage was never seen"

    # Every write that answered 201 is stored exactly once. A write that answered 503 may have
    # been committed just before the database went (the answer is read back after the commit):
    # the client retries it with the same external_id and gets the first result (200), or it is
    # created now (201); either way it is stored exactly once.
    writes = [a for a in answers if a.kind == "write"]
    created = [a.marker for a in writes if a.status == 201]
    refused = [a.marker for a in writes if a.status != 201]
    assert created and refused
    sql = (
        "SELECT external_id, count(*) FROM customs_customsnotice "
        "WHERE external_id LIKE 'restart-%' GROUP BY 1"
    )
    stored_before_retry = dict(query(postgres, sql))
    assert all(stored_before_retry.get(marker) == 1 for marker in created), stored_before_retry
    retried = {
        marker: traffic.stack.request(
            "POST", "/api/v1/customs-notices/", token=seeded["token"], body=traffic.notice(marker)
        )[0]
        for marker in refused
    }
    assert set(retried.values()) <= {200, 201}, retried
    assert [m for m, code in retried.items() if code == 200] == [
        m for m in refused if m in stored_before_retry
    ]
    stored = dict(query(postgres, sql))
    assert stored == dict.fromkeys(created + refused, 1), stored
    committed_before_503 = sum(code == 200 for code in retried.values())
    print(f"writes: {len(created)} answered 201, {len(refused)} not, of which "
          f"{committed_before_503} had been committed")  # fmt: skip

    # Each stored notice has its webhook event: written in the notice's transaction, so the
    # fault could not keep one without the other.
    events = dict(
        query(
            postgres,
            "SELECT n.external_id, count(d.id) FROM customs_customsnotice n "
            "LEFT JOIN webhooks_delivery d ON d.event = 'customs_notice.received' "
            "AND (d.payload -> 'data' ->> 'customs_notice')::bigint = n.id "
            "WHERE n.external_id LIKE 'restart-%' GROUP BY 1",
        )
    )
    assert events == dict.fromkeys(created + refused, 1), events

    # The worker and beat resume: every webhook of every write arrives (a delivery the fault
    # caught between the receiver's answer and the stamp is sent again once its lease ends: at
    # least once, by design).
    def all_delivered() -> bool:
        rows = query(postgres, "SELECT status, count(*) FROM webhooks_delivery GROUP BY 1")
        return dict(rows).keys() == {"delivered"}

    wait_until(all_delivered, timeout=120, what="every webhook delivered", log=logs)
    delivered = {str(pk) for (pk,) in query(postgres, "SELECT id FROM webhooks_delivery")}
    assert set(receiver.deliveries) == delivered
    assert len(receiver.deliveries) - len(delivered) <= len(faults), receiver.deliveries
