"""Bench data shared by the benchmarks: organisations, rights and deadlines in bulk.

Rights are loaded with COPY (Python builds valid CNIPA numbers with their check characters);
deadlines with one INSERT ... SELECT over generate_series joined to the organisation's rights.
Nothing goes through the services or the engine (no history rows, no alerts): the point is
volume with a realistic shape, fast.

Call `django.setup()` before using the functions that touch the ORM (`refuse_sqlite`,
`bench_member`). The others take a plain psycopg connection from `connect()`.

Shape (deterministic, no randomness between runs):
- kinds: 40% invention, 20% utility model, 10% design, 28% trademark, 2% copyright;
- every deadline belongs to a right (right FK and subject_key `right:<id>`), ten per right at the
  default scale (100k rights, 1M deadlines), one rule per kind, `cycle` numbering them;
- due dates spread evenly over today -1095 .. today +1095 days (about 455 per day);
- status: future dates 97% open / 3% done; past dates 25% open / 55% done / 15% missed /
  5% waived (with a reason). About 61% open overall.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

KINDS = (
    # (kind, share in percent, CNIPA type digit or None, rule of its deadlines)
    ("invention", 40, "1", "patent_annuity"),
    ("utility_model", 20, "2", "patent_annuity"),
    ("design", 10, "3", "patent_annuity"),
    ("trademark", 28, None, "trademark_renewal_due"),
    ("copyright", 2, None, "customs_record"),
)
_ADJECTIVES = (
    "Adjustable",
    "Foldable",
    "Wireless",
    "Modular",
    "Sealed",
    "Heated",
    "Compact",
    "Reinforced",
)
_NOUNS = (
    "fastening device",
    "battery housing",
    "coffee grinder",
    "bicycle lock",
    "water filter",
    "LED driver",
    "display bracket",
    "hinge assembly",
)
_MARKS = ("SPARROW", "BLUE HERON", "KESTREL", "MAGPIE", "NIGHTJAR", "ORIOLE", "SWIFT")
DAYS_SPREAD = 1095  # +-3 years around today


@dataclass(frozen=True)
class Member:
    organisation_id: int
    user_id: int
    token: str


# --- connections -------------------------------------------------------------------------------


def _conninfo(dbname: str | None = None) -> dict:
    from django.conf import settings

    db = settings.DATABASES["default"]
    info = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "dbname": dbname or db["NAME"],
    }
    if db.get("PASSWORD"):
        info["password"] = db["PASSWORD"]
    return info


def refuse_sqlite() -> None:
    """Exit with a clear message unless the configured database is PostgreSQL."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        sys.exit(
            f"This benchmark needs PostgreSQL, not {engine.rsplit('.', 1)[-1]}. Set DATABASE_URL, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/iptracker_bench"
        )


