"""Which NRM referrals and Duty to Notify records a user may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.cases.access import case_condition, consenting_clients
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Scope, scope_of
from lantern.nrm.models import DutyToNotify, NrmCaseLink, NrmReferral, ReferralPassing
from lantern.people import access as people_access


def visible_nrm_referrals(user: User) -> QuerySet[NrmReferral]:
    """Referrals held by the user's force or offered to it by another force (police who handle
    NRM), referrals linked to cases the user may see, and an advocate's consenting clients'
    referrals."""
    referrals = NrmReferral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        return referrals.filter(person__in=consenting_clients(user).values("person"))
    linked = NrmCaseLink.objects.filter(referral=OuterRef("pk")).filter(case_condition(user, "case__"))
    if access.handles_nrm(user) and user.force_id is not None:
        offered = ReferralPassing.objects.filter(
            referral=OuterRef("pk"), to_force_id=user.force_id, state=ReferralPassing.State.OFFERED
        )
        return referrals.filter(Q(force_id=user.force_id) | Q(Exists(linked)) | Q(Exists(offered)))
    return referrals.filter(Exists(linked))


def visible_duty_to_notify(user: User) -> QuerySet[DutyToNotify]:
    records = DutyToNotify.objects.all()
    if user.is_authenticated and access.handles_nrm(user) and user.force_id is not None:
        return records.filter(force_id=user.force_id)
    return records.none()


def visible_passings(user: User) -> QuerySet[ReferralPassing]:
    """Passings of the referrals the user may see (the receiving SPOC sees an offer while it waits)."""
    return ReferralPassing.objects.filter(referral__in=visible_nrm_referrals(user).values("pk"))


def get_nrm_for(user: User, pk: int) -> NrmReferral:
    """One referral through the policy (404, audited, for one the user may not see)."""
    return access.get_for(user, NrmReferral, pk, queryset=lambda rows: rows.select_related("force", "person"))


def person_reach(user: User) -> Q | None:
    """Police who handle NRM reach the subjects of referrals their force holds or is offered
    (registered with people.access)."""
    if not access.handles_nrm(user) or user.force_id is None:
        return None
    held = NrmReferral.objects.filter(person=OuterRef("pk"), force_id=user.force_id)
    offered = ReferralPassing.objects.filter(
        referral__person=OuterRef("pk"), to_force_id=user.force_id, state=ReferralPassing.State.OFFERED
    )
    return Q(Exists(held)) | Q(Exists(offered))


def register() -> None:
    """Called from NrmConfig.ready()."""
    access.register(NrmReferral, visible_nrm_referrals, noun="referral")
    access.register(DutyToNotify, visible_duty_to_notify, noun="Duty to Notify record")
    access.register(ReferralPassing, visible_passings, noun="referral passed between forces")
    people_access.register_reach(person_reach)
