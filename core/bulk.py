"""Bulk writes for the hot paths (the alert scan, imports).

On PostgreSQL new rows are streamed with COPY (binary; their ids reserved from the table's
sequence first), and conflict-ignoring inserts and updates travel as one typed array per column
(`unnest`), bound server-side: 20k rows cost one statement and no per-value SQL quoting. Other
databases use the ORM.
"""

import gc
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from functools import partial
from operator import attrgetter, itemgetter

import psycopg
from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb
from simple_history import utils as simple_history_utils


@contextmanager
def heap_frozen() -> Iterator[None]:
    """For a bulk job: the objects that exist now (Django, the modules, their caches) are left
    out of the cyclic garbage collector's passes until the job ends (`gc.freeze`). A job that
    allocates millions of objects triggers dozens of full passes, each re-scanning that whole
    heap (about a sixth of an import's CPU time); the job's own objects are still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _Writer:
    """A thread that runs a bulk job's COPYs in order, on the job's own connection (so in its
    transaction), while the caller computes the next chunk: PostgreSQL ingests on one core
    while Python works on the other. Any other statement of the caller first waits until every
    queued write is done (`drain`), so the connection is never used twice at once and every
    statement sees the writes issued before it. A failed write is raised in the caller.
    """

    # One chunk's COPYs (rights, their history, deadlines, theirs): a caller that runs ahead
    # waits to queue more, so at most one chunk's rows wait beside the one being written.
    QUEUED = 4

    def __init__(self, raw_connection):
        self.connection = raw_connection
        self.jobs: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self.error: BaseException | None = None  # kept: the writes after it are skipped
        self.raised = False
        self.ids: dict = {}  # model -> ids reserved, not yet handed out
        self.block: dict = {}  # model -> size of the last reservation
        self._reserving = None
        self.thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:
                    job()
            except BaseException as exc:  # raised in the caller, at its next statement
                self.error = exc
            finally:
                self.jobs.task_done()

    def submit(self, job: Callable[[], None]) -> None:
        self._raise()
        self.jobs.put(job)

    def drain(self) -> None:
        self.jobs.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None and not self.raised:
            self.raised = True
            raise self.error

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()

    def reserving(self):
        """A connection of its own for `nextval` (autocommit): a sequence hands out ids outside
        any transaction, so reserving them need not wait for the queued writes."""
        if self._reserving is None:
            self._reserving = connection.get_new_connection(connection.get_connection_params())
            self._reserving.autocommit = True
        return self._reserving

    def close_reserving(self) -> None:
        if self._reserving is not None:
            self._reserving.close()

    def barrier(self, execute, sql, params, many, context):
        """Django's execute wrapper: a statement of the caller runs after the queued writes."""
        self.drain()
        return execute(sql, params, many, context)


_writer: ContextVar[_Writer | None] = ContextVar("bulk_writer", default=None)
_memo: ContextVar[dict | None] = ContextVar("bulk_memo", default=None)


@contextmanager
def bulk_job() -> Iterator[None]:
    """One bulk job (an import), inside its transaction: the existing heap out of the GC's
    passes (`heap_frozen`), the values read through `job_memo` read once, and on PostgreSQL
    its COPYs written by a background thread (`_Writer`) with ids reserved in blocks. A job
    within a job is the outer one."""
    if _memo.get() is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_job() runs inside the job's transaction (transaction.atomic).")
    token = _memo.set({})
    try:
        with heap_frozen():
            if connection.vendor == "postgresql":
                with _background_writes():
                    yield
            else:
                yield
    finally:
        _memo.reset(token)


