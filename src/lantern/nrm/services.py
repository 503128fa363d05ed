"""Operations on NRM referrals and Duty to Notify records."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lantern.cases.access import is_case_officer
from lantern.cases.models import Case, CaseReference, CaseStatus, TimelineEvent
from lantern.cases.references import MalformedReference, normalise_reference, prefixed, validate_reference
from lantern.cases.services import add_timeline
from lantern.core import audit, events
from lantern.core.access import AccessDenied, can_record_cases, handles_nrm
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.nrm.events import NrmDecisionRecorded, ReferralReceived
from lantern.nrm.models import DtnCaseLink, DutyToNotify, NrmCaseLink, NrmDecision, NrmReferral
from lantern.nrm.rules import STATUS_AFTER, check_decision, unlinked_alert_window
from lantern.people.models import Person


def _check_force_officer(actor: User) -> Force:
    if not handles_nrm(actor) or actor.force is None:
        raise AccessDenied("Only investigators, SPOCs and supervisors handle NRM referrals.")
    return actor.force


def receive_referral(
    actor: User,
    *,
    reference: str,
    person: Person,
    first_responder: str,
    referred_at: datetime,
    competent_authority: str = "SCA",
    child_at_exploitation: bool = False,
    received_at: datetime | None = None,
) -> NrmReferral:
    """Record an NRM referral that has reached the actor's force for crime recording."""
    force = _check_force_officer(actor)
    value = _reference(reference)
    received_at = received_at or timezone.now()
    if referred_at > timezone.now():
        raise invalid("referred_at", "The referral date cannot be in the future.")
    if received_at < referred_at:
        raise invalid("received_at", "A referral cannot be received before it was made.")
    if competent_authority not in {"SCA", "IECA"}:
        raise invalid("competent_authority", "Choose SCA or IECA.")
    try:
        with transaction.atomic():
            referral = NrmReferral.objects.create(
                reference=value,
                reference_normalised=normalise_reference(value),
                person=person,
                force=force,
                first_responder=first_responder,
                referred_at=referred_at,
                received_at=received_at,
                competent_authority=competent_authority,
                child_at_exploitation=child_at_exploitation,
            )
            audit.record(actor, audit.Action.COLLECTION, referral)
            events.publish(ReferralReceived(referral, actor))
    except IntegrityError as exc:
        raise invalid("reference", f"NRM reference {value} is already recorded.") from exc
    return referral


def record_duty_to_notify(
    actor: User,
    *,
    reference: str,
    notified_at: datetime,
    exploitation_types: list[str],
    person: Person | None = None,
) -> DutyToNotify:
    """Record a Duty to Notify that has reached the actor's force: anonymous unless the adult
    consented to police contact (then `person` is set)."""
    force = _check_force_officer(actor)
    value = _reference(reference)
    if notified_at > timezone.now():
        raise invalid("notified_at", "The notification date cannot be in the future.")
    try:
        with transaction.atomic():
            dtn = DutyToNotify.objects.create(
                reference=value,
                reference_normalised=normalise_reference(value),
                force=force,
                person=person,
                notified_at=notified_at,
                exploitation_types=exploitation_types,
            )
            audit.record(actor, audit.Action.COLLECTION, dtn)
    except IntegrityError as exc:
        raise invalid("reference", f"Duty to Notify reference {value} is already recorded.") from exc
    return dtn


def link_referral(actor: User, referral: NrmReferral, case: Case) -> NrmCaseLink:
    """Join an NRM referral to a crime: the NRM reference then finds the case."""
    _check_force_officer(actor)
    if referral.force_id != actor.force_id:
        raise AccessDenied("Only the force holding the referral can link it: ask that force to pass it to yours first.")
    if case.force_id != actor.force_id:
        raise AccessDenied(
            "You can link a referral only to a case of your own force: pass the referral to the case's force."
        )
    if NrmCaseLink.objects.filter(referral=referral, case=case).exists():
        raise invalid("case", "This referral is already linked to that case.")
    return _link(actor, referral, case, f"NRM referral {referral.reference} linked")


def _link(actor: User, referral: NrmReferral, case: Case, summary: str) -> NrmCaseLink:
    with transaction.atomic():
        link = NrmCaseLink.objects.create(referral=referral, case=case, recorded_by=actor)
        CaseReference.objects.create(
            case=case,
            kind=CaseReference.Kind.NRM,
            issuer=referral.competent_authority,
            value=referral.reference,
            normalised=referral.reference_normalised,
            prefixed=prefixed(referral.competent_authority, referral.reference_normalised),
        )
        add_timeline(case, TimelineEvent.Kind.NRM_LINKED, summary, actor)
        audit.record(actor, audit.Action.COMBINATION, referral, detail=f"linked to case {case.pk}")
    return link


# --- Made by a first response (lantern.safeguarding) ------------------------------------------
# The officer who made the first response need not handle NRM referrals: any officer or staff of
# a force makes one. safeguarding checks that the actor owns the first response; these check the
# force and write the referral, its link to the case, the timeline and the audit log.


