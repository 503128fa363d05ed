"""The life of a synthetic case after it is recorded: status changes and outcome, victim contact,
enquiries and notes, CPS referrals, shares with other forces, NRM referrals and Duty to Notify
records linked to it. Every event falls between the report and the end of the case (its closure,
or the anchor time for an open case).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from lantern.cases.models import CaseReference, CaseShare, CaseStatus, CpsReferral, TimelineEvent
from lantern.cases.references import normalise_reference, prefixed
from lantern.core.models import User
from lantern.core.reference_data import ADVOCACY_ORGANISATIONS, CPS_NAME, ORGANISATIONS
from lantern.demo import calibration as cal
from lantern.demo.crimes import CaseDraft, Party, World, case_reference, random_days
from lantern.demo.persons import weighted
from lantern.demo.writer import Buffer
from lantern.nrm.models import DtnCaseLink, DutyToNotify, NrmCaseLink, NrmReferral
from lantern.people.models import Person

Ev = TimelineEvent.Kind
LOCAL_AUTHORITIES = tuple(org.name for org in ORGANISATIONS if org.kind == "local_authority")
OUTCOMES_NO_SUSPECT = {"18": 48.0, "14": 4.0, "20": 5.0, "22": 1.0}
OUTCOMES_SUSPECT = {"16": 17.0, "15": 10.0, "1": 3.5, "21": 3.0, "10": 2.0, "20": 3.0, "5": 0.5, "22": 1.0}
OUTCOME_TEXT = {code: text for code, text, _ in cal.OUTCOMES}
PATH = (CaseStatus.WITH_CPS, CaseStatus.CHARGED, CaseStatus.AT_COURT)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def live(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft) -> None:
    _statuses(rng, world, buf, draft)
    _activity(rng, world, buf, draft)
    for party in draft.victims:
        _referral_for(rng, world, buf, draft, party)


def _status_change(draft: CaseDraft, at: datetime, actor: User | None, old: str, new: str, extra: str = "") -> None:
    summary = f"Status changed from {CaseStatus(old).label} to {CaseStatus(new).label}{extra}"
    draft.event(at, Ev.STATUS_CHANGED, actor, summary)


def _cps_referral(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft, at: datetime, kind: str) -> None:
    buf.cps.append(
        CpsReferral(case=draft.case, organisation=world.staff.organisations[CPS_NAME], kind=kind, referred_at=at)
    )
    summary = (
        "Referred to the CPS for a charging decision"
        if kind == "pre_charge"
        else "Early investigative advice requested from the CPS"
    )
    draft.event(at, Ev.CPS_REFERRAL, draft.segment_at(at).oic, summary)


def _statuses(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft) -> None:
    case, start, end = draft.case, draft.reported_at, draft.end
    t_investigating = start + timedelta(hours=rng.uniform(2, 72))
    if t_investigating >= end:
        case.status = CaseStatus.RECORDED
        return
    status = CaseStatus.INVESTIGATING
    _status_change(
        draft, t_investigating, draft.segment_at(t_investigating).staff.pick_decider(rng), CaseStatus.RECORDED, status
    )
    has_suspect = bool(draft.suspects)
    if draft.closed:
        outcome = weighted(rng, OUTCOMES_SUSPECT if has_suspect else OUTCOMES_NO_SUSPECT)
        target = CaseStatus.AT_COURT if outcome == "1" else CaseStatus.INVESTIGATING
    elif has_suspect and (end - start).days > 30:
        target = CaseStatus(weighted(rng, cal.OPEN_STATUS))
    else:
        target = CaseStatus.INVESTIGATING
    if target != CaseStatus.INVESTIGATING:
        steps = PATH[: PATH.index(target) + 1]
        times = sorted(_between(rng, t_investigating, end) for _ in steps)
        if rng.random() < 0.2:
            _cps_referral(rng, world, buf, draft, _between(rng, t_investigating, times[0]), "early_advice")
        for at, new in zip(times, steps, strict=True):
            if new == CaseStatus.WITH_CPS:
                _cps_referral(rng, world, buf, draft, at - timedelta(minutes=5), "pre_charge")
            _status_change(draft, at, draft.segment_at(at).staff.pick_decider(rng), status, new)
            status = new
    elif has_suspect and not draft.closed and rng.random() < 0.04:
        _cps_referral(rng, world, buf, draft, _between(rng, t_investigating, end), "early_advice")
    if draft.closed:
        seg = draft.segment_at(end)
        _status_change(
            draft,
            end,
            seg.staff.pick_decider(rng),
            status,
            CaseStatus.CLOSED,
            f": outcome {outcome}, {OUTCOME_TEXT[outcome]}",
        )
        status = CaseStatus.CLOSED
    case.status = status


def _activity(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft) -> None:
    start, end = draft.reported_at, draft.end
    begin = start + timedelta(hours=2)
    if begin >= end:
        return
    if draft.victims and rng.random() < 0.93:
        at = start + timedelta(hours=rng.uniform(1, 72))
        count = 0
        while at < end and count < 10:
            draft.event(at, Ev.VICTIM_CONTACT, draft.segment_at(at).oic, rng.choice(cal.VICTIM_CONTACTS))
            draft.case.last_victim_contact_at = at
            count += 1
            at += random_days(rng, 10, 60)
    for _ in range(rng.choices(range(7), weights=(10, 20, 25, 20, 12, 8, 5))[0]):
        at = _between(rng, begin, end)
        draft.event(at, Ev.ENQUIRY, draft.segment_at(at).oic, rng.choice(cal.ENQUIRIES))
    for _ in range(rng.choices(range(4), weights=(35, 35, 20, 10))[0]):
        at = _between(rng, begin, end)
        seg = draft.segment_at(at)
        actor = seg.oic if rng.random() < 0.6 else seg.staff.pick_decider(rng)
        draft.event(at, Ev.NOTE, actor, rng.choice(cal.NOTES))
    if rng.random() < 0.02:
        at = _between(rng, begin, end)
        seg = draft.segment_at(at)
        other = world.neighbour(rng, seg.staff.force.code)
        reason = rng.choice(cal.SHARE_REASONS)
        revoked = at + random_days(rng, 20, 300) if rng.random() < 0.2 else None
        buf.shares.append(
            CaseShare(
                case=draft.case,
                force_id=world.staff.forces[other].force.pk,
                reason=reason,
                granted_by_id=seg.oic.pk,
                granted_at=at,
                revoked_at=revoked if revoked and revoked < end else None,
            )
        )
        draft.event(at, Ev.SHARED, seg.oic, f"Shared with {world.staff.forces[other].force.name}: {reason}")


def first_responder(rng: random.Random) -> str:
    choice = rng.choices(
        [r for r, _ in cal.FIRST_RESPONDERS_OTHER], weights=[w for _, w in cal.FIRST_RESPONDERS_OTHER]
    )[0]
    if choice == "local_authority":
        return rng.choice(LOCAL_AUTHORITIES)
    if choice == "advocacy":
        return rng.choice(ADVOCACY_ORGANISATIONS)
    return choice


def nrm_status(rng: random.Random, age_days: float) -> str:
    S = NrmReferral.Status
    options: dict[str, float]
    if age_days < 45:
        options = {S.SUBMITTED: 70.0, S.RG_POSITIVE: 25.0, S.RG_NEGATIVE: 5.0}
    elif age_days < 400:
        options = {S.SUBMITTED: 10.0, S.RG_POSITIVE: 60.0, S.RG_NEGATIVE: 10.0, S.CG_POSITIVE: 15.0, S.WITHDRAWN: 5.0}
    else:
        options = {S.RG_POSITIVE: 15.0, S.RG_NEGATIVE: 8.0, S.CG_POSITIVE: 55.0, S.CG_NEGATIVE: 15.0, S.WITHDRAWN: 7.0}
    return weighted(rng, options)


def new_referral(
    rng: random.Random,
    world: World,
    *,
    person: Person | None,
    nationality: str,
    child: bool,
    force_id: int,
    referred_at: datetime,
    received_at: datetime,
    responder: str,
    no_crime_reason: str = "",
) -> NrmReferral:
    reference = world.nrm_refs.issue(referred_at)
    authority = "IECA" if nationality != "GB" and rng.random() < 0.3 else "SCA"
    return NrmReferral(
        reference=reference,
        reference_normalised=normalise_reference(reference),
        competent_authority=authority,
        person=person,
        force_id=force_id,
        first_responder=responder,
        referred_at=referred_at,
        received_at=received_at,
        child_at_exploitation=child,
        status=nrm_status(rng, (world.anchor - referred_at).total_seconds() / 86400),
        no_crime_reason=no_crime_reason,
        recorded_at=received_at,
    )


def _referral_for(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft, party: Party) -> None:
    """Children are always referred into the NRM; about half of adults consent. An adult who does
    not consent may be notified anonymously (Duty to Notify)."""
    spec, start, end = party.spec, draft.reported_at, draft.end
    if spec.referred:
        return
    if rng.random() >= (0.95 if spec.child else 0.45):
        if not spec.child and rng.random() < 0.5:
            _duty_to_notify(rng, world, buf, draft, party)
        return
    if rng.random() < 0.35:  # the referral reached the force before the crime was recorded
        referred_at = start - random_days(rng, 1, 40)
        received_at = min(referred_at + random_days(rng, 0.2, 5), start - timedelta(minutes=30))
        responder = first_responder(rng)
        link_at = start + timedelta(minutes=rng.uniform(20, 600))
    else:  # the police referred after recording the crime
        referred_at = start + random_days(rng, 0.3, 25)
        received_at = referred_at + timedelta(minutes=rng.uniform(5, 240))
        responder = draft.segment_at(referred_at).staff.force.name
        link_at = received_at + timedelta(hours=rng.uniform(0.5, 40))
    if link_at >= end:
        return
    seg = draft.segment_at(link_at)
    receiving = draft.segment_at(received_at) if received_at >= start else draft.segments[0]
    referral = new_referral(
        rng,
        world,
        person=spec.person,
        nationality=spec.nationality,
        child=spec.child,
        force_id=receiving.staff.force.pk,
        referred_at=referred_at,
        received_at=received_at,
        responder=responder,
    )
    spec.referred = True
    buf.nrm.append(referral)
    buf.nrm_links.append(
        NrmCaseLink(referral=referral, case=draft.case, recorded_at=link_at, recorded_by_id=seg.oic.pk)
    )
    buf.references.append(
        case_reference(draft.case, CaseReference.Kind.NRM, referral.competent_authority, referral.reference, link_at)
    )
    draft.event(link_at, Ev.NRM_LINKED, seg.oic, f"NRM referral {referral.reference} linked")


def _duty_to_notify(rng: random.Random, world: World, buf: Buffer, draft: CaseDraft, party: Party) -> None:
    notified_at = draft.reported_at + timedelta(hours=rng.uniform(1, 240))
    linked_at = notified_at + timedelta(minutes=rng.uniform(10, 300))
    if linked_at >= draft.end:
        return
    reference = world.dtn_refs.issue(notified_at)
    seg = draft.segment_at(notified_at)
    notification = DutyToNotify(
        reference=reference,
        reference_normalised=normalise_reference(reference),
        force_id=seg.staff.force.pk,
        # Anonymous unless the adult consented to being identified.
        person=party.spec.person if rng.random() < 0.1 else None,
        notified_at=notified_at,
        exploitation_types=list(draft.types),
        recorded_at=notified_at,
    )
    buf.dtn.append(notification)
    buf.dtn_links.append(DtnCaseLink(notification=notification, case=draft.case, recorded_at=linked_at))
    normalised = normalise_reference(reference)
    buf.references.append(
        CaseReference(
            case=draft.case,
            kind=CaseReference.Kind.DTN,
            issuer="HO",
            value=reference,
            normalised=normalised,
            prefixed=prefixed("HO", normalised),
            recorded_at=linked_at,
        )
    )
    draft.event(linked_at, Ev.DTN_LINKED, draft.segment_at(linked_at).oic, f"Duty to Notify {reference} linked")
