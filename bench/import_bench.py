"""Import benchmark (PostgreSQL): a CSV of 10,000 CNIPA grants through the entry import.

(a) the application's confirm step: `entry.importing.FileRows` (the file read a row at a time,
    cells through django-import-export's widgets) into `entry.services.rights_file_import`, in
    one transaction, 1,000 rows at a time: every row checked by the model's clean(), duplicates
    looked up, the deadlines computed by the engine and their alerts planned; then the chunk's
    rights, their history rows, the deadlines and theirs written with COPY by the job's
    background writer (`core.bulk.bulk_job`) while the next chunk is checked and computed;
    the batch recorded;
(b) bare: COPY of the same right rows, then COPY of the same deadline rows (the ones (a)
    produced, with the right ids mapped), in one transaction.

Prints the median of both, their ratio (target at most 3x), the CPU time of (a)'s own process
(the Python side, whatever the load) and the peak Python memory of (a) at each size of
--memory-rows (tracemalloc, separate untimed runs: flat means the same peak whatever the size
once the pipeline is full, from the third chunk; what still grows is printed per row).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_import_bench \
        .venv/bin/python bench/import_bench.py [--rows 10000] [--runs 5] \
        [--memory-rows 1000,3000,10000,20000]
"""

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iptracker.settings.base")
# The base settings need a strong SECRET_KEY with DEBUG off; a throwaway one for the run.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iptracker_import_bench")
os.environ["DEBUG"] = "false"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import _data  # noqa: E402

TARGET = 3.0
TYPES = (("invention", "1"), ("utility_model", "2"), ("design", "3"))
RIGHT_COLUMNS = (
    "organisation_id",
    "kind",
    "jurisdiction",
    "title",
    "owner",
    "application_number",
    "registration_number",
    "filing_date",
    "grant_date",
    "status",
    "nice_classes",
    "renewals",
    "external_id",
    "notes",
    "expiry_date",
    "created_at",
    "updated_at",
)


def grants_csv(rows: int) -> bytes:
    """Deterministic grants: filing 2008-2024, granted 1-4 years later, valid numbers."""
    from rights.numbers import check_character

    lines = ["kind,jurisdiction,application_number,title,owner,filing_date,grant_date"]
    for i in range(rows):
        kind, digit = TYPES[i % 3]
        filed = dt.date(2008, 1, 2) + dt.timedelta(days=(i * 37) % (17 * 365))
        granted = filed + dt.timedelta(days=365 + (i * 13) % (3 * 365))
        body = f"{filed.year:04d}{digit}{i:07d}"
        number = f"{body}.{check_character(body)}"
        lines.append(
            f"{kind},CN,{number},Bench device {i},Bench Co. Ltd,{filed.isoformat()},"
            f"{granted.isoformat()}"
        )
    return "\n".join(lines).encode()


def clear(org_id: int) -> None:
    with _data.connect() as conn:
        for sql in (
            "DELETE FROM deadlines_historicaldeadline WHERE organisation_id = %s",
            "DELETE FROM deadlines_deadline WHERE organisation_id = %s",
            "DELETE FROM rights_historicalright WHERE organisation_id = %s",
            "DELETE FROM rights_right WHERE organisation_id = %s",
            "DELETE FROM entry_importbatch WHERE organisation_id = %s",
        ):
            conn.execute(sql, [org_id])
        conn.commit()
    with _data.connect(autocommit=True) as conn:
        for table in ("rights_right", "deadlines_deadline"):
            conn.execute(f"VACUUM ANALYZE {table}")


def app_import(org, user, content: bytes) -> tuple[int, int]:
    from entry import importing
    from entry.services import rights_file_import

    parsed = importing.FileRows("grants.csv", content)
    assert not parsed.errors, parsed.errors[:3]
    batch, _check = rights_file_import(
        organisation=org,
        actor=user,
        file_name="grants.csv",
        digest=importing.sha256(content),
        rows=parsed,
    )
    return batch.created_count, parsed.total