def _check_first_responder(actor: User, case: Case | None) -> Force:
    if not can_record_cases(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff make a first response.")
    if case is not None and not is_case_officer(actor, case):
        raise AccessDenied("A first response links only to a case of the officer's own force.")
    return actor.force


def _reference(raw: str) -> str:
    try:
        return validate_reference(raw)
    except MalformedReference as exc:
        raise invalid("reference", str(exc)) from exc


def refer_from_first_response(
    actor: User, *, reference: str, person: Person, child_at_exploitation: bool, case: Case | None
) -> NrmReferral:
    """The NRM referral a first response made, received by the actor's force at once, and linked
    to the case (if any) with its reference and a timeline entry."""
    force = _check_first_responder(actor, case)
    value = _reference(reference)
    now = timezone.now()
    try:
        with transaction.atomic():
            referral = NrmReferral.objects.create(
                reference=value,
                reference_normalised=normalise_reference(value),
                person=person,
                force=force,
                first_responder=f"{force.name} ({actor.display_name})",
                referred_at=now,
                received_at=now,
                child_at_exploitation=child_at_exploitation,
            )
            audit.record(actor, audit.Action.COLLECTION, referral, detail="NRM referral made in first response")
            if case is not None:
                _link(actor, referral, case, f"NRM referral {value} made by first response")
    except IntegrityError as exc:
        raise invalid("reference", f"Reference {value} is already recorded.") from exc
    return referral


def notify_from_first_response(
    actor: User, *, reference: str, person: Person | None, exploitation_types: list[str], case: Case | None
) -> DutyToNotify:
    """The Duty to Notify a first response made (anonymous unless the person consented to police
    contact), linked to the case (if any) with its reference and a timeline entry."""
    force = _check_first_responder(actor, case)
    value = _reference(reference)
    normalised = normalise_reference(value)
    try:
        with transaction.atomic():
            dtn = DutyToNotify.objects.create(
                reference=value,
                reference_normalised=normalised,
                force=force,
                person=person,
                notified_at=timezone.now(),
                exploitation_types=exploitation_types,
            )
            audit.record(actor, audit.Action.COLLECTION, dtn, detail="Duty to Notify made in first response")
            if case is not None:
                DtnCaseLink.objects.create(notification=dtn, case=case)
                CaseReference.objects.create(
                    case=case,
                    kind=CaseReference.Kind.DTN,
                    issuer="HO",
                    value=value,
                    normalised=normalised,
                    prefixed=prefixed("HO", normalised),
                )
                summary = f"Duty to Notify {value} made by first response"
                add_timeline(case, TimelineEvent.Kind.DTN_LINKED, summary, actor)
                audit.record(actor, audit.Action.COMBINATION, dtn, detail=f"linked to case {case.pk}")
    except IntegrityError as exc:
        raise invalid("reference", f"Reference {value} is already recorded.") from exc
    return dtn


def record_no_crime(actor: User, referral: NrmReferral, reason: str) -> NrmReferral:
    """Close the alert without a crime, with the reason (exploitation overseas, sent to another force)."""
    _check_force_officer(actor)
    if referral.force_id != actor.force_id:
        raise AccessDenied("Only the force that received the referral can decide this.")
    if not reason.strip():
        raise invalid("no_crime_reason", "Say why no crime is recorded for this referral.")
    NrmReferral.objects.filter(pk=referral.pk).update(no_crime_reason=reason)
    audit.record(actor, audit.Action.ALTERATION, referral, detail="no crime reason")
    referral.refresh_from_db()
    return referral


def unlinked_referrals(force: Force, now: datetime | None = None) -> QuerySet[NrmReferral]:
    """Referrals the force received more than the window ago with no crime recorded or linked and
    no recorded reason: the force dashboard's alerts."""
    now = now or timezone.now()
    return (
        NrmReferral.objects.filter(
            force=force, received_at__lte=now - unlinked_alert_window(), no_crime_reason="", cases__isnull=True
        )
        .select_related("person")
        .order_by("received_at")
    )


def record_decision(actor: User, referral: NrmReferral, kind: str, positive: bool, decided_on: date) -> NrmDecision:
    """Record a reasonable or conclusive grounds decision with its date. The referral's status
    follows, each open case the person is in gets a timeline entry, and NrmDecisionRecorded is
    published (safeguarding alerts the officers in charge)."""
    if not handles_nrm(actor):
        raise AccessDenied("Investigators, SPOCs and supervisors record NRM decisions.")
    existing = {d.kind: d for d in referral.decisions.all()}
    check_decision(
        kind,
        decided_on,
        today=timezone.localdate(),
        referred_on=timezone.localtime(referral.referred_at).date(),
        existing=existing,
    )
    label = f"{NrmDecision.Kind(kind).label} decision: {'positive' if positive else 'negative'}"
    with transaction.atomic():
        decision = NrmDecision.objects.create(
            referral=referral, kind=kind, positive=positive, decided_on=decided_on, recorded_by=actor
        )
        NrmReferral.objects.filter(pk=referral.pk).update(status=STATUS_AFTER[(kind, positive)])
        audit.record(actor, audit.Action.ALTERATION, referral, detail=label)
        open_cases = Case.objects.filter(parties__person_id=referral.person_id).exclude(status=CaseStatus.CLOSED)
        for case in open_cases.distinct():
            add_timeline(
                case, TimelineEvent.Kind.NOTE, f"NRM {referral.reference}: {label} on {decided_on:%d %B %Y}", actor
            )
        events.publish(NrmDecisionRecorded(decision, referral, label, decided_on, actor))
    referral.refresh_from_db()
    return decision
