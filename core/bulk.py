"""Bulk writes for the hot paths (the alert scan, imports).

On PostgreSQL new rows are streamed with COPY (binary; their ids reserved from the table's
sequence first), and conflict-ignoring inserts and updates travel as one typed array per column
(`unnest`), bound server-side: 20k rows cost one statement and no per-value SQL quoting. Other
databases use the ORM.
"""

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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


def _server_side_cursor():
    """A psycopg cursor that binds parameters on the server, on Django's own connection.

    It shares the connection, hence the current transaction (`transaction.atomic`).
    """
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


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys from the table's own sequence, as its default would give them
    (PostgreSQL): rows written with COPY then carry their ids, known before they are written."""
    if count <= 0:
        return []
    sql = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
    with _server_side_cursor() as cursor:
        cursor.execute(sql, [model._meta.db_table, model._meta.pk.column, count])
        return [key for (key,) in cursor.fetchall()]


def copy_rows(model, fields, rows: Iterable[Sequence]) -> None:
    """COPY `rows` (tuples of Python values in the order of `fields`) into the model's table, in
    PostgreSQL's binary format: one stream, no SQL text, each value dumped by psycopg's C
    dumpers (a dict into a jsonb column as JSON, a text choice as its string)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Only identifiers from the model's own metadata are formatted in; values are streamed.
    sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
    with _server_side_cursor() as cursor, cursor.copy(sql) as copy:
        copy.set_types([_copy_type(f) for f in fields])
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


def insert_returning_ids(model, objs: list, *, batch_size: int = 5000) -> list:
    """INSERT new instances and give them their primary keys (PostgreSQL: ids reserved from the
    table's sequence, the rows written with COPY; elsewhere the ORM's bulk_create)."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=1000)
    _insert_with_copy(model, objs)
    return objs


def _insert_with_copy(model, objs: list) -> tuple[list, list]:
    """Reserve the ids, COPY the rows; returns the fields and the rows as written."""
    _stamp_auto_times(model, objs)
    pk = model._meta.pk
    for obj, key in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = key
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
