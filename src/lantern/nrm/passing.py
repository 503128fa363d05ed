"""Passing an NRM referral between forces: the force holding it offers it to the force where the
exploitation happened or the crime is recorded, with a reason; that force's SPOC accepts it (the
referral moves with its history, and the alert for a referral with no crime recorded follows it)
or returns it with a reason.

Each passing is a recorded disclosure: the `ReferralPassing` row says what went, to which force,
why, who sent it and who decided, and the audit log holds a disclosure entry naming the receiving
force. The receiving force's NRM handlers see the referral while the offer waits, to decide on it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from lantern.core import audit, clock, events
from lantern.core.access import AccessDenied, handles_nrm
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.core.roles import Capability, has_capability, roles_with
from lantern.nrm.events import ReferralMoved
from lantern.nrm.models import NrmReferral, ReferralPassing

MAX_REASON = 2000


def _reason(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise invalid(field, message)
    if len(text) > MAX_REASON:
        raise invalid(field, f"Keep the reason to {MAX_REASON} characters or fewer.")
    return text


def open_passing(referral: NrmReferral) -> ReferralPassing | None:
    """The offer waiting for the other force, if there is one."""
    return (
        ReferralPassing.objects.filter(referral=referral, state=ReferralPassing.State.OFFERED)
        .select_related("to_force", "from_force", "passed_by")
        .first()
    )


def pass_referral(actor: User, referral: NrmReferral, to_force: Force, reason: str) -> ReferralPassing:
    """Offer the referral to another force. Only NRM handlers of the force holding it may;
    refused (field "to_force") for the force that already holds it or while an offer waits."""
    if not handles_nrm(actor) or actor.force_id is None:
        raise AccessDenied("Only investigators, SPOCs and supervisors pass NRM referrals.")
    if referral.force_id != actor.force_id:
        raise AccessDenied("Only the force holding the referral can pass it to another force.")
    if to_force.pk == referral.force_id:
        raise invalid("to_force", f"{to_force.name} already holds this referral: choose another force.")
    text = _reason(reason, "reason", "Say why the referral is going to that force.")
    if open_passing(referral) is not None:
        raise invalid("to_force", "This referral is already waiting for another force to accept it.")
    try:
        with transaction.atomic():
            passing = ReferralPassing.objects.create(
                referral=referral, from_force_id=referral.force_id, to_force=to_force, reason=text, passed_by=actor
            )
            audit.record(
                actor,
                audit.Action.DISCLOSURE,
                referral,
                reason=text,
                recipients=f"{to_force.name} ({to_force.code})",
                detail=f"NRM referral passed to {to_force.code}; passing {passing.pk}",
            )
    except IntegrityError as exc:  # a second offer raced this one
        raise invalid("to_force", "This referral is already waiting for another force to accept it.") from exc
    return passing


def _check_receiving_spoc(actor: User, passing: ReferralPassing) -> None:
    if not has_capability(actor, Capability.TRIAGES) or actor.force_id != passing.to_force_id:
        raise AccessDenied(f"Only a modern slavery SPOC of {passing.to_force.name} can decide on this referral.")
    if passing.state != ReferralPassing.State.OFFERED:
        raise invalid("passing", f"This referral was already {passing.get_state_display().lower()}.")


def accept_passing(actor: User, passing: ReferralPassing) -> NrmReferral:
    """The receiving force's SPOC accepts: the referral is held by their force from now on (its
    links, decisions and passings stay with it; the unlinked alert now shows to their force)."""
    _check_receiving_spoc(actor, passing)
    with transaction.atomic():
        updated = ReferralPassing.objects.filter(pk=passing.pk, state=ReferralPassing.State.OFFERED).update(
            state=ReferralPassing.State.ACCEPTED, decided_by=actor, decided_at=clock.now()
        )
        if updated != 1:
            raise invalid("passing", "This referral was decided by someone else meanwhile.")
        NrmReferral.objects.filter(pk=passing.referral_id).update(force_id=passing.to_force_id)
        referral = NrmReferral.objects.select_related("force", "person").get(pk=passing.referral_id)
        audit.record(
            actor,
            audit.Action.ALTERATION,
            referral,
            detail=f"NRM referral accepted from {passing.from_force.code}; passing {passing.pk}",
        )
        events.publish(ReferralMoved(referral, passing.from_force, passing.to_force, actor))
    passing.refresh_from_db()
    return referral


def return_passing(actor: User, passing: ReferralPassing, reason: str) -> ReferralPassing:
    """The receiving force's SPOC returns the referral with a reason: it stays with the sender."""
    _check_receiving_spoc(actor, passing)
    text = _reason(reason, "return_reason", "Say why the referral is going back.")
    with transaction.atomic():
        updated = ReferralPassing.objects.filter(pk=passing.pk, state=ReferralPassing.State.OFFERED).update(
            state=ReferralPassing.State.RETURNED, decided_by=actor, decided_at=clock.now(), return_reason=text
        )
        if updated != 1:
            raise invalid("passing", "This referral was decided by someone else meanwhile.")
        audit.record(
            actor,
            audit.Action.ALTERATION,
            passing.referral,
            reason=text,
            detail=f"NRM referral returned to {passing.from_force.code}; passing {passing.pk}",
        )
    passing.refresh_from_db()
    return passing


def waiting_for(force: Force) -> QuerySet[ReferralPassing]:
    """Offers waiting for the force's SPOC to decide."""
    return (
        ReferralPassing.objects.filter(to_force=force, state=ReferralPassing.State.OFFERED)
        .select_related("referral", "from_force", "passed_by")
        .order_by("passed_at")
    )


def spoc_contacts(force: Force) -> QuerySet[User]:
    """How to reach a force's modern slavery SPOC (active users of the triage role): names, rank,
    phone and e-mail, shown to police of another force looking for a referral it holds."""
    return User.objects.filter(Q(force=force, is_active=True) & Q(role__in=roles_with(Capability.TRIAGES))).order_by(
        "last_name", "first_name"
    )
