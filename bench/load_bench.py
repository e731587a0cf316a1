"""Load: 50 concurrent users against gunicorn on PostgreSQL, and the framework's floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_bench \
        .venv/bin/python bench/load_bench.py [--rights 100000] [--deadlines 1000000]
        [--users 50] [--seconds 60] [--workers 4] [--threads 4] [--regenerate]

Starts gunicorn (gthread workers) on a spare loopback port with the production stack (DEBUG
off, WhiteNoise, sessions, the membership middleware) plus one trivial view
(`bench/load_urls.py`: a plain `HttpResponse`, through the same middleware). Two runs of
`--seconds` each, with `--users` concurrent keep-alive clients (threads spread over processes so
the client is not held by one GIL):

1. the mix a counsel's day makes: the dashboard `/`, the docket report `/docket/` and the API's
   deadline list (`/api/v1/deadlines/?status=open&ordering=due_date`), one third each;
2. the trivial view, same users, same server: what the framework and the server cost alone.

Prints, per endpoint: requests, throughput, p50/p95/p99 latency and errors (any status other
than 200, or a connection error); then the floor, and the ratio of the mix's throughput to the
floor's. Data: the `bench-api` organisation of bench/api_deadlines.py (100k rights, 1M
deadlines), generated only when missing. The clients run on the same 2 cores as the server:
the figures are what this machine does, not a capacity plan.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "iptracker.settings.base"
os.environ["DEBUG"] = "False"
# One key for this process (it makes the session) and gunicorn (it reads it).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

MIX = {
    "dashboard": "/",
    "docket": "/docket/",
    "api deadlines": "/api/v1/deadlines/?status=open&ordering=due_date",
}
FLOOR = {"trivial view": "/bench/trivial/"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rights", type=int, default=100_000)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--runs", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user_id: int) -> str:
    """A logged-in session for the bench user, made the way the login view makes one."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(pk=user_id)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that loads users (axes' backend only counts failures).
    store[BACKEND_SESSION_KEY] = next(
        b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes.")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_server(port: int, args) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DEBUG": "False",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "bench.load_wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench/trivial/")
            if connection.getresponse().status in (200, 302):
                return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _user_loop(port, cookie, urls, stop_at, index, results):
    """One user: keep-alive requests, round-robin over `urls`, until `stop_at`."""
    names = list(urls)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept": "text/html,application/json"}
    turn = index
    while time.time() < stop_at:
        name = names[turn % len(names)]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", urls[name], headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.append((name, time.perf_counter() - started, ok))


def _client_process(port, cookie, urls, stop_at, first_index, users, queue):
    results: list = []
    threads = [
        threading.Thread(
            target=_user_loop, args=(port, cookie, urls, stop_at, first_index + n, results)
        )
        for n in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def run(port, cookie, urls, args) -> list:
    """`args.users` users for `args.seconds`, over `args.processes` client processes."""
    stop_at = time.time() + args.seconds
    queue: multiprocessing.Queue = multiprocessing.Queue()
    share = [args.users // args.processes] * args.processes
    for n in range(args.users % args.processes):
        share[n] += 1
    processes, first = [], 0
    for users in share:
        process = multiprocessing.Process(
            target=_client_process, args=(port, cookie, urls, stop_at, first, users, queue)
        )
        first += users
        process.start()
        processes.append(process)
    results = []
    for _ in processes:
        results.extend(queue.get())
    for process in processes:
        process.join()
    return results


def quantile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(title, results, seconds) -> float:
    print(f"\n{title}")
    print(
        f"{'endpoint':>14} | {'requests':>8} | {'req/s':>7} | {'p50':>8} {'p95':>8} {'p99':>8}"
        f" | {'errors':>6}"
    )
    by_name: dict[str, list] = {}
    for name, latency, ok in results:
        by_name.setdefault(name, []).append((latency, ok))
    for name, rows in [*by_name.items(), ("all", [(lat, ok) for _, lat, ok in results])]:
        latencies = [latency for latency, _ in rows]
        errors = sum(1 for _, ok in rows if not ok)
        print(
            f"{name:>14} | {len(rows):>8} | {len(rows) / seconds:>7.1f} | "
            f"{quantile(latencies, 0.50) * 1000:>5.0f} ms {quantile(latencies, 0.95) * 1000:>5.0f} ms "
            f"{quantile(latencies, 0.99) * 1000:>5.0f} ms | {errors:>6}"
        )
    return len(results) / seconds, sum(1 for *_, ok in results if not ok), results


def main():
    args = parse_args()
    import django

    django.setup()
    from bench import _data
    from bench.api_deadlines import prepare
    from core.clock import today_legal

    _data.refuse_sqlite()
    member = prepare(args, today_legal())
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    cookie = session_cookie(member.user_id)
    port = free_port()
    server = start_server(port, args)
    try:
        print(
            f"gunicorn gthread {args.workers} workers x {args.threads} threads on 127.0.0.1:{port};"
            f" {args.users} users over {args.processes} client processes, {args.seconds:.0f} s each;"
            f" {os.cpu_count()} CPU cores shared by server, clients and PostgreSQL"
        )
        # A short warm-up so every worker has its connection and templates loaded.
        warm = argparse.Namespace(**{**vars(args), "seconds": 3.0})
        run(port, cookie, MIX, warm)
        mix_rate, mix_errors, mix = report(
            "Counsel's mix", run(port, cookie, MIX, args), args.seconds
        )
        floor_rate, floor_errors, _ = report(
            "Framework floor (trivial view, same server)",
            run(port, cookie, FLOOR, args),
            args.seconds,
        )
    finally:
        stop_server(server)
    p50 = statistics.median(latency for _, latency, _ in mix)
    print(
        f"\nthroughput: mix {mix_rate:.1f} req/s, floor {floor_rate:.1f} req/s, "
        f"floor / mix = {floor_rate / mix_rate:.1f}x; mix p50 {p50 * 1000:.0f} ms"
    )
    verdict = "ZERO ERRORS" if mix_errors + floor_errors == 0 else "ERRORS"
    print(f"{verdict}: {mix_errors} in the mix, {floor_errors} on the floor")


if __name__ == "__main__":
    main()
