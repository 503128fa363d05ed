"""Synthetic decisions for generated data: derived from the generator's closing timeline entry,
consistent with the rules (a supervisor other than the officer in charge signs off), idempotent."""

from __future__ import annotations

from tests.factories import World

from lantern.cases.models import Case, CaseStatus, TimelineEvent
from lantern.decisions import synthetic
from lantern.decisions.models import Decision, ReviewRight


def test_a_generated_closure_gets_its_decision_once(world: World) -> None:
    Case.objects.filter(pk=world.case.pk).update(status=CaseStatus.CLOSED)
    TimelineEvent.objects.create(
        case=world.case,
        kind="status_changed",
        recorded_by=world.oic,
        force=world.wmp,
        summary="Status changed from Under investigation to Closed: outcome 16, evidential difficulties",
    )
    totals = synthetic.derive(seed=3, open_share=0.0)
    decision = Decision.objects.get(case=world.case)
    line = decision.lines.get()
    assert (decision.state, line.code.code, line.suspect_id) == ("applied", "16", world.suspect.pk)
    assert decision.sign_offs.get().recorded_by_id not in (world.oic.pk, decision.decided_by_id)
    assert ReviewRight.objects.get(decision=decision).scheme == "none"  # 16: the victim withdrew support
    assert totals.closed == 1
    assert synthetic.derive(seed=3, open_share=0.0).closed == 0
