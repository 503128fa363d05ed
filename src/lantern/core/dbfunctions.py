"""Database functions Django does not have, written for both databases Lantern runs on."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, FloatField, Func
from django.db.models.sql.compiler import SQLCompiler


class SecondsBetween(Func):
    """`later - earlier` in seconds, as a float, computed by the database itself.

    Django's own datetime subtraction (a DurationField) is a Python function on SQLite, called
    once per row: over tens of thousands of rows it costs seconds. julianday() is SQLite's own.
    """

    output_field = FloatField()
    arity = 2

    def __init__(self, later: Expression | Any, earlier: Expression | Any) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )
