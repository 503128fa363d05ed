"""NrmDecision moved from safeguarding to nrm (issue 8) by a state-only migration pair: the table
and its rows are kept, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from tests.factories import build_world
from tests.migration_steps import migrate_back

from lantern.nrm.models import NrmDecision, NrmReferral


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_decisions_recorded_before_the_move_are_read_by_nrm_after_it() -> None:
    w = build_world()
    before = [("safeguarding", "0002_move_protected_locations"), ("nrm", "0001_initial")]
    executor = migrate_back(connection, before)
    old = executor.loader.project_state(before).apps
    referral = old.get_model("nrm", "NrmReferral").objects.create(
        reference="NRM-MOVE-1",
        reference_normalised="NRMMOVE1",
        person_id=w.victim.pk,
        force_id=w.wmp.pk,
        first_responder="Test",
        referred_at=timezone.now(),
        received_at=timezone.now(),
    )
    old.get_model("safeguarding", "NrmDecision").objects.create(
        referral_id=referral.pk, kind="rg", positive=True, decided_on=dt.date(2026, 1, 5), recorded_by_id=w.oic.pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    decision = NrmDecision.objects.get(referral__reference="NRM-MOVE-1")
    assert (decision.kind, decision.positive, decision.decided_on) == ("rg", True, dt.date(2026, 1, 5))
    assert NrmReferral.objects.get(pk=referral.pk).decisions.count() == 1
    assert NrmDecision._meta.db_table == "safeguarding_nrmdecision"
