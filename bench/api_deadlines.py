"""Deadline list endpoint vs bare SQL + json.dumps, on PostgreSQL (target: at most 3x).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_bench \
        .venv/bin/python bench/api_deadlines.py [--rights 100000] [--deadlines 1000000]
        [--runs 50] [--warmup 5] [--regenerate] [--explain]

(a) GET /api/v1/deadlines/?status=open&due_after=<today>&ordering=due_date&page_size=100
    (page 1, and page 50 deep in the set) through DRF's APIClient with a counsel's API token:
    the whole stack (middleware, token authentication, organisation scoping, filters, the
    paginator's COUNT, the serializer with its subject, JSON rendering);
(b) the same page in bare SQL with psycopg: the COUNT(*) pagination needs plus the SELECT with
    the same join to rights, WHERE, ORDER BY and LIMIT/OFFSET, then json.dumps of the rows as
    dicts.

Prints median and p95 of both per page, their ratio, and TARGET MET / TARGET MISSED (exit code
0 either way). The database is created and migrated if needed; data is generated only when the
bench organisation does not already hold exactly the requested scale (--regenerate forces it).
--explain prints the endpoint's queries with EXPLAIN (ANALYZE, BUFFERS); it is also printed
automatically when the target is missed.
"""

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "iptracker.settings.base"
# The base settings need a strong SECRET_KEY with DEBUG off; a throwaway one for the run.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ["DEBUG"] = "False"

ORG_SLUG = "bench-api"
URL = "/api/v1/deadlines/"
PAGE_SIZE = 100
DEEP_PAGE = 50  # or the last page, on a small data set
TARGET = 3.0

# The bare equivalent of the endpoint's two queries (organisation scope + filters + ordering).
WHERE = "d.organisation_id = %(org)s AND d.status = 'open' AND d.due_date >= %(today)s"
COUNT_SQL = f"SELECT count(*) FROM deadlines_deadline d WHERE {WHERE}"
PAGE_SQL = f"""
    SELECT d.id, d.rule, d.cycle, d.title, d.due_date, d.act_by, d.status, d.provisional,
           d.explanation, d.basis, d.subject_key, d.right_id, d.recordal_id,
           d.customs_notice_id, d.guarantee_id, d.responsible_id, d.completed_on,
           d.completed_by_id, d.note, d.created_at, d.updated_at,
           r.kind AS right_kind, r.jurisdiction AS right_jurisdiction, r.title AS right_title,
           r.application_number AS right_application_number,
           r.registration_number AS right_registration_number
    FROM deadlines_deadline d LEFT JOIN rights_right r ON r.id = d.right_id
    WHERE {WHERE}
    ORDER BY d.due_date, d.id
    LIMIT %(limit)s OFFSET %(offset)s
"""


