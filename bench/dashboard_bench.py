"""Counsel's dashboard and the docket report's first page vs bare SQL, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_bench \
        .venv/bin/python bench/dashboard_bench.py [--rights 100000] [--deadlines 1000000]
        [--runs 30] [--warmup 5] [--regenerate] [--explain]

(a) GET / and GET /docket/ through Django's test client as a logged-in counsel: the whole
    stack (sessions, the membership middleware, selectors, django-filter, the paginator's
    COUNT, template rendering with "why this date" and the row actions);
(b) the same figures in bare SQL with psycopg: for the dashboard, the bucket/month aggregate
    and each section's first rows with their total; for the docket, the COUNT and the first
    page with the same joins, WHERE and ORDER BY.

Data: the organisation `bench-api` of bench/api_deadlines.py (shared generator bench/_data.py):
100k rights and 1M deadlines, generated only when the organisation does not hold exactly the
requested scale. Targets: dashboard at most 15 queries and 3x; docket page at most 2x. Prints
medians, p95, query counts, ratios and TARGET MET / TARGET MISSED (exit code 0 either way).
"""

import argparse
import datetime as dt
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

TARGETS = {"dashboard": (3.0, 15), "docket": (2.0, None)}
LIVE = "('open', 'missed')"
SUBJECT_JOINS = """
    LEFT JOIN rights_right r ON r.id = d.right_id
    LEFT JOIN customs_recordal rc ON rc.id = d.recordal_id
    LEFT JOIN customs_customsnotice n ON n.id = d.customs_notice_id
    LEFT JOIN customs_generalguarantee g ON g.id = d.guarantee_id
    LEFT JOIN auth_user u ON u.id = d.responsible_id
"""
ROW = "d.*, r.*, rc.*, n.*, g.*, u.*"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rights", type=int, default=100_000)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--explain", action="store_true", help="each page's SQL with its time")
    return parser.parse_args()


def dashboard_sql(conn, org: int, today: dt.date) -> list:
    """The dashboard's figures (one statement of scalar counts) and each section's first rows."""
    from dashboard.selectors import (
        NOTICE_ROWS,
        OVERDUE_LOOKBACK_DAYS,
        SECTION_ROWS,
        UPCOMING_ROWS,
        month_starts,
    )
    from rights.selectors import CHINA_FILING_RULES

    p = {"org": org, "today": today, "since": today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)}
    p |= {f"d{n}": today + dt.timedelta(days=n) for n in (6, 30, 90)}
    p["rules"] = list(CHINA_FILING_RULES)
    starts = month_starts(today)
    for i in range(12):
        p[f"m{i}a"], p[f"m{i}b"] = max(starts[i], today), starts[i + 1]
    dl = "FROM deadlines_deadline d WHERE d.organisation_id = %(org)s"
    live, open_ = f"{dl} AND d.status IN {LIVE}", f"{dl} AND d.status = 'open'"
    where = {
        "overdue": f"{live} AND d.due_date >= %(since)s AND d.due_date < %(today)s",
        "upcoming": f"{open_} AND d.due_date >= %(today)s AND d.due_date <= %(d90)s",
        "notices": f"""{live} AND d.rule = 'customs_notice_response' AND d.due_date >= %(since)s
            AND EXISTS (SELECT 1 FROM customs_customsnotice n
                        WHERE n.id = d.customs_notice_id AND n.status = 'open')""",
        "recordals": """FROM customs_recordal rc WHERE rc.organisation_id = %(org)s
            AND rc.status = 'active' AND rc.valid_until >= %(today)s
            AND rc.renewal_window_opens <= %(d30)s""",
        "unrecorded": f"{live} AND d.rule = 'customs_record'",
        "windows": f"{open_} AND d.rule = ANY(%(rules)s)",
        "provisional": f"{open_} AND d.provisional",
        "failed": """FROM notifications_alert a WHERE a.organisation_id = %(org)s
            AND a.state = 'failed' AND a.kind <> 'digest'""",
    }
    counts = [
        f"{open_} AND d.due_date = %(today)s",
        f"{open_} AND d.due_date >= %(today)s AND d.due_date <= %(d6)s",
        f"{open_} AND d.due_date >= %(today)s AND d.due_date <= %(d30)s",
        *where.values(),
        *(f"{open_} AND d.due_date >= %(m{i}a)s AND d.due_date < %(m{i}b)s" for i in range(12)),
    ]
    results = []
    with conn.cursor() as cur:

        def fetch(sql):
            results.append(cur.execute(sql, p).fetchall())

        fetch("SELECT " + ", ".join(f"(SELECT count(*) {c})" for c in counts))
        deadline_rows = f"SELECT {ROW} FROM deadlines_deadline d {SUBJECT_JOINS} WHERE d.id IN"
        for name, order, limit in (
            ("overdue", "d.due_date DESC, d.id DESC", SECTION_ROWS),
            ("upcoming", "d.due_date, d.id", UPCOMING_ROWS),
            ("notices", "d.due_date, d.id", NOTICE_ROWS),
            ("unrecorded", "d.due_date, d.id", SECTION_ROWS),
            ("windows", "d.due_date, d.id", SECTION_ROWS),
            ("provisional", "d.due_date, d.id", SECTION_ROWS),
        ):
            fetch(
                f"""{deadline_rows} (SELECT d.id {where[name]} ORDER BY {order} LIMIT {limit})
                ORDER BY {order}"""
            )
        fetch(
            f"""SELECT rc.*, r.* {where["recordals"]} AND TRUE
              ORDER BY rc.valid_until, rc.id LIMIT {SECTION_ROWS}""".replace(
                "FROM customs_recordal rc",
                "FROM customs_recordal rc JOIN rights_right r ON r.id = rc.right_id",
            )
        )
        fetch(
            f"""SELECT a.*, u.*, d.*, r.* FROM notifications_alert a
              JOIN auth_user u ON u.id = a.recipient_id
              LEFT JOIN deadlines_deadline d ON d.id = a.deadline_id
              LEFT JOIN rights_right r ON r.id = d.right_id
            WHERE a.id IN (SELECT a.id {where["failed"]} ORDER BY a.updated_at DESC, a.id DESC
                           LIMIT {SECTION_ROWS})"""
        )
        fetch(
            """SELECT kind, status, count(*) FROM rights_right WHERE organisation_id = %(org)s
            GROUP BY kind, status"""
        )
    return results


