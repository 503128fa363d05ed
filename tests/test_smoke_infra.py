"""The test set-up itself works: settings load, Django's system checks pass, migrations match the models."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.management import call_command


def test_settings_load_and_system_checks_pass() -> None:
    assert settings.ROOT_URLCONF == "lantern.config.urls"
    call_command("check", fail_level="ERROR")


def test_database_is_the_one_this_run_asked_for() -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    expected = {"sqlite": "sqlite3", "postgresql": "postgresql"}.get(os.environ.get("LANTERN_TEST_DB", ""))
    if expected is None:
        pytest.skip("LANTERN_TEST_DB not set (pytest run outside ./lantern test)")
    assert engine.endswith(expected)


@pytest.mark.django_db
def test_no_model_changes_without_a_migration() -> None:
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
