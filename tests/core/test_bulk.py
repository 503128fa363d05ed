"""Bulk loads (lantern.core.bulk) on PostgreSQL: the foreign keys are dropped for the load and added
back at its end, so that each is checked once over its whole table; nothing goes unchecked."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from lantern.core import bulk
from lantern.core.models import Force, Team


def _foreign_keys() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = current_schema()"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_checks_every_foreign_key_at_its_end() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's foreign keys only")
    before = _foreign_keys()
    assert before > 50
    force = Force.objects.order_by("pk").first()
    assert force is not None
    with transaction.atomic(), bulk.foreign_keys_checked_once():
        assert _foreign_keys() == 0, "dropped for the load"
        Team.objects.create(force=force, name="Loaded in bulk")
    assert _foreign_keys() == before, "and every one added back"
    assert Team.objects.filter(name="Loaded in bulk").exists()
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.foreign_keys_checked_once():
        Team.objects.create(force_id=10**9, name="Dangling")  # no such force
    assert not Team.objects.filter(name="Dangling").exists(), "the whole load rolled back"
    assert _foreign_keys() == before


def test_a_bulk_load_needs_the_callers_transaction() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's foreign keys only")
    with pytest.raises(RuntimeError), bulk.foreign_keys_checked_once():
        pass
