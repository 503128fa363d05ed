"""Which NRM referrals and Duty to Notify records a user may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.cases.access import case_condition, consenting_clients
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Scope, scope_of
from lantern.nrm.models import DutyToNotify, NrmCaseLink, NrmReferral
from lantern.people import access as people_access


def visible_nrm_referrals(user: User) -> QuerySet[NrmReferral]:
    """Referrals to the user's force (police who handle NRM), referrals linked to cases the user
    may see, and an advocate's consenting clients' referrals."""
    referrals = NrmReferral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        return referrals.filter(person__in=consenting_clients(user).values("person"))
    linked = NrmCaseLink.objects.filter(referral=OuterRef("pk")).filter(case_condition(user, "case__"))
    if access.handles_nrm(user) and user.force_id is not None:
        return referrals.filter(Q(force_id=user.force_id) | Q(Exists(linked)))
    return referrals.filter(Exists(linked))


def visible_duty_to_notify(user: User) -> QuerySet[DutyToNotify]:
    records = DutyToNotify.objects.all()
    if user.is_authenticated and access.handles_nrm(user) and user.force_id is not None:
        return records.filter(force_id=user.force_id)
    return records.none()


def get_nrm_for(user: User, pk: int) -> NrmReferral:
    """One referral through the policy (404, audited, for one the user may not see)."""
    return access.get_for(user, NrmReferral, pk, queryset=lambda rows: rows.select_related("force", "person"))


def person_reach(user: User) -> Q | None:
    """Police who handle NRM reach the subjects of referrals to their force (registered with
    people.access)."""
    if not access.handles_nrm(user) or user.force_id is None:
        return None
    return Q(Exists(NrmReferral.objects.filter(person=OuterRef("pk"), force_id=user.force_id)))


def register() -> None:
    """Called from NrmConfig.ready()."""
    access.register(NrmReferral, visible_nrm_referrals, noun="referral")
    access.register(DutyToNotify, visible_duty_to_notify, noun="Duty to Notify record")
    people_access.register_reach(person_reach)