def ensure_database() -> None:
    """Create the configured database if it does not exist (through the `postgres` database)."""
    info = _conninfo()
    name = info["dbname"]
    with psycopg.connect(**{**info, "dbname": "postgres"}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def connect(*, autocommit: bool = False) -> psycopg.Connection:
    """A plain psycopg connection to the configured database (not Django's)."""
    return psycopg.connect(**_conninfo(), autocommit=autocommit)


# --- organisations and members (ORM) -----------------------------------------------------------


def bench_member(slug: str, *, role: str = "counsel") -> Member:
    """The organisation `slug` and its member `<slug>-<role>` with an API token (idempotent)."""
    from django.contrib.auth import get_user_model

    from accounts.models import Membership, Organisation
    from accounts.tokens import token_create

    org, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )
    user, created = get_user_model().objects.get_or_create(
        username=f"{slug}-{role}", defaults={"email": f"{role}@{slug}.example"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.update_or_create(
        user=user, defaults={"organisation": org, "role": role, "time_zone": "Asia/Shanghai"}
    )
    _, key = token_create(user=user, name="bench", days=30)
    return Member(organisation_id=org.id, user_id=user.id, token=key)


# --- bulk rows ---------------------------------------------------------------------------------


def _check_character(body: str) -> str:
    from rights.numbers import check_character

    return check_character(body)


def _kind_of(index: int) -> tuple[str, str | None]:
    bucket, start = index % 100, 0
    for kind, share, type_digit, _rule in KINDS:
        if bucket < start + share:
            return kind, type_digit
        start += share
    raise AssertionError("shares must add up to 100")


def _right_row(org_id: int, index: int, now: dt.datetime) -> tuple:
    kind, type_digit = _kind_of(index)
    year = 2005 + index % 20
    filing = dt.date(year, 1 + index % 12, 1 + index % 28)
    app_no = reg_no = ""
    grant = registration = None
    annuities = None
    nice = "[]"
    if type_digit:
        body = f"{year}{type_digit}{index:07d}"
        app_no = f"{body}.{_check_character(body)}"
        title = f"{_ADJECTIVES[index % 8]} {_NOUNS[(index // 8) % 8]} {index}"
        status = "granted" if index % 5 else "filed"
        if status == "granted":
            grant = filing + dt.timedelta(days=400 + index % 900)
            annuities = 1 + index % 15
    elif kind == "trademark":
        app_no = str(10_000_000 + index)
        reg_no = app_no
        title = f"{_MARKS[index % len(_MARKS)]} {index}"
        status = "registered"
        registration = filing + dt.timedelta(days=300 + index % 200)
        nice = f"[{1 + index % 45}, {1 + (index + 7) % 45}]"
    else:
        reg_no = f"{year}SR{index:07d}"
        title = f"Firmware {index} for the {_NOUNS[index % 8]}"
        status = "registered"
        registration = filing
    return (
        now,
        now,
        kind,
        "CN",
        title,
        "Bench Holdings Ltd",
        app_no,
        reg_no,
        filing,
        grant,
        registration,
        nice,
        status,
        annuities,
        0,
        f"bench-{index}",
        "",
        org_id,
    )


def rights_generate(conn: psycopg.Connection, org_id: int, count: int) -> list[int]:
    """COPY `count` CN rights into the organisation; returns their ids in creation order."""
    now = dt.datetime.now(dt.UTC)
    start = conn.execute(
        "SELECT count(*) FROM rights_right WHERE organisation_id = %s", [org_id]
    ).fetchone()[0]
    columns = (
        "created_at, updated_at, kind, jurisdiction, title, owner, application_number, "
        "registration_number, filing_date, grant_date, registration_date, nice_classes, status, "
        "annuities_paid_through, renewals, external_id, notes, organisation_id"
    )
    with conn.cursor() as cur, cur.copy(f"COPY rights_right ({columns}) FROM STDIN") as copy:
        for index in range(start + 1, start + count + 1):
            copy.write_row(_right_row(org_id, index, now))
    rows = conn.execute(
        "SELECT id FROM rights_right WHERE organisation_id = %s ORDER BY id", [org_id]
    ).fetchall()
    return [row[0] for row in rows[start:]]


def _skip_fk_triggers(conn: psycopg.Connection) -> bool:
    """Skip the per-row foreign key triggers for the rest of this transaction, if allowed.

    The generated rows are consistent by construction (their organisation and rights are read
    from the database in the same statement); checking 2M deferred foreign keys one by one at
    commit would double the load time. Needs a superuser; otherwise the checks simply run.
    """
    superuser = conn.execute(
        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    ).fetchone()[0]
    if superuser:
        conn.execute("SET LOCAL session_replication_role = replica")
    return superuser


def deadlines_generate(
    conn: psycopg.Connection, org_id: int, count: int, *, today: dt.date
) -> tuple[int, int]:
    """INSERT ... SELECT `count` deadlines spread over the organisation's rights.

    Returns (first id, last id) of the new rows. Deadline number g (0-based) belongs to the
    right number g mod N (N = the organisation's rights) with cycle g div N, which keeps
    (subject_key, rule, cycle) unique; g also drives the due date and the status.
    """
    rules = {kind: rule for kind, _share, _digit, rule in KINDS}
    _skip_fk_triggers(conn)
    row = conn.execute(
        """
        WITH r AS (
            SELECT id, kind, filing_date, (row_number() OVER (ORDER BY id)) - 1 AS n
            FROM rights_right WHERE organisation_id = %(org)s
        ),
        nr AS (SELECT count(*) AS n FROM r),
        g AS (
            -- right-major, like the engine writes them: a right's deadlines are adjacent
            SELECT r.id AS right_id, r.kind, r.filing_date, c AS cycle, c * nr.n + r.n AS g
            FROM nr, r, generate_series(0, (%(count)s - 1) / nr.n) AS c
            WHERE c * nr.n + r.n < %(count)s
        ),
        spread AS (
            SELECT g.*, (g::bigint * 7919) %% (2 * %(spread)s + 1) - %(spread)s AS offs,
                   (g::bigint * 104729 + g / 7) %% 100 AS dice
            FROM g
        ),
        rows AS (
            SELECT right_id, kind, filing_date, cycle, dice,
                   %(today)s::date + offs::int AS due,
                   CASE
                     WHEN offs >= 0 THEN CASE WHEN dice < 97 THEN 'open' ELSE 'done' END
                     WHEN dice < 25 THEN 'open'
                     WHEN dice < 80 THEN 'done'
                     WHEN dice < 95 THEN 'missed'
                     ELSE 'waived'
                   END AS status,
                   (%(rules)s::jsonb ->> kind) AS rule
            FROM spread
        ),
        inserted AS (
            INSERT INTO deadlines_deadline (
                created_at, updated_at, subject_key, rule, cycle, title, due_date, act_by,
                status, provisional, explanation, basis, completed_on, note, organisation_id,
                right_id)
            SELECT now(), now(), 'right:' || right_id, rule, cycle,
                   CASE rule
                     WHEN 'patent_annuity' THEN 'Patent annuity due (year ' || (cycle + 2) || ')'
                     WHEN 'trademark_renewal_due' THEN 'Trademark renewal due (term '
                                                       || (cycle + 1) || ')'
                     ELSE 'Record the right with China Customs (' || (cycle + 1) || ')'
                   END,
                   due, due - 14, status, due > %(today)s::date + 730,
                   'Due ' || due || '. Rule ' || rule || ', counted from the filing date, '
                     || coalesce(filing_date::text, 'n/a')
                     || ': the period ends on a working day, so the date stands.',
                   jsonb_build_object(
                     'rule', rule, 'source', 'bench', 'anchor', filing_date,
                     'anchor_label', 'filing date',
                     'period', jsonb_build_object('amount', cycle + 1, 'unit', 'years'),
                     'counting', 'calendar', 'nominal', due, 'counted', '[]'::jsonb,
                     'skipped', '[]'::jsonb, 'swapped_working_days', '[]'::jsonb,
                     'provisional', due > %(today)s::date + 730),
                   CASE WHEN status = 'done' THEN due - (dice %% 20)::int END,
                   CASE status WHEN 'waived' THEN 'Client let the right lapse (bench).'
                               WHEN 'done' THEN 'Paid (bench).' ELSE '' END,
                   %(org)s, right_id
            FROM rows
            RETURNING id
        )
        SELECT min(id), max(id), count(*) FROM inserted
        """,
        {
            "org": org_id,
            "count": count,
            "spread": DAYS_SPREAD,
            "today": today,
            "rules": Jsonb(rules),
        },
    ).fetchone()
    return row[0], row[1]


def scale_of(conn: psycopg.Connection, org_id: int) -> tuple[int, int]:
    """(rights, deadlines) the organisation holds."""
    rights = conn.execute(
        "SELECT count(*) FROM rights_right WHERE organisation_id = %s", [org_id]
    ).fetchone()[0]
    deadlines = conn.execute(
        "SELECT count(*) FROM deadlines_deadline WHERE organisation_id = %s", [org_id]
    ).fetchone()[0]
    return rights, deadlines


def org_data_delete(conn: psycopg.Connection, org_id: int) -> None:
    """Remove the organisation's deadlines (and their alerts) and rights.

    When the database holds no other organisation, TRUNCATE (everything in these tables and
    those referencing them is the organisation's); otherwise DELETE its rows only.
    """
    others = conn.execute(
        "SELECT count(*) FROM accounts_organisation WHERE id <> %s", [org_id]
    ).fetchone()[0]
    if not others:
        conn.execute("TRUNCATE deadlines_deadline, rights_right CASCADE")
        return
    conn.execute(
        "DELETE FROM notifications_alert WHERE deadline_id IN "
        "(SELECT id FROM deadlines_deadline WHERE organisation_id = %s)",
        [org_id],
    )
    conn.execute("DELETE FROM deadlines_deadline WHERE organisation_id = %s", [org_id])
    conn.execute("DELETE FROM rights_right WHERE organisation_id = %s", [org_id])


def vacuum_analyze(*tables: str) -> None:
    """VACUUM ANALYZE (fresh statistics and visibility map, so index-only scans work)."""
    with connect(autocommit=True) as conn:
        for table in tables:
            conn.execute(f"VACUUM ANALYZE {table}")
