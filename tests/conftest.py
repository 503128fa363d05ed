"""Test-wide set-up. Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set
(./lantern test runs both; LANTERN_TEST_DB says which one this run is)."""

from __future__ import annotations

import os
from typing import Any

# Playwright's sync API runs an event loop in the main thread; Django then refuses ORM calls from
# tests that use a browser unless this is set. It must be set before Django is imported.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Property tests check rules, not speed: on a shared 2-core CI machine one example can take longer
# than Hypothesis' default 200 ms deadline, which would fail a correct rule as "flaky".
hypothesis_settings.register_profile("lantern", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "lantern"))


def pytest_configure(config: pytest.Config) -> None:
    import time

    from django.conf import settings

    config._lantern_configured = time.time()  # type: ignore[attr-defined]  # for the timeline below

    # Argon2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic to have run and hashes every URL; the live server
    # used by the browser tests serves static files straight from the finders, which only know
    # the plain names. Tests therefore use the plain storage (collectstatic is checked on its own
    # by ./lantern test).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests travel in time (days and weeks) inside one signed-in session: the idle limit would sign
    # the officer out mid-journey. tests/core/test_auth.py sets it back to test the limit itself.
    settings.LANTERN_IDLE_TIMEOUT_MINUTES = 60 * 24 * 365
    _serialized_rollback_starts_clean()


def _serialized_rollback_starts_clean() -> None:
    """A transactional test restores the database's first content (serialized_rollback) by saving
    each serialized row under its old id. On PostgreSQL a flush does not reset id sequences, and the
    flush after any other transactional test re-creates content types and permissions under new
    ids, so restoring (auth, permission) as id 1 collides with the same row under another id (seen
    with xdist, which puts such tests one after another on a worker). Remove those re-created rows
    first; the serialized content brings them back with their original ids."""
    from django.db import transaction
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize(self: BaseDatabaseCreation, data: str) -> None:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        alias = self.connection.alias
        with transaction.atomic(using=alias):
            Permission.objects.using(alias).all().delete()
            ContentType.objects.using(alias).all().delete()
        ContentType.objects.clear_cache()
        original(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize  # type: ignore[method-assign]
    _test_client_sessions_pass_second_factor()


def _test_client_sessions_pass_second_factor() -> None:
    """The test client's force_login/login bypass the sign-in pages; here (and only here, in the
    test process) such a session is marked as having passed the second factor, as the code step
    marks a real one (docs/decisions/0016-second-factor.md). tests/core/test_second_factor.py
    checks that a session without the mark is refused."""
    from django.test import Client

    from lantern.core import second_factor

    original = Client._login  # type: ignore[attr-defined]

    def _login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if getattr(self, "lantern_skip_second_factor_mark", False):
            return
        session = self.session
        session[second_factor.VERIFIED_KEY] = str(user.pk)
        session.save()

    Client._login = _login  # type: ignore[attr-defined]


_TIMELINE: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """When each test ran, on which worker (setup to teardown), for scripts/test_timeline.py: where
    the suite's wall time goes (start-up, the database's creation, idle workers at the end)."""
    import time

    started = time.time()
    yield
    _TIMELINE.append(f"{started:.3f}\t{time.time():.3f}\t{item.nodeid}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    import time
    from pathlib import Path

    if not _TIMELINE:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = os.environ.get("LANTERN_TEST_DB", "sqlite")
    out = Path(__file__).resolve().parent.parent / "var" / "test-results" / f"timeline-{database}-{worker}.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    configured = getattr(session.config, "_lantern_configured", None)
    head = f"# worker {worker}; configured {configured:.3f}; finished {time.time():.3f}\n" if configured else ""
    out.write_text(head + "\n".join(_TIMELINE) + "\n")


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    return f"lantern: database {engine} (LANTERN_TEST_DB={os.environ.get('LANTERN_TEST_DB', '-')})"


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0] is True)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_checkpoints(tmp_path: object, settings: object) -> None:
    """Each test checkpoints the audit chain into its own directory (the database is new per test)."""
    from pathlib import Path

    settings.LANTERN_AUDIT_CHECKPOINT_DIR = Path(str(tmp_path)) / "audit-checkpoints"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _audit_log_guard(request: pytest.FixtureRequest) -> object:
    """The audit table refuses DELETE (migration core 0007). Transactional tests end with a flush,
    which on SQLite is a DELETE: lift the guard just before the flush and put it back at the start
    of the next transactional test. (On PostgreSQL the flush is a TRUNCATE, which the row trigger
    does not see.) The database fixture is requested from here, so it is torn down (flushed) after
    this fixture's teardown; tests without a database mark get no database access."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    sqlite_transactional = connection.vendor == "sqlite"
    if sqlite_transactional:
        from importlib import import_module

        guard = import_module("lantern.core.migrations.0007_audit_chained_later")
        with connection.cursor() as cursor:
            for sql in guard.SQLITE:
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    else:
        # A test may have disabled the PostgreSQL trigger (as an attacker would); enable it again.
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER audit_no_change")
    _reload_reference_data()
    yield
    if sqlite_transactional:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")


_REFERENCE_DATA_LOADERS: list[tuple[Any, Any]] | None = None
# RunPython operations that are not reference data (they are re-created above, or are schema work, or
# move old rows once: safeguarding 0002 reads every column of a location through its migration's
# historical model, which no longer matches the table after people 0004 renamed created_at).
_NOT_REFERENCE_DATA = {
    ("core", "0002_audit_append_only"),
    ("core", "0007_audit_chained_later"),
    ("people", "0003_name_search_in_database"),
    ("safeguarding", "0002_move_protected_locations"),
    ("cases", "0008_timeline_silent_since"),  # fills old rows once; its `at` is recorded_at since 0009
}


def _reload_reference_data() -> None:
    """A transactional test ends by emptying every table, so the rows that data migrations load
    (forces, Victims' Code deadlines, outcome codes, ...) are gone for the next one. Re-run those
    migrations' (idempotent) loaders, each with the historical models of its migration, before
    every transactional test, so that each starts from the same data as a fresh database."""
    global _REFERENCE_DATA_LOADERS
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    if _REFERENCE_DATA_LOADERS is None:
        loader = MigrationLoader(connection)
        targets = [key for key in loader.graph.leaf_nodes() if key[0] in _lantern_app_labels()]
        plan = []
        for target in targets:
            plan += [key for key in loader.graph.forwards_plan(target) if key not in plan]
        _REFERENCE_DATA_LOADERS = []
        for key in plan:
            if key[0] not in _lantern_app_labels() or key in _NOT_REFERENCE_DATA:
                continue
            operations = [op for op in loader.get_migration(*key).operations if isinstance(op, RunPython)]
            if operations:
                state_apps = loader.project_state(key, at_end=True).apps
                _REFERENCE_DATA_LOADERS += [(op.code, state_apps) for op in operations]
    for code, state_apps in _REFERENCE_DATA_LOADERS:
        with connection.schema_editor() as editor:
            code(state_apps, editor)


def _lantern_app_labels() -> set[str]:
    from django.apps import apps

    return {config.label for config in apps.get_app_configs() if config.name.startswith("lantern.")}
