"""What the demo sign-ins need to have something to show, added after the demo-scale cases.

- `investigator` (WMP) has open handovers offered to them by `supervisor`;
- `advocate` has consenting clients whose cases are in West Midlands and one in the Met, and one
  client who withdrew consent;
- the CPS (`cps`) has referrals of West Midlands cases;
- West Midlands has NRM referrals with no crime recorded: at least three past the 24-hour window
  (alerts), one just received, one resolved with a reason; the Met has some too.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from lantern.cases.models import AdvocateAssignment, CaseStatus, CpsReferral, Handover, TimelineEvent
from lantern.core.reference_data import CPS_NAME
from lantern.demo import calibration as cal
from lantern.demo.crimes import CaseDraft, World
from lantern.demo.persons import PersonSpec
from lantern.demo.referrals import unlinked_referral
from lantern.demo.writer import Buffer, EventRow

Ev = TimelineEvent.Kind


def _open_in(world: World, code: str) -> list[CaseDraft]:
    force = world.staff.forces[code].force
    return [d for d in world.drafts if d.case.force_id == force.pk and d.case.status != CaseStatus.CLOSED]


def _after_last_event(draft: CaseDraft, at: datetime, world: World) -> datetime:
    """`at`, or halfway between the case's last event and the anchor if that is later."""
    last = draft.case.updated_at
    return at if at > last else last + (world.anchor - last) / 2


def add_demo_fixtures(rng: random.Random, world: World) -> dict[str, int]:
    demo = world.staff.demo
    buf = Buffer()
    wmp_open = _open_in(world, "WMP")
    mps_open = _open_in(world, "MPS")
    extra_events: list[EventRow] = []

    # Handovers offered to the investigator, waiting for an answer.
    investigator, supervisor = demo["investigator"], demo["supervisor"]
    candidates = [d for d in wmp_open if d.case.officer_in_charge_id != investigator.pk]
    for draft in rng.sample(candidates, min(3, len(candidates))):
        offered_at = _after_last_event(draft, world.anchor - timedelta(hours=rng.uniform(2, 60)), world)
        reason = rng.choice(cal.HANDOVER_REASONS)
        buf.handovers.append(
            Handover(
                case=draft.case,
                from_officer_id=draft.case.officer_in_charge_id,
                to_officer=investigator,
                offered_by=supervisor,
                reason=reason,
                state=Handover.State.OFFERED,
                offered_at=offered_at,
            )
        )
        extra_events.append(
            (
                draft.case,
                offered_at,
                Ev.HANDOVER_OFFERED,
                supervisor.pk,
                f"Handover to {investigator.display_name} offered: {reason}",
                draft.case.force_id,
            )
        )

    # The advocate's clients: victims of open WMP cases (and one Met case) who consented.
    advocate = demo["advocate"]
    chosen: list[PersonSpec] = []

    def victims_of(drafts: list[CaseDraft]) -> list[PersonSpec]:
        seen: list[PersonSpec] = []
        for draft in drafts:
            for party in draft.victims:
                if party.spec not in seen and party.spec not in chosen:
                    seen.append(party.spec)
        return seen

    wmp_victims = victims_of(wmp_open)
    clients = rng.sample(wmp_victims, min(5, len(wmp_victims)))
    chosen += clients
    mps_victims = victims_of(mps_open)
    clients += rng.sample(mps_victims, min(1, len(mps_victims)))
    for i, spec in enumerate(clients):
        given = min(spec.person.recorded_at + timedelta(days=rng.uniform(1, 20)), world.anchor - timedelta(days=1))
        withdrawn = None
        if i == 0:  # this client later withdrew consent: the advocate no longer sees the case
            withdrawn = given + (world.anchor - given) * rng.uniform(0.3, 0.9)
        buf.assignments.append(
            AdvocateAssignment(
                person=spec.person,
                advocate=advocate,
                organisation_id=advocate.organisation_id,
                given_how="in_writing" if i % 2 else "orally_interpreter",
                consent_given_at=given,
                consent_withdrawn_at=withdrawn,
                recorded_at=given,
            )
        )

    # CPS referrals of West Midlands cases, for the CPS liaison.
    cps_org = world.staff.organisations[CPS_NAME]
    already = CpsReferral.objects.filter(case__force=world.staff.forces["WMP"].force, organisation=cps_org).count()
    wanted = [d for d in wmp_open if d.suspects and d.case.status == CaseStatus.INVESTIGATING]
    for draft in wanted[: max(0, 3 - already)]:
        at = _after_last_event(draft, world.anchor - timedelta(days=rng.uniform(2, 20)), world)
        buf.cps.append(CpsReferral(case=draft.case, organisation=cps_org, kind="early_advice", referred_at=at))
        extra_events.append(
            (
                draft.case,
                at,
                Ev.CPS_REFERRAL,
                draft.case.officer_in_charge_id,
                "Early investigative advice requested from the CPS",
                draft.case.force_id,
            )
        )

    # NRM referrals with no crime recorded.
    for code, kinds in (
        ("WMP", ("alert", "alert", "alert", "alert", "recent", "recent", "resolved")),
        ("MPS", ("alert", "alert", "recent", "resolved")),
    ):
        for kind in kinds:
            unlinked_referral(rng, world, buf, code, kind)

    buf.timeline += extra_events
    buf.flush()
    return {
        "handovers offered": len(buf.handovers),
        "advocate clients": len(buf.assignments),
        "CPS referrals": len(buf.cps),
        "unlinked NRM referrals": len(buf.nrm),
    }
