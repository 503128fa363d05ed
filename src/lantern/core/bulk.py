"""Raw bulk inserts for generated data: executemany on SQLite, COPY on PostgreSQL.

Several times faster than bulk_create, which spends most of its time preparing every field of
every object. No signals, no save(), no django-simple-history rows: for synthetic data only (the
demo generator and the apps' `synthetic.py`), written inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

from django.db import connection, models

RAW_BATCH = 5000


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


_AS_IS = frozenset({str, int, bool, float, type(None)})


def _sqlite_value(value: Any) -> Any:
    """As Django stores it in SQLite: a datetime as naive UTC text, a date as ISO text."""
    if type(value) in _AS_IS:  # most values: no conversion (checked first, it is the hot path)
        return value
    value = _plain(value)
    if isinstance(value, dt.datetime):
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (values in `columns` order) into `table`. Table and column names must come
    from the models' metadata, never from input."""
    sqlite = connection.vendor == "sqlite"
    as_is = _AS_IS
    if sqlite:  # the type test inline: most values need no conversion, and a call each costs
        prepared = [[v if type(v) in as_is else _sqlite_value(v) for v in row] for row in rows]
    else:
        prepared = [[v if type(v) in as_is else _plain(v) for v in row] for row in rows]
    if not prepared:
        return
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_sql}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        for start in range(0, len(prepared), RAW_BATCH):
            cursor.executemany(sql, prepared[start : start + RAW_BATCH])


@contextmanager
def foreign_keys_checked_once() -> Iterator[None]:
    """For a bulk load on PostgreSQL, inside the caller's transaction: drop the foreign keys of
    every table in the schema, and add them back at the end, each then checked by one query over
    the whole table (pg_restore's order) instead of a trigger per inserted row at commit (489 s of
    a national generation). Nothing is left unchecked: a dangling reference fails at the end and
    the transaction rolls back, constraints and all. SQLite checks nothing here (its foreign keys
    are checked at commit as before)."""
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_once() needs the caller's transaction")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2"
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:  # names from the catalogue, never from input
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def reset_sequences(model_classes: Iterable[type[models.Model]]) -> None:
    """After inserting with explicit ids, PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in model_classes:
            table = model._meta.db_table
            top = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608 (model metadata)
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({top}), 1))", [table])


# How many index entries SQLite's ANALYZE reads per index (what `PRAGMA optimize` uses): enough for
# the planner's estimates, a fraction of a second on the national data set instead of minutes.
SQLITE_ANALYSIS_LIMIT = 1000


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (issue 13). Without them SQLite takes any
    equality on an indexed column as very selective and may walk the wrong index (its statistics
    exist only once ANALYZE has run); PostgreSQL's autovacuum would catch up, later."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM also marks the loaded pages all-visible, so that counts over a covering index
            # need not visit the table (index-only scans). It cannot run inside a transaction.
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
