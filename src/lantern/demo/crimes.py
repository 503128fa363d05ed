"""One synthetic case: force, references, offences, parties, ownership over time, places.

The life of the case after it is recorded (statuses, contacts, enquiries, referrals linked) is
built by lantern.demo.lifecycle. Everything is decided from the `random.Random` passed in, never
from database ids, so the same seed gives the same cases.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from lantern.cases.models import (
    AdvocateAssignment,
    Case,
    CaseLocation,
    CaseParty,
    CaseReference,
    Handover,
    Offence,
    PartyRole,
    TimelineEvent,
    Transfer,
)
from lantern.cases.references import normalise_reference, prefixed
from lantern.core import crypto
from lantern.core.models import User
from lantern.demo import calibration as cal
from lantern.demo.persons import PersonSpec, weighted
from lantern.demo.staff import ForceStaff
from lantern.demo.world import (  # the generator's data types; re-exported for their readers
    MAIN_TYPES as MAIN_TYPES,
)
from lantern.demo.world import (
    SPAN_DAYS as SPAN_DAYS,
)
from lantern.demo.world import (
    CaseDraft as CaseDraft,
)
from lantern.demo.world import (
    Party as Party,
)
from lantern.demo.world import (
    ReusePool as ReusePool,
)
from lantern.demo.world import (
    Segment as Segment,
)
from lantern.demo.world import (
    World as World,
)
from lantern.demo.world import (
    random_days as random_days,
)
from lantern.demo.writer import Buffer
from lantern.people.models import Location
from lantern.safeguarding.models import ProtectedDetail

Ev = TimelineEvent.Kind


class CaseBuilder:
    def __init__(self, world: World) -> None:
        self.world = world

    # --- the case and its owners -------------------------------------------------------------

    def build(self, rng: random.Random, buf: Buffer, pool: ReusePool) -> CaseDraft:
        from lantern.demo import lifecycle  # the second half of a case's story

        w = self.world
        final_code = w.single_force or rng.choices(w.force_codes, cum_weights=w.force_cum)[0]
        days_ago = rng.uniform(0, SPAN_DAYS) if rng.random() < 0.5 else rng.triangular(0, SPAN_DAYS, 0)
        reported_at = w.anchor - timedelta(days=days_ago, minutes=5)
        age = days_ago
        closed = age >= 7 and rng.random() < min(0.85, 0.1 + age / 700)
        end = (
            max(reported_at + random_days(rng, 0.15, 0.9) * age, reported_at + timedelta(days=5))
            if closed
            else w.anchor
        )
        span = (end - reported_at).total_seconds() / 86400
        transferred = age >= 20 and span >= 10 and rng.random() < 0.05
        orig_code = w.neighbour(rng, final_code) if transferred else final_code
        orig, final = w.staff.forces[orig_code], w.staff.forces[final_code]

        etype = weighted(rng, cal.EXPLOITATION)
        if etype == "multiple":
            main = rng.choices(MAIN_TYPES, weights=(30, 30, 15, 5))[0]
            types = [main, rng.choice(cal.SECONDARY_TYPES[main])]
        else:
            main, types = etype, [etype]

        recorder = orig.pick_recorder(rng)
        first_oic = orig.pick_holder(rng)
        crn_orig = w.crn.issue(orig_code, reported_at, rng)
        case = Case(
            force_id=final.force.pk,
            status="recorded",
            exploitation_types=types,
            reported_at=reported_at,
            recorded_at=reported_at,
            recorded_by_id=recorder.pk,
            version=1,
        )
        draft = CaseDraft(
            case=case,
            main_type=main,
            types=types,
            reported_at=reported_at,
            end=end,
            closed=closed,
            recorder=recorder,
            segments=[Segment(reported_at, orig, first_oic)],
        )
        draft.event(
            reported_at, Ev.CASE_RECORDED, recorder, f"Crime recorded; officer in charge {first_oic.display_name}"
        )
        buf.references.append(
            case_reference(
                case,
                CaseReference.Kind.PREVIOUS_CRIME if transferred else CaseReference.Kind.CRIME,
                orig_code,
                crn_orig,
                reported_at,
            )
        )
        crn_final = crn_orig
        changes: list[tuple[datetime, str]] = []
        if transferred:
            changes.append((reported_at + random_days(rng, 3, min(60.0, span * 0.5)), "transfer"))
        if span >= 5:
            for _ in range(rng.choices((0, 1, 2), weights=(68, 25, 7))[0]):
                changes.append((reported_at + random_days(rng, 2, span - 1), "handover"))
        for at, kind in sorted(changes):
            current = draft.segments[-1]
            if kind == "transfer":
                crn_final = w.crn.issue(final_code, at, rng)
                self._transfer(rng, buf, draft, at, final, crn_orig, crn_final)
            else:
                self._handover(rng, buf, draft, at, current)
        case.crime_reference = crn_final
        case.crime_reference_normalised = normalise_reference(crn_final)
        case.officer_in_charge_id = draft.segments[-1].oic.pk

        self._offences(rng, buf, draft)
        self._parties(rng, buf, draft, pool, final_code)
        self._places(rng, buf, draft, final_code)
        case.summary = self._summary(rng, draft)
        lifecycle.live(rng, w, buf, draft)

        draft.events.sort(key=lambda e: e[0])
        case.updated_at = draft.events[-1][0]
        buf.cases.append(case)
        buf.timeline += [(case, at, kind, actor, summary, force) for at, kind, actor, summary, force in draft.events]
        if w.keep_drafts:
            w.drafts.append(draft)
        return draft

    def _transfer(
        self,
        rng: random.Random,
        buf: Buffer,
        draft: CaseDraft,
        at: datetime,
        final: ForceStaff,
        crn_orig: str,
        crn_final: str,
    ) -> None:
        current = draft.segments[-1]
        requested_at = max(at - random_days(rng, 0.5, 7), current.start + timedelta(hours=1))
        decider = final.pick_decider(rng)
        new_oic = final.pick_holder(rng)
        reason = rng.choice(cal.TRANSFER_REASONS)
        buf.transfers.append(
            Transfer(
                case=draft.case,
                from_force_id=current.staff.force.pk,
                to_force_id=final.force.pk,
                from_reference=crn_orig,
                to_reference=crn_final,
                reason=reason,
                requested_by_id=current.oic.pk,
                requested_at=requested_at,
                decided_by_id=decider.pk,
                decided_at=at,
                state=Transfer.State.ACCEPTED,
            )
        )
        draft.event(
            requested_at, Ev.TRANSFER_REQUESTED, current.oic, f"Transfer to {final.force.name} requested: {reason}"
        )
        draft.segments.append(Segment(at, final, new_oic))
        old_code = current.staff.force.code
        draft.event(
            at,
            Ev.TRANSFER_ACCEPTED,
            decider,
            f"Case transferred from {current.staff.force.name} ({old_code} {crn_orig}); new crime reference "
            f"{final.force.code} {crn_final}; officer in charge {new_oic.display_name}",
        )
        buf.references.append(case_reference(draft.case, CaseReference.Kind.CRIME, final.force.code, crn_final, at))

    def _handover(self, rng: random.Random, buf: Buffer, draft: CaseDraft, at: datetime, current: Segment) -> None:
        fs = current.staff
        new_oic = fs.pick_holder(rng, other_than=current.oic)
        offered_at = max(at - timedelta(hours=rng.uniform(1, 72)), current.start + timedelta(minutes=30))
        offered_by = fs.pick_decider(rng) if rng.random() < 0.6 else current.oic
        reason = rng.choice(cal.HANDOVER_REASONS)
        buf.handovers.append(
            Handover(
                case=draft.case,
                from_officer_id=current.oic.pk,
                to_officer_id=new_oic.pk,
                offered_by_id=offered_by.pk,
                reason=reason,
                state=Handover.State.ACCEPTED,
                offered_at=offered_at,
                decided_at=at,
            )
        )
        draft.event(
            offered_at, Ev.HANDOVER_OFFERED, offered_by, f"Handover to {new_oic.display_name} offered: {reason}"
        )
        draft.segments.append(Segment(at, fs, new_oic))
        draft.event(
            at,
            Ev.HANDOVER_ACCEPTED,
            new_oic,
            f"{new_oic.display_name} accepted the case from {current.oic.display_name}",
        )

    # --- what happened and to whom -----------------------------------------------------------

    def _offences(self, rng: random.Random, buf: Buffer, draft: CaseDraft) -> None:
        first = weighted(rng, cal.FIRST_OFFENCE)
        legislation = [first]
        if first in ("msa_s1", "msa_s2") and rng.random() < 0.3:
            legislation.append("msa_s2" if first == "msa_s1" else "msa_s1")
        if rng.random() < 0.3:
            legislation.append("other")
        reported = draft.reported_at
        for i, code in enumerate(legislation):
            if code == "other":
                description = rng.choice(cal.OTHER_OFFENCES.get(draft.main_type) or cal.OTHER_OFFENCES["any"])
            elif code == "msa_s1":
                description = cal.OFFENCE_DESCRIPTIONS[code][1 if draft.main_type == "labour" else rng.randrange(2)]
            else:
                description = cal.OFFENCE_DESCRIPTIONS[code][0]
            start = (reported - random_days(rng, 10, 700)).date()
            buf.offences.append(
                Offence(
                    case=draft.case,
                    legislation=code,
                    description=description,
                    committed_from=start,
                    committed_to=min(reported.date(), start + random_days(rng, 0, 600)),
                )
            )
            draft.event(
                reported + timedelta(minutes=3 + i), Ev.OFFENCE_ADDED, draft.recorder, f"Offence added: {description}"
            )

    def _person(
        self,
        rng: random.Random,
        buf: Buffer,
        *,
        nationality: str,
        female: bool,
        child: bool,
        at: datetime,
        suspect: bool,
        by: User,
    ) -> PersonSpec:
        spec = self.world.people.make(
            rng,
            nationality=nationality,
            female=female,
            child=child,
            at=at,
            suspect=suspect,
            recorded_by_id=by.pk,
            sex_known=rng.random() > 0.01,
        )
        buf.persons.append(spec)
        return spec

    def _parties(self, rng: random.Random, buf: Buffer, draft: CaseDraft, pool: ReusePool, code: str) -> None:
        w = self.world
        reported = draft.reported_at
        codes, cum = w.nationality_cum[draft.main_type]
        first_nat = rng.choices(codes, cum_weights=cum)[0]
        female_share = cal.FEMALE_SHARE[draft.types[0] if len(draft.types) == 1 else "multiple"]
        victim_suspect = rng.random() < (0.08 if draft.main_type == "criminal" else 0.015)
        n_victims = rng.choices((1, 2, 3), weights=(72, 18, 10))[0]
        taken: list[PersonSpec] = []
        for i in range(n_victims):
            at = reported + timedelta(minutes=10 + i)
            reuse = pool.victims.get(code)
            if reuse and rng.random() < 0.02:
                spec = rng.choice(reuse)
                if spec in taken:
                    continue
            else:
                nationality = first_nat if i == 0 or rng.random() < 0.8 else weighted(rng, cal.VICTIM_NATIONALITY)
                child_share = cal.CHILD_SHARE.get(nationality, cal.CHILD_SHARE_DEFAULT)
                child_share *= {"labour": 0.3, "criminal": 1.25, "domestic_servitude": 0.6}.get(draft.main_type, 1.0)
                spec = self._person(
                    rng,
                    buf,
                    nationality=nationality,
                    female=rng.random() < female_share,
                    child=rng.random() < min(child_share, 0.95),
                    at=at,
                    suspect=False,
                    by=draft.recorder,
                )
                pool.victims.setdefault(code, []).append(spec)
            taken.append(spec)
            role = PartyRole.VICTIM_SUSPECT if i == 0 and victim_suspect else PartyRole.VICTIM
            draft.parties.append(Party(spec, role, at))
        n_suspects = rng.choices((0, 1, 2, 3), weights=(50, 25, 15, 10))[0]
        span = (draft.end - reported).total_seconds() / 86400
        for i in range(n_suspects):
            at = reported + (
                timedelta(minutes=20 + i) if rng.random() < 0.6 else random_days(rng, 0.5, max(1.0, span * 0.3))
            )
            reuse = pool.suspects.get(code)
            if reuse and rng.random() < 0.08:
                spec = rng.choice(reuse)
                if spec in taken:
                    continue
            else:
                nationality = first_nat if rng.random() < 0.45 else weighted(rng, cal.SUSPECT_NATIONALITY)
                spec = self._person(
                    rng,
                    buf,
                    nationality=nationality,
                    female=rng.random() < 0.2,
                    child=False,
                    at=at,
                    suspect=True,
                    by=draft.segment_at(at).oic,
                )
                pool.suspects.setdefault(code, []).append(spec)
            taken.append(spec)
            draft.parties.append(Party(spec, PartyRole.SUSPECT, at))
        for _ in range(rng.choices((0, 1, 2), weights=(70, 20, 10))[0]):
            at = reported + random_days(rng, 0.1, max(0.5, span * 0.4))
            nationality = "GB" if rng.random() < 0.7 else first_nat
            spec = self._person(
                rng,
                buf,
                nationality=nationality,
                female=rng.random() < 0.5,
                child=False,
                at=at,
                suspect=False,
                by=draft.segment_at(at).oic,
            )
            taken.append(spec)
            draft.parties.append(Party(spec, PartyRole.WITNESS, at))
        labels = {
            PartyRole.VICTIM: "Victim added",
            PartyRole.SUSPECT: "Suspect added",
            PartyRole.WITNESS: "Witness added",
            PartyRole.VICTIM_SUSPECT: "Person added as victim and suspect (section 45 to be considered)",
        }
        for party in draft.parties:
            buf.parties.append(
                CaseParty(case=draft.case, person=party.spec.person, role=party.role, recorded_at=party.added_at)
            )
            actor = (
                draft.recorder
                if party.added_at < reported + timedelta(hours=1)
                else draft.segment_at(party.added_at).oic
            )
            draft.event(party.added_at, Ev.PARTY_ADDED, actor, labels[PartyRole(party.role)])
        for party in draft.victims:
            if w.staff.advocates and rng.random() < 0.1:
                given = party.added_at + random_days(rng, 1, 30)
                if given < draft.end:
                    withdrawn = given + random_days(rng, 10, 200) if rng.random() < 0.08 else None
                    advocate = rng.choice(w.staff.advocates)
                    buf.assignments.append(
                        AdvocateAssignment(
                            person=party.spec.person,
                            advocate_id=advocate.pk,
                            organisation_id=advocate.organisation_id,
                            given_how=rng.choice(["in_writing", "orally_interpreter"]),
                            consent_given_at=given,
                            consent_withdrawn_at=withdrawn if withdrawn and withdrawn < w.anchor else None,
                            recorded_at=given,
                        )
                    )

    def _places(self, rng: random.Random, buf: Buffer, draft: CaseDraft, code: str) -> None:
        w = self.world
        at = draft.reported_at + timedelta(minutes=30)
        if rng.random() < 0.35:
            kind, label = rng.choice(cal.PREMISES.get(draft.main_type) or cal.PREMISES["other"])
            street, postcode = rng.choice(w.addresses)
            location = Location(
                kind=kind, description=f"{label}, {street}, {w.town(rng, code)}", postcode=postcode, recorded_at=at
            )
            buf.locations.append(location)
            buf.case_locations.append(
                CaseLocation(case=draft.case, location=location, relevance="Place of exploitation")
            )
        for party in draft.victims:
            if rng.random() < 0.07:
                street, postcode = rng.choice(w.addresses)
                refuge = party.spec.female and rng.random() < 0.4
                # The address goes straight into an encrypted protected detail: a protected
                # location never holds it (decision 0004; a database constraint).
                address = f"{street}, {w.town(rng, w.neighbour(rng, code))}, {postcode}"
                reason = "Victim's safe accommodation: disclosure could put the victim at risk"
                location = Location(
                    kind=Location.Kind.REFUGE if refuge else Location.Kind.SAFE_HOUSE,
                    description=Location.ENCRYPTED_DESCRIPTION,
                    postcode="",
                    protected=True,
                    protected_reason=reason,
                    person=party.spec.person,
                    recorded_at=party.added_at + timedelta(hours=2),
                )
                buf.locations.append(location)
                buf.protected_details.append(
                    ProtectedDetail(
                        force_id=draft.case.force_id,
                        case=draft.case,
                        person=party.spec.person,
                        kind=ProtectedDetail.Kind.REFUGE if refuge else ProtectedDetail.Kind.SAFE_HOUSE,
                        label="Current refuge" if refuge else "Current safe house",
                        value_token=crypto.encrypt(address),
                        reason=reason,
                        recorded_by_id=draft.segments[-1].oic.pk,
                        recorded_at=party.added_at + timedelta(hours=2),
                    )
                )
                buf.case_locations.append(
                    CaseLocation(
                        case=draft.case, location=location, relevance="Victim's current accommodation (protected)"
                    )
                )

    def _summary(self, rng: random.Random, draft: CaseDraft) -> str:
        template = rng.choice(cal.SUMMARIES[draft.types[0] if len(draft.types) == 1 else "multiple"])
        victim = draft.victims[0].spec if draft.victims else None
        if victim is None:
            who = "a person"
        else:
            adjective = cal.ADJECTIVE.get(victim.nationality, "")
            if victim.child:
                who = f"a {victim.age}-year-old {adjective} {'girl' if victim.female else 'boy'}"
            else:
                article = "an" if adjective[:1] in "AEIOU" else "a"
                who = f"{article} {adjective} {'woman' if victim.female else 'man'}"
        text = template.format(age=who, place=rng.choice(cal.PLACES))
        return text[:1].upper() + text[1:]


def case_reference(case: Case, kind: str, issuer: str, value: str, at: datetime) -> CaseReference:
    normalised = normalise_reference(value)
    return CaseReference(
        case=case,
        kind=kind,
        issuer=issuer,
        value=value,
        normalised=normalised,
        prefixed=prefixed(issuer, normalised),
        recorded_at=at,
    )
