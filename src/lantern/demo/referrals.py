"""NRM referrals with no crime recorded, and anonymous Duty to Notify records with no case.

A referral a force received more than 24 hours ago, with no crime linked and no reason recorded,
is an alert (failure F1, lantern.nrm.services.unlinked_referrals). Three kinds are generated:

- alerts: received between a day and a half and 45 days before the anchor;
- resolved without a crime: an older referral with the reason recorded (exploitation overseas...);
- just received: in the first half hour of the anchor day, so under 24 hours old for the whole of
  that day, and not yet an alert.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from lantern.cases.references import normalise_reference
from lantern.demo import calibration as cal
from lantern.demo.crimes import World
from lantern.demo.lifecycle import first_responder, new_referral
from lantern.demo.persons import weighted
from lantern.demo.writer import Buffer
from lantern.nrm.models import DutyToNotify

ALERT_RATE = 0.005  # unlinked referrals past the window, per case of the force
RESOLVED_RATE = 0.01
RECENT_RATE = 0.0005
ANONYMOUS_DTN_RATE = 0.05


def unlinked_referral(rng: random.Random, world: World, buf: Buffer, code: str, kind: str) -> None:
    """One referral of `kind` alert, resolved or recent, received by force `code`, with its person."""
    anchor = world.anchor
    if kind == "recent":
        received_at = anchor + timedelta(minutes=rng.uniform(1, 30))
    elif kind == "alert":
        received_at = anchor - timedelta(days=rng.uniform(1.5, 45))
    else:
        received_at = anchor - timedelta(days=rng.uniform(2, 400))
    referred_at = received_at - timedelta(hours=rng.uniform(1, 72))
    nationality = weighted(rng, cal.VICTIM_NATIONALITY)
    child = rng.random() < cal.CHILD_SHARE.get(nationality, cal.CHILD_SHARE_DEFAULT)
    spec = world.people.make(rng, nationality=nationality, female=rng.random() < 0.3, child=child, at=referred_at)
    spec.referred = True
    buf.persons.append(spec)
    buf.nrm.append(
        new_referral(
            rng,
            world,
            person=spec.person,
            nationality=nationality,
            child=child,
            force_id=world.staff.forces[code].force.pk,
            referred_at=referred_at,
            received_at=received_at,
            responder=first_responder(rng),
            no_crime_reason=rng.choice(cal.NO_CRIME_REASONS) if kind == "resolved" else "",
        )
    )


def unlinked_referrals(rng: random.Random, world: World, buf: Buffer, expected_cases: dict[str, float]) -> None:
    """Referrals in proportion to each force's cases (at least one in a force with a few hundred)."""
    for code, n in expected_cases.items():
        for kind, rate in (("alert", ALERT_RATE), ("resolved", RESOLVED_RATE), ("recent", RECENT_RATE)):
            for _ in range(int(n * rate + rng.random())):
                unlinked_referral(rng, world, buf, code, kind)


def anonymous_notifications(rng: random.Random, world: World, buf: Buffer, cases: int) -> None:
    """Duty to Notify records for adults who did not consent, not (yet) linked to any crime."""
    for _ in range(int(cases * ANONYMOUS_DTN_RATE)):
        code = world.single_force or rng.choices(world.force_codes, cum_weights=world.force_cum)[0]
        notified_at: datetime = world.anchor - timedelta(days=rng.uniform(0.5, 3 * 365))
        reference = world.dtn_refs.issue(notified_at)
        types = [weighted(rng, {k: v for k, v in cal.EXPLOITATION.items() if k != "multiple"})]
        buf.dtn.append(
            DutyToNotify(
                reference=reference,
                reference_normalised=normalise_reference(reference),
                force_id=world.staff.forces[code].force.pk,
                person=None,
                notified_at=notified_at,
                exploitation_types=types,
                recorded_at=notified_at,
            )
        )