@contextmanager
def _background_writes() -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    # Foreign keys checked as each COPY ends, in the writer thread, rather than all at the
    # commit: every Django foreign key is DEFERRABLE INITIALLY DEFERRED, which the last
    # statement puts back (tests/core/test_bulk_job.py checks that no other kind exists).
    with psycopg.Cursor(raw) as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    writer = _Writer(raw)
    token = _writer.set(writer)
    try:
        with connection.execute_wrapper(writer.barrier):
            yield
            writer.drain()
    finally:
        try:
            writer.jobs.join()  # never leave a write running under a rollback
        finally:
            writer.close()
            _writer.reset(token)
            writer.close_reserving()
            if raw.info.transaction_status != psycopg.pq.TransactionStatus.INERROR:
                with psycopg.Cursor(raw) as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def job_memo(key, compute: Callable[[], object]):
    """`compute()`, read once per bulk job (a value the job itself does not change, such as an
    organisation's reminder policy); outside a job, read each time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _server_side_cursor():
    """A psycopg cursor that binds parameters on the server, on Django's own connection.

    It shares the connection, hence the current transaction (`transaction.atomic`). Within a
    bulk job it waits for the queued writes first.
    """
    writer = _writer.get()
    if writer is not None:
        writer.drain()
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _plain(value):
    """A text choice (a str enum) as its plain string, which psycopg binds."""
    return value.value if isinstance(value, str) and isinstance(value, Enum) else value


def insert_ignoring_conflicts(model, rows: list[dict], *, now) -> None:
    """INSERT the rows; rows that hit a unique constraint are skipped (ON CONFLICT DO NOTHING).

    `rows` give attnames (e.g. ``deadline_id``); missing fields take their model default and
    auto timestamps take `now`.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**row) for row in rows], ignore_conflicts=True, batch_size=1000
        )
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns, casts, arrays = [], [], []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        else:
            default = _plain(f.get_default())
        columns.append(connection.ops.quote_name(f.column))
        casts.append(f"%b::{f.db_type(connection)}[]")
        arrays.append([_plain(row.get(f.attname, default)) for row in rows])
    # Only identifiers from the model's own metadata are formatted in; values are bound.
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT * FROM unnest({', '.join(casts)}) ON CONFLICT DO NOTHING"
    )
    with _server_side_cursor() as cursor:
        cursor.execute(sql, arrays)


def update_column_by_id(model, column: str, values: dict, *, where_sql: str, where_params) -> None:
    """SET `column` = values[id] for each id, where the extra condition still holds."""
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    field = model._meta.get_field(column)
    col = connection.ops.quote_name(field.column)
    sql = (
        f"UPDATE {table} AS t SET {col} = v.value "
        f"FROM unnest(%b::bigint[], %b::{field.db_type(connection)}[]) AS v(id, value) "
        f"WHERE t.id = v.id AND {where_sql}"
    )
    with _server_side_cursor() as cursor:
        cursor.execute(sql, [list(values), list(values.values()), *where_params])


def _copy_type(field) -> str:
    """The PostgreSQL type name COPY binds a column's values as (``varchar(300)`` -> varchar)."""
    return field.db_type(connection).split("(", 1)[0]


