"""Bulk writes for the hot paths (the alert scan, imports).

On PostgreSQL the rows travel as one typed array per column (`unnest`), bound server-side, so
that 20k rows cost one statement and no per-value SQL quoting; other databases use the ORM.
"""

from enum import Enum

import psycopg
from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb
from simple_history import utils as simple_history_utils


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


def _adapter(field):
    """How a field's Python value is bound: JSON wrapped for jsonb, enums as plain values."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else Jsonb(value)
    return _plain


def _insert_columns(model, fields, arrays: list[list], *, returning: bool) -> list:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    casts = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    # Only identifiers from the model's own metadata are formatted in; values are bound.
    sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({casts})"
    with _server_side_cursor() as cursor:
        if not returning:
            cursor.execute(sql, arrays)
            return []
        cursor.execute(f"{sql} RETURNING {pk}", arrays)
        return [key for (key,) in cursor.fetchall()]


def insert_returning_ids(model, objs: list, *, batch_size: int = 5000) -> list:
    """INSERT new instances and give them their primary keys (PostgreSQL: one unnest per batch,
    bound server-side; elsewhere the ORM's bulk_create)."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=1000)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for obj in objs:
        for f in fields:
            if getattr(f, "auto_now", False) or (
                getattr(f, "auto_now_add", False) and getattr(obj, f.attname) is None
            ):
                setattr(obj, f.attname, now)
    for start in range(0, len(objs), batch_size):
        batch = objs[start : start + batch_size]
        arrays = []
        for f in fields:
            adapt, name = _adapter(f), f.attname
            arrays.append([adapt(getattr(obj, name)) for obj in batch])
        keys = _insert_columns(model, fields, arrays, returning=True)
        for obj, key in zip(batch, keys, strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = connection.alias
    return objs


def bulk_create_with_history(objs: list, model, *, user=None, reason: str = "") -> list:
    """Create new instances and their '+' history rows (the rows django-simple-history would
    write), in bulk: PostgreSQL through unnest, elsewhere simple-history's own function."""
    if connection.vendor != "postgresql":
        return simple_history_utils.bulk_create_with_history(
            objs, model, default_user=user, default_change_reason=reason or None
        )
    insert_returning_ids(model, objs)
    history_model = model.history.model
    tracked = list(history_model.tracked_fields)
    meta = history_model._meta
    extra = {
        "history_date": timezone.now(),
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason or None,
        "history_type": "+",
    }
    fields = [meta.get_field(f.name) for f in tracked] + [
        meta.get_field(name.removesuffix("_id")) for name in extra
    ]
    arrays = [[_adapter(f)(getattr(obj, f.attname)) for obj in objs] for f in tracked]
    arrays += [[value] * len(objs) for value in extra.values()]
    _insert_columns(history_model, fields, arrays, returning=False)
    return objs