def _encode_default(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rights", type=int, default=100_000)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50, help="timed repetitions per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the API's SQL")
    return parser.parse_args()


def prepare(args, today):
    """Migrate, then make sure the bench organisation holds exactly the requested scale."""
    from django.core.management import call_command

    from bench import _data

    _data.ensure_database()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    member = _data.bench_member(ORG_SLUG, role="counsel")
    with _data.connect() as conn:
        scale = _data.scale_of(conn, member.organisation_id)
    if scale == (args.rights, args.deadlines) and not args.regenerate:
        print(f"data: {scale[0]:,} rights and {scale[1]:,} deadlines already present")
        return member
    with _data.connect() as conn:
        started = time.perf_counter()
        _data.org_data_delete(conn, member.organisation_id)
        conn.commit()
        deleted = time.perf_counter()
        _data.rights_generate(conn, member.organisation_id, args.rights)
        conn.commit()
        rights_done = time.perf_counter()
        _data.deadlines_generate(conn, member.organisation_id, args.deadlines, today=today)
        conn.commit()
        deadlines_done = time.perf_counter()
    _data.vacuum_analyze("rights_right", "deadlines_deadline")
    finished = time.perf_counter()
    print(
        f"data generated in {finished - started:.1f} s: delete old {deleted - started:.1f} s, "
        f"{args.rights:,} rights (COPY) {rights_done - deleted:.1f} s, "
        f"{args.deadlines:,} deadlines (INSERT ... SELECT) {deadlines_done - rights_done:.1f} s, "
        f"VACUUM ANALYZE {finished - deadlines_done:.1f} s"
    )
    return member


def api_page(client, today, page):
    response = client.get(
        URL,
        {
            "status": "open",
            "due_after": today.isoformat(),
            "ordering": "due_date",
            "page_size": PAGE_SIZE,
            "page": page,
        },
    )
    if response.status_code != 200:
        raise SystemExit(f"API answered {response.status_code}: {response.content[:500]!r}")
    return response.content


def sql_page(conn, org_id, today, page):
    params = {
        "org": org_id,
        "today": today,
        "limit": PAGE_SIZE,
        "offset": (page - 1) * PAGE_SIZE,
    }
    with conn.cursor() as cur:
        count = cur.execute(COUNT_SQL, params).fetchone()[0]
        cur.execute(PAGE_SQL, params)
        names = [column.name for column in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    body = {"count": count, "next": None, "previous": None, "results": rows}
    return json.dumps(body, default=_encode_default).encode()


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def explain_api(client, today, page):
    """The endpoint's queries, each with its time and EXPLAIN (ANALYZE, BUFFERS) plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        api_page(client, today, page)
    print(f"\nAPI page {page}: {len(captured)} queries")
    for query in captured.captured_queries:
        print(f"  [{float(query['time']) * 1000:.1f} ms] {query['sql'][:300]}")
    for query in captured.captured_queries:
        sql = query["sql"]
        if "deadlines_deadline" not in sql:
            continue
        with connection.cursor() as cur:
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n    ".join(row[0] for row in cur.fetchall())
        print(f"\n  EXPLAIN ANALYZE {sql[:120]}...\n    {plan}")


def main():
    args = parse_args()
    import django

    django.setup()
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from bench import _data
    from core.clock import today_legal

    _data.refuse_sqlite()
    setup_test_environment(debug=False)
    today = today_legal()
    member = prepare(args, today)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {member.token}")
    org = member.organisation_id
    verdict_ratio = 0.0
    with _data.connect(autocommit=True) as conn:
        open_count = json.loads(sql_page(conn, org, today, 1))["count"]
        pages = (1, max(1, min(DEEP_PAGE, -(-open_count // PAGE_SIZE))))
        # Same page, same ids: otherwise the comparison is not like for like.
        for page in pages:
            api_ids = [row["id"] for row in json.loads(api_page(client, today, page))["results"]]
            sql_ids = [row["id"] for row in json.loads(sql_page(conn, org, today, page))["results"]]
            if api_ids != sql_ids:
                print(f"WARNING: page {page} differs between the API and the bare SQL")
        print(
            f"\nGET {URL}?status=open&due_after={today}&ordering=due_date&page_size={PAGE_SIZE}"
            f" ({open_count:,} matching deadlines); {args.runs} runs after {args.warmup} warm-up"
        )
        print(
            f"{'page':>6} | {'API median':>10} {'API p95':>9} | {'SQL median':>10} {'SQL p95':>9}"
            f" | {'ratio':>6}"
        )
        for page in pages:
            for _ in range(args.warmup):
                api_page(client, today, page)
                sql_page(conn, org, today, page)
            api_times, sql_times = [], []
            for _ in range(args.runs):  # interleaved, so drift hits both alike
                api_times.append(timed(api_page, client, today, page))
                sql_times.append(timed(sql_page, conn, org, today, page))
            api_median, sql_median = statistics.median(api_times), statistics.median(sql_times)
            ratio = api_median / sql_median
            verdict_ratio = max(verdict_ratio, ratio)
            print(
                f"{page:>6} | {api_median * 1000:>7.1f} ms {p95(api_times) * 1000:>6.1f} ms"
                f" | {sql_median * 1000:>7.1f} ms {p95(sql_times) * 1000:>6.1f} ms"
                f" | {ratio:>5.2f}x"
            )
    if verdict_ratio <= TARGET:
        print(f"\nTARGET MET (worst median ratio {verdict_ratio:.2f}x <= {TARGET:g}x)")
    else:
        print(f"\nTARGET MISSED (ratio {verdict_ratio:.2f} > {TARGET:g})")
    if args.explain or verdict_ratio > TARGET:
        for page in pages:
            explain_api(client, today, page)


if __name__ == "__main__":
    main()
