"""A referral passed to another force and accepted there takes its waiting triage item with it."""

from __future__ import annotations

from tests.nrm.test_passing import Two, _receive, two

from lantern.nrm import passing
from lantern.triage import queue

__all__ = ["two"]  # the fixture, shared with the passing tests


def test_a_waiting_referral_moves_to_the_accepting_forces_triage_queue(two: Two) -> None:
    referral = _receive(two.wmp_spoc, reference="NRM-2026-07009")
    assert [item.referral_id for item in queue.open_items(two.wmp.pk)] == [referral.pk]
    offer = passing.pass_referral(two.wmp_spoc, referral, two.met, "Exploited in Croydon.")
    # While the offer waits, the referral is still West Midlands' to triage.
    assert [item.referral_id for item in queue.open_items(two.wmp.pk)] == [referral.pk]
    passing.accept_passing(two.met_spoc, offer)
    assert list(queue.open_items(two.wmp.pk)) == []
    assert [item.referral_id for item in queue.open_items(two.met.pk)] == [referral.pk]