RESERVE_BLOCK_MAX = 20_000


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence, as its default would give them
    (PostgreSQL): rows written with COPY then carry their ids, known before they are written.

    Within a bulk job they are reserved in growing blocks, on a connection of the job's own:
    ids reserved and not used are gaps, as a rolled-back insert leaves."""
    if count <= 0:
        return []
    writer = _writer.get()
    if writer is None:
        return _nextval(model, count)
    pool = writer.ids.setdefault(model, [])
    if len(pool) < count:
        block = max(count - len(pool), min(2 * writer.block.get(model, 0), RESERVE_BLOCK_MAX))
        writer.block[model] = block
        pool.extend(_nextval(model, block, psycopg.Cursor(writer.reserving())))
    taken = pool[:count]
    del pool[:count]
    return taken


def _nextval(model, count: int, cursor=None) -> list[int]:
    sql = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
    with cursor or _server_side_cursor() as cursor:
        cursor.execute(sql, [model._meta.db_table, model._meta.pk.column, count])
        return [key for (key,) in cursor.fetchall()]


def copy_rows(model, fields, rows: Iterable[Sequence]) -> None:
    """COPY `rows` (tuples of Python values in the order of `fields`) into the model's table, in
    PostgreSQL's binary format: one stream, no SQL text, each value dumped by psycopg's C
    dumpers (a dict into a jsonb column as JSON, a text choice as its string).

    Within a bulk job the COPY is queued for the job's writer thread: `rows` must not change
    afterwards (the callers pass rows built from the instances' values at that moment)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Only identifiers from the model's own metadata are formatted in; values are streamed.
    sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
    types = [_copy_type(f) for f in fields]
    writer = _writer.get()
    if writer is not None:
        writer.submit(partial(_copy, writer.connection, sql, types, rows))
        return
    connection.ensure_connection()
    _copy(connection.connection, sql, types, rows)


def _copy(raw_connection, sql: str, types: list[str], rows: Iterable[Sequence]) -> None:
    with psycopg.Cursor(raw_connection) as cursor, cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _stamp_auto_times(model, objs: list) -> None:
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            for obj in objs:
                setattr(obj, f.attname, now)
        elif getattr(f, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, f.attname) is None:
                    setattr(obj, f.attname, now)


class _Encoded(Jsonb):
    """A JSON value already encoded to text: written as it is (psycopg's jsonb dumper calls
    `dumps` on the wrapped value)."""

    __slots__ = ()

    def __init__(self, text: str):
        super().__init__(text, dumps=str)


def _rows_for_copy(objs: list, fields) -> list:
    """Each object's values in the order of `fields`, JSON encoded once (a history row shares
    it), as Django's JSONField encodes it (the field's encoder)."""
    values = attrgetter(*(f.attname for f in fields))
    encoders = [
        (i, partial(json.dumps, cls=f.encoder))
        for i, f in enumerate(fields)
        if isinstance(f, models.JSONField)
    ]
    if not encoders:
        return list(map(values, objs))
    rows = []
    for obj in objs:
        row = list(values(obj))
        for i, dumps in encoders:
            if row[i] is not None:
                row[i] = _Encoded(dumps(row[i]))
        rows.append(row)
    return rows


def assign_ids(objs: list, model) -> bool:
    """Give new instances their primary keys before they are written (PostgreSQL: reserved
    from the table's sequence), so that rows naming them can be built first. False where the
    database gives ids only on insert (SQLite): the caller writes the instances first."""
    if connection.vendor != "postgresql":
        return False
    for obj, key in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = key
    return True


def _insert_with_copy(model, objs: list) -> tuple[list, list]:
    """Reserve the ids (of the instances without one), COPY the rows; returns the fields and
    the rows as written."""
    _stamp_auto_times(model, objs)
    pk = model._meta.pk
    without = [obj for obj in objs if obj.pk is None]
    for obj, key in zip(without, reserve_ids(model, len(without)), strict=True):
        obj.pk = key
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    fields = [pk, *(f for f in model._meta.concrete_fields if not f.primary_key)]
    rows = _rows_for_copy(objs, fields)
    copy_rows(model, fields, rows)
    return fields, rows


def bulk_create_with_history(objs: list, model, *, user=None, reason: str = "") -> list:
    """Create new instances and their '+' history rows (the rows django-simple-history would
    write), in bulk: PostgreSQL through COPY, elsewhere simple-history's own function."""
    if connection.vendor != "postgresql":
        return simple_history_utils.bulk_create_with_history(
            objs, model, default_user=user, default_change_reason=reason or None
        )
    if not objs:
        return objs
    fields, rows = _insert_with_copy(model, objs)
    history_model = model.history.model
    meta = history_model._meta
    at = {f.name: i for i, f in enumerate(fields)}
    tracked = [at[f.name] for f in history_model.tracked_fields]
    extra = (timezone.now(), getattr(user, "pk", None), reason or None, "+")
    names = ("history_date", "history_user", "history_change_reason", "history_type")
    history_fields = [meta.get_field(f.name) for f in history_model.tracked_fields]
    history_fields += [meta.get_field(name) for name in names]
    pick = itemgetter(*tracked)
    copy_rows(history_model, history_fields, (pick(row) + extra for row in rows))
    return objs
