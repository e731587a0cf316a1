"""Real parts for outage tests (and bench/faults.sh): a Redis and a PostgreSQL of the test's own,
a web server, a Celery worker and beat, each its own process pointed at them through environment
variables (the test process's Celery app and database connection are never reconfigured), a local
SMTP server and a local webhook receiver.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.test import Client

REPO_ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, what: str, log=lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{log()}")
        time.sleep(0.1)


class OwnRedis:
    """`redis-server` on a spare port, no persistence: a restart starts empty, as after a crash
    (whatever the broker held is gone; the outbox rows are not)."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, timeout=10, what=f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class OwnPostgres:
    """A PostgreSQL cluster of the test's own: `initdb` in a temporary folder, the server on a
    spare loopback port with trust authentication, never the machine's shared server. Stopped,
    started and restarted with `pg_ctl` like an operator would. Run as user `postgres` when the
    test runs as root (initdb refuses root)."""

    def __init__(self):
        bins = sorted(
            glob.glob("/usr/lib/postgresql/*/bin/initdb"),
            key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
        )
        on_path = shutil.which("initdb")
        initdb = bins[-1] if bins else on_path
        self.bin_dir = Path(initdb).parent if initdb else None
        self.port = free_port()
        self.folder: Path | None = None
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def available(self) -> bool:
        return self.bin_dir is not None and (not self.as_user or bool(shutil.which("runuser")))

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        assert self.bin_dir is not None
        return subprocess.run(
            [*self.as_user, str(self.bin_dir / command[0]), *command[1:]],
            check=check,
            capture_output=True,
            text=True,
            timeout=120,
        )

    @property
    def data(self) -> Path:
        assert self.folder is not None
        return self.folder / "data"

    def init(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="iptracker-pg-"))
        if self.as_user:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "server.log"))  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown: open transactions are rolled back, every connection is closed."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def restart(self) -> None:
        self._run("pg_ctl", "restart", "-w", "-m", "fast", "-D", str(self.data),
                  "-l", str(self.folder / "server.log"))  # fmt: skip

    def running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def log(self) -> str:
        path = self.folder / "server.log" if self.folder else None
        return path.read_text(errors="replace")[-4000:] if path and path.exists() else ""

    def destroy(self) -> None:
        if self.folder is None:
            return
        if self.data.exists() and self.running():
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data), check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


class Receiver:
    """A webhook receiver on loopback: keeps the delivery id of every POST it accepts.

    `on_request(count accepted so far)` may return a status to answer instead (not accepted).
    """

    def __init__(self):
        self.deliveries: list[str] = []
        self.lock = threading.Lock()
        self.on_request = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                verdict = receiver.on_request and receiver.on_request(len(receiver.deliveries))
                if verdict:
                    self.send_response(verdict)
                    self.end_headers()
                    return
                with receiver.lock:
                    receiver.deliveries.append(self.headers["X-Iptracker-Delivery"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Process:
    """A child process with its log in a file; stopped by its own pid only."""

    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log_path = log_dir / f"{name}-{uuid.uuid4().hex[:6]}.log"
        self.process = None

    def start(self) -> "Process":
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Stack:
    """Web server (gunicorn), Celery worker and beat: all on the test database and `redis`."""

    def __init__(self, *, db_name: str, redis: OwnRedis, smtp_port: int, log_dir: Path, **extra):
        self.queue = f"outage-{uuid.uuid4().hex[:8]}"
        self.web_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.log_dir = log_dir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "CELERY_WORKER_DB_NAME": db_name,
            "REDIS_URL": redis.url,
            "ALERT_SMTP_PORT": str(smtp_port),
            "ALERT_LEASE_SECONDS": "5",
            "ALERT_RETRY_BASE_SECONDS": "1",
            "WEBHOOKS_RETRY_BASE_SECONDS": "1",
            "WEBHOOKS_LEASE_SECONDS": "5",
            "ALERT_QUEUE": self.queue,  # the default queue of the web server, worker and beat
            "WEBHOOKS_ALLOW_PRIVATE": "true",  # the receiver listens on loopback
            "OUTBOX_SWEEP_SECONDS": "1",
            "NOTIFICATIONS_SCAN_SECONDS": "1",
            "CONN_MAX_AGE": "0",
            **extra,
        }
        self.env.pop("PYTEST_CURRENT_TEST", None)
        self.processes: dict[str, Process] = {}

    def _process(self, name: str, command: list[str]) -> Process:
        process = Process(name, command, self.env, self.log_dir).start()
        self.processes[name] = process
        return process

    def start_web(self) -> Process:
        web = self._process(
            "web",
            [
                sys.executable, "-m", "gunicorn", "iptracker.wsgi",
                "--bind", f"127.0.0.1:{self.web_port}", "--workers", "1", "--threads", "4",
                "--timeout", "60",
            ],
        )  # fmt: skip
        wait_until(
            lambda: self.get("/healthz")[0] is not None or not web.alive(),
            timeout=30,
            what="the web server",
            log=web.log,
        )
        assert web.alive(), web.log()
        return web

    def start_worker(self) -> Process:
        return self._process(
            "worker",
            [
                sys.executable, "-m", "celery", "-A", "iptracker", "worker", "--pool=solo",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-n", f"{self.queue}-{uuid.uuid4().hex[:4]}@%h", "-Q", self.queue,
                "--loglevel=INFO",
            ],
        )  # fmt: skip

    def start_beat(self) -> Process:
        return self._process(
            "beat",
            [
                sys.executable, "-m", "celery", "-A", "iptracker", "beat", "--loglevel=INFO",
                "-s", str(self.log_dir / f"beat-{uuid.uuid4().hex[:6]}"),
            ],
        )  # fmt: skip

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{p.log()[-4000:]}" for name, p in self.processes.items())

    def request(self, method: str, path: str, *, token: str = "", session: str = "", body=None):
        """(status, seconds); status None when the server could not be reached. Signed in with
        an API `token` or a `session` cookie."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if session:
            headers["Cookie"] = f"sessionid={session}"
        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            self.base_url + path, data=body, method=method, headers=headers
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            status = None
        return status, time.monotonic() - started

    def get(self, path: str, token: str = ""):
        with contextlib.suppress(Exception):
            return self.request("GET", path, token=token)
        return None, 0.0

    def page(self, path: str, *, session: str) -> tuple[int | None, str]:
        """A page as a signed-in member reads it: (status, text)."""
        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            self.base_url + path, headers={"Cookie": f"sessionid={session}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return None, ""


def session_for(user) -> str:
    """A session cookie value for `user`, stored in the database the web server reads."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