def captured(org_id: int):
    """The rows (a) wrote, to be copied back by (b): rights, and deadlines keyed by number."""
    from deadlines.models import Deadline

    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {', '.join(RIGHT_COLUMNS)} FROM rights_right WHERE organisation_id = %s",
            [org_id],
        )
        rights = cur.fetchall()
    fields = [f for f in Deadline._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT r.application_number, {', '.join('d.' + c for c in columns)} "
            "FROM deadlines_deadline d JOIN rights_right r ON r.id = d.right_id "
            "WHERE d.organisation_id = %s",
            [org_id],
        )
        deadlines = cur.fetchall()
    return rights, columns, deadlines


def bare_copy(org_id: int, rights, columns, deadlines) -> None:
    right_at = columns.index("right_id")
    key_at = columns.index("subject_key")
    with _data.connect() as conn, conn.transaction():
        with conn.cursor().copy(
            f"COPY rights_right ({', '.join(RIGHT_COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in rights:
                copy.write_row([_data.Jsonb(v) if isinstance(v, list) else v for v in row])
        ids = dict(
            conn.execute(
                "SELECT application_number, id FROM rights_right WHERE organisation_id = %s",
                [org_id],
            ).fetchall()
        )
        with conn.cursor().copy(
            f"COPY deadlines_deadline ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for number, *row in deadlines:
                row[right_at] = ids[number]
                row[key_at] = f"right:{ids[number]}"
                copy.write_row([_data.Jsonb(v) if isinstance(v, dict) else v for v in row])


def peak_memory(org, user, content: bytes) -> int:
    clear(org.id)
    tracemalloc.start()
    app_import(org, user, content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-rows", default="1000,3000,10000,20000")
    args = parser.parse_args()
    _data.refuse_sqlite()
    _data.ensure_database()
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model

    from accounts.models import Organisation

    member = _data.bench_member("bench-import", role="paralegal")
    org = Organisation.objects.get(pk=member.organisation_id)
    user = get_user_model().objects.get(pk=member.user_id)
    content = grants_csv(args.rows)
    print(f"{args.rows} grants, CSV of {len(content) / 1e6:.1f} MB")

    clear(org.id)
    created, _total = app_import(org, user, content)
    rights, columns, deadlines = captured(org.id)
    print(f"(a) creates {created} rights and {len(deadlines)} deadlines (+ history rows)")

    app_times, app_cpu, bare_times = [], [], []
    for _run in range(args.runs):
        clear(org.id)
        start, cpu = time.perf_counter(), time.process_time()
        app_import(org, user, content)
        app_times.append(time.perf_counter() - start)
        app_cpu.append(time.process_time() - cpu)
        clear(org.id)
        start = time.perf_counter()
        bare_copy(org.id, rights, columns, deadlines)
        bare_times.append(time.perf_counter() - start)
        print(
            f"  run: app {app_times[-1]:.2f} s (CPU {app_cpu[-1]:.2f} s), "
            f"bare COPY {bare_times[-1]:.2f} s"
        )
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    ratio = app / bare
    memory = {
        int(n): peak_memory(org, user, grants_csv(int(n))) for n in args.memory_rows.split(",")
    }
    clear(org.id)
    print(f"app import (median): {app:.2f} s ({args.rows / app:,.0f} rows/s)")
    # The Python side alone (this process's CPU time): under load, the wall time of (a) also
    # counts the time the scheduler gave to others, more so under `nice` than PostgreSQL's.
    print(f"  of which CPU of this process (median): {statistics.median(app_cpu):.2f} s")
    print(f"bare COPY (median):  {bare:.2f} s")
    print(
        f"ratio: {ratio:.1f}x (target <= {TARGET:.0f}x): "
        f"{'TARGET MET' if ratio <= TARGET else 'TARGET MISSED'}"
    )
    for n, peak in memory.items():
        print(f"peak Python memory of (a) at {n:,} rows: {peak / 1e6:.1f} MB")
    full = sorted(n for n in memory if n >= 3000)
    if len(full) >= 2:
        low, high = full[0], full[-1]
        per_row = (memory[high] - memory[low]) / (high - low)
        print(f"  growth from {low:,} to {high:,} rows: {per_row:.0f} bytes a row")


if __name__ == "__main__":
    main()
