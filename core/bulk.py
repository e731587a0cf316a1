"""Bulk writes for the hot paths (the alert scan).

On PostgreSQL the rows travel as one typed array per column (`unnest`), bound server-side, so
that 20k rows cost one statement and no per-value SQL quoting; other databases use the ORM.
"""

import psycopg
from django.db import connection


def _server_side_cursor():
    """A psycopg cursor that binds parameters on the server, on Django's own connection.

    It shares the connection, hence the current transaction (`transaction.atomic`).
    """
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _plain(value):
    return value.value if hasattr(value, "value") and isinstance(value, str) else value


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
