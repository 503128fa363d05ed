"""Migrating a test database back to an earlier point, for the tests of data migrations.

`MigrationExecutor.migrate(targets)` backwards replays the state of every migration of the project
after the first one it unapplies, re-rendering every related model at each operation: 30 to 60 s
a test here, for two to nine migrations unapplied. `migrate_back` unapplies the same migrations in
the same order, each from its own ancestors' state (built without rendering, then rendered once).
A migration's operations can only name models of the migrations it depends on, so that state holds
everything its reverse needs. Migrating forward again is left to Django's own executor, which is
what the tests check."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor


def migrate_back(connection: BaseDatabaseWrapper, targets: list[tuple[str, str]]) -> MigrationExecutor:
    """Unapply every applied migration after `targets`; returns an executor that knows the result."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if any(not backwards for _, backwards in plan):
        raise ValueError(f"{targets} is not behind the database: migrate forwards with MigrationExecutor")
    for migration, _ in plan:
        before = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        before.apps  # noqa: B018  # rendered once; each operation's state is a clone of it
        executor.unapply_migration(before, migration)
    return MigrationExecutor(connection)
