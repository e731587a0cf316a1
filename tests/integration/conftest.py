"""Real services for integration tests: Redis, and a Celery worker in its own process.

Redis: REDIS_URL when set; otherwise a throwaway `redis-server` on a free port when the binary
exists; otherwise the test is skipped, or fails when REQUIRE_SERVICES=1 (CI).

The worker reads the pytest-django test database through CELERY_WORKER_DB_NAME (honoured by
iptracker/settings/test.py). An in-memory SQLite test database cannot be shared with another
process, so on that setup the worker tests skip: CI runs them on PostgreSQL. To run them on
SQLite, give the test database a file: `CELERY_WORKER_DB_NAME=/tmp/iptracker-test.sqlite3`
(settings/test.py then uses that file as the test database of pytest and of the worker alike).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery

REPO_ROOT = Path(__file__).parents[2]
WORKER_START_TIMEOUT = 30


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(reason: str):
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers(url: str, timeout: float = 0.0) -> bool:
    import redis

    deadline = time.monotonic() + timeout
    while True:
        try:
            return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
        except redis.exceptions.RedisError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL")
    if url:
        if not _redis_answers(url):
            unavailable(f"REDIS_URL={url} does not answer PING")
        yield url
        return
    binary = shutil.which("redis-server")
    if not binary:
        unavailable("no REDIS_URL and no redis-server binary to start a throwaway Redis")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        if not _redis_answers(url, timeout=10):
            unavailable(f"a local redis-server on port {port} did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _in_memory_sqlite(settings_dict) -> bool:
    name = str(settings_dict["NAME"])
    return settings_dict["ENGINE"].endswith("sqlite3") and (
        name == ":memory:" or "mode=memory" in name or name.startswith("file:memorydb")
    )


class WorkerProcess:
    """A running `celery worker` and a client app that talks to it over the same broker."""

    def __init__(self, *, process, client, node, queue, log_path):
        self.process = process
        self.client = client
        self.node = node
        self.queue = queue
        self.log_path = log_path

    def send(self, task_name: str, **kwargs):
        """Hand a task to the worker by name, exactly as beat does."""
        return self.client.send_task(task_name, kwargs=kwargs, queue=self.queue)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, redis_url, tmp_path_factory):
    from django.db import connection

    if _in_memory_sqlite(connection.settings_dict):
        pytest.skip(
            "a worker process cannot see an in-memory SQLite test database; "
            "CI runs this on PostgreSQL"
        )
    db_name = str(connection.settings_dict["NAME"])
    tag = uuid.uuid4().hex[:8]
    node_name = f"iptracker-test-{tag}"
    node = f"{node_name}@{socket.gethostname()}"
    queue = f"iptracker-test-{tag}"  # our own queue: no other worker on this Redis takes our tasks
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iptracker.settings.test",
        "CELERY_WORKER_DB_NAME": db_name,
        "REDIS_URL": redis_url,
        "CONN_MAX_AGE": "0",  # no idle connection left behind when the test database is dropped
    }
    command = [
        sys.executable, "-m", "celery", "-A", "iptracker", "worker",
        "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"{node_name}@%h", "-Q", queue, "--loglevel=INFO",
    ]  # fmt: skip
    client = Celery("iptracker-test-client", broker=redis_url, set_as_current=False)
    client.conf.broker_connection_retry_on_startup = True
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    worker = WorkerProcess(
        process=process, client=client, node=node, queue=queue, log_path=log_path
    )
    try:
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while not client.control.ping(destination=[node], timeout=0.5):
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited with {process.returncode}:\n{worker.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer ping:\n{worker.log()}")
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        client.close()