def docket_sql(conn, org: int, today: dt.date) -> list:
    """The docket's default first page: live dates from the overdue window on."""
    from dashboard.selectors import OVERDUE_LOOKBACK_DAYS
    from dashboard.views.docket import PAGE_SIZE

    p = {"org": org, "since": today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS)}
    where = f"d.organisation_id = %(org)s AND d.status IN {LIVE} AND d.due_date >= %(since)s"
    with conn.cursor() as cur:
        count = cur.execute(
            f"SELECT count(*) FROM deadlines_deadline d WHERE {where}", p
        ).fetchone()
        rows = cur.execute(
            f"""SELECT {ROW} FROM deadlines_deadline d {SUBJECT_JOINS} WHERE {where}
            ORDER BY d.due_date, d.id LIMIT {PAGE_SIZE}""",
            p,
        ).fetchall()
    return [count, rows]


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def p95(samples):
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def main():
    args = parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench import _data
    from bench.api_deadlines import prepare
    from core.clock import today_legal

    _data.refuse_sqlite()
    # Not setup_test_environment(): its instrumented template rendering (a signal per
    # template) is test machinery that production does not pay.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    today = today_legal()
    member = prepare(args, today)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the production manifest
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=member.user_id))
    org = member.organisation_id

    def page(url):
        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response

        return get

    pages = {
        "dashboard": (page("/"), lambda conn: dashboard_sql(conn, org, today)),
        "docket": (page("/docket/"), lambda conn: docket_sql(conn, org, today)),
    }
    verdicts = []
    with _data.connect(autocommit=True) as conn:
        print(f"\n{args.runs} runs after {args.warmup} warm-up, interleaved")
        print(
            f"{'page':>10} | {'queries':>7} | {'app median':>10} {'app p95':>9} | "
            f"{'SQL median':>10} {'SQL p95':>9} | {'ratio':>6}"
        )
        for name, (app, bare) in pages.items():
            captured: list[str] = []

            def record(execute, sql, params, many, context, captured=captured):
                captured.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                app()
            for _ in range(args.warmup):
                app()
                bare(conn)
            app_times, sql_times = [], []
            for _ in range(args.runs):
                app_times.append(timed(app))
                sql_times.append(timed(bare, conn))
            ratio = statistics.median(app_times) / statistics.median(sql_times)
            print(
                f"{name:>10} | {len(captured):>7} | {statistics.median(app_times) * 1000:>7.1f} ms "
                f"{p95(app_times) * 1000:>6.1f} ms | {statistics.median(sql_times) * 1000:>7.1f} ms "
                f"{p95(sql_times) * 1000:>6.1f} ms | {ratio:>5.2f}x"
            )
            max_ratio, max_queries = TARGETS[name]
            met = ratio <= max_ratio and (max_queries is None or len(captured) <= max_queries)
            verdicts.append((name, met, ratio, len(captured)))
            if args.explain or not met:
                for sql in captured:
                    print(f"    {sql[:160]}")
    for name, met, ratio, queries in verdicts:
        max_ratio, max_queries = TARGETS[name]
        limit = f"<= {max_ratio:g}x" + (f", <= {max_queries} queries" if max_queries else "")
        print(
            f"{name}: {'TARGET MET' if met else 'TARGET MISSED'} ({ratio:.2f}x, {queries} queries; {limit})"
        )


if __name__ == "__main__":
    main()
