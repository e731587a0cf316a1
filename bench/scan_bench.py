"""Scan benchmark (PostgreSQL): 1M deadlines, 10k due, two recipients each.

Compares `notifications.scanner.scan()` with bare SQL doing the same work in one transaction
(select the due set through the partial index, INSERT ... ON CONFLICT DO NOTHING, advance
next_alert_at), and prints both times, the ratio (target <= 2x) and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_notif_bench \
        .venv/bin/python bench/scan_bench.py [--total 1000000] [--due 10000] [--runs 3]

The database is created and migrated if needed; the data is loaded once with generate_series.
"""

import argparse
import os
import resource
import secrets
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")
# The base settings need a strong SECRET_KEY with DEBUG off; a throwaway one for the run.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iptracker_notif_bench")


def ensure_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def load(total: int, due: int):
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Role
    from tests.factories import OrganisationFactory, member

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM deadlines_deadline")
        if cur.fetchone()[0] == total:
            return
    from django.contrib.auth import get_user_model

    org = OrganisationFactory(name="Bench Co.", slug="bench-co")
    users = get_user_model().objects

    def person(role, username):  # reloading at another size keeps the people
        found = users.filter(username=username).first()
        return found or member(role, org, username=username, email=f"{username}@bench.example")

    owner = person(Role.PARALEGAL, "bench-owner")
    person(Role.MANAGER, "bench-manager")
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE notifications_alert, deadlines_deadline, deadlines_historicaldeadline"
        )
        cur.execute(
            """
            INSERT INTO deadlines_deadline (created_at, updated_at, subject_key, rule, cycle,
                title, due_date, act_by, status, provisional, explanation, basis, note,
                organisation_id, responsible_id, next_alert_at)
            SELECT now() - interval '30 days', now(), 'bench:' || g, 'patent_annuity', 0,
                'Bench deadline ' || g,
                current_date + (5 + g %% 3000), current_date + (4 + g %% 3000),
                'open', false, 'bench', '{}'::jsonb, '', %s, %s,
                -- the first `due` rows are due now; the rest are due in the future
                CASE WHEN g <= %s THEN now() - interval '1 minute'
                     ELSE now() + (1 + g %% 3000) * interval '1 day' END
            FROM generate_series(1, %s) AS g
            """,
            [org.id, owner.id, due, total],
        )
        cur.execute("ANALYZE deadlines_deadline")


def reset(due: int):
    """Make the same `due` rows due again and empty the outbox."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_alert")
        cur.execute(
            """UPDATE deadlines_deadline SET next_alert_at = now() - interval '1 minute',
               due_date = current_date + 5 WHERE id IN (
                 SELECT id FROM deadlines_deadline ORDER BY id LIMIT %s)""",
            [due],
        )
        cur.execute("ANALYZE deadlines_deadline")


BARE_SQL = """
WITH due AS (
    SELECT id, organisation_id, responsible_id FROM deadlines_deadline
    WHERE status IN ('open', 'missed') AND next_alert_at IS NOT NULL AND next_alert_at <= now()
    ORDER BY next_alert_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED
), recipients AS (
    SELECT due.id, due.organisation_id, r.uid FROM due
    CROSS JOIN LATERAL (VALUES (due.responsible_id), (%(manager)s)) AS r(uid)
), ins AS (
    INSERT INTO notifications_alert (created_at, updated_at, kind, stage, critical, state,
        next_attempt_at, claim, attempts, last_error, deadline_id, organisation_id, recipient_id)
    SELECT now(), now(), 'reminder', 'd-7', false, 'pending', now(), '', 0, '', id,
        organisation_id, uid FROM recipients
    ON CONFLICT DO NOTHING
)
UPDATE deadlines_deadline d SET next_alert_at = now() + interval '2 days'
FROM due WHERE d.id = due.id AND d.next_alert_at <= now()
"""


def run_bare(due: int, manager_id: int) -> float:
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(BARE_SQL, {"limit": due, "manager": manager_id})
    return time.perf_counter() - start


def run_scan(*, trace: bool = False) -> tuple[float, int, object]:
    """Timed without tracemalloc (it slows Python down ~3x); peak memory in a separate run."""
    from notifications import scanner

    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = scanner.scan(batch=500)
    elapsed = time.perf_counter() - start
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, peak, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    ensure_database()
    django.setup()
    from django.contrib.auth import get_user_model

    from notifications.models import Alert

    t0 = time.perf_counter()
    load(args.total, args.due)
    print(f"data ready: {args.total} deadlines, {args.due} due ({time.perf_counter() - t0:.1f}s)")
    manager_id = get_user_model().objects.get(username="bench-manager").id

    bare, scan, peaks = [], [], []
    for _ in range(args.runs):
        reset(args.due)
        bare.append(run_bare(args.due, manager_id))
        assert Alert.objects.count() == 2 * args.due, Alert.objects.count()
        reset(args.due)
        elapsed, peak, result = run_scan()
        assert result.deadlines == args.due, result
        assert Alert.objects.count() == 2 * args.due, Alert.objects.count()
        scan.append(elapsed)
    reset(args.due)
    _, peak, _ = run_scan(trace=True)
    peaks.append(peak)
    best_bare, best_scan = min(bare), min(scan)
    print(
        f"bare SQL (one transaction): {best_bare:.3f}s   runs: {', '.join(f'{t:.3f}' for t in bare)}"
    )
    print(
        f"scanner.scan(batch=500):    {best_scan:.3f}s   runs: {', '.join(f'{t:.3f}' for t in scan)}"
    )
    print(f"ratio scan / bare: {best_scan / best_bare:.2f}x (target <= 2x)")
    print(
        f"peak Python memory during the scan: {max(peaks) / 2**20:.1f} MiB "
        f"(process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
