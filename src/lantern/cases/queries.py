"""Read-side queries for the case pages. Every one starts from the access policy
(lantern.cases.access), so a page built on them cannot show a record the policy hides."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from lantern.cases.access import case_condition, visible_cases
from lantern.cases.models import Case, CaseParty, CaseReference, CaseStatus, Handover, PartyRole, Transfer
from lantern.core import access, clock
from lantern.core.models import Force, User
from lantern.core.roles import Capability, Scope, has_capability, roles_with, scope_of
from lantern.people.access import visible_persons

# An open case whose victim has not been contacted for this long is flagged.
CONTACT_GAP = timedelta(days=28)


def cases_in_charge(user: User) -> QuerySet[Case]:
    return visible_cases(user).with_header().filter(officer_in_charge=user).order_by("-reported_at")


def cases_for_home(user: User) -> QuerySet[Case]:
    """The 'My cases' list: the cases a police officer holds; for a frontline officer, also those
    they recorded; for the CPS, cases referred to it."""
    if has_capability(user, Capability.HOLDS_CASES):
        return cases_in_charge(user)
    if has_capability(user, Capability.HAS_CASE_LIST):
        return visible_cases(user).with_header().order_by("-reported_at")
    return cases_in_charge(user)


def by_open_or_closed(cases: QuerySet[Case], which: str) -> QuerySet[Case]:
    """ "open" (not closed), "closed", or anything else for all."""
    if which == "open":
        return cases.exclude(status=CaseStatus.CLOSED)
    if which == "closed":
        return cases.filter(status=CaseStatus.CLOSED)
    return cases


def handovers_offered_to(user: User) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(case_condition(user, "case__"), to_officer=user, state=Handover.State.OFFERED)
        .select_related("case", "case__force", "from_officer", "offered_by")
        .order_by("offered_at")
    )


def transfers_awaiting(user: User) -> QuerySet[Transfer]:
    """Transfers into the user's force waiting for a decision: for its supervisors and SPOCs."""
    if not has_capability(user, Capability.ALLOCATES_CASES):
        return Transfer.objects.none()
    return (
        Transfer.objects.filter(to_force_id=user.force_id, state=Transfer.State.REQUESTED)
        .select_related("from_force", "to_force", "requested_by", "case")
        .order_by("requested_at")
    )


def team_cases(user: User) -> QuerySet[Case]:
    if not has_capability(user, Capability.HOLDS_CASES) or user.team_id is None:
        return Case.objects.none()
    return (
        visible_cases(user)
        .with_header()
        .filter(officer_in_charge__team_id=user.team_id)
        .order_by("officer_in_charge__last_name", "-reported_at")
    )


def references_of(case: Case) -> list[CaseReference]:
    """Every reference of the case, current crime reference first."""
    order: dict[str, int] = {
        CaseReference.Kind.CRIME: 0,
        CaseReference.Kind.PREVIOUS_CRIME: 1,
        CaseReference.Kind.NRM: 2,
        CaseReference.Kind.DTN: 3,
        CaseReference.Kind.OTHER: 4,
    }
    return sorted(case.references.all(), key=lambda ref: (order.get(ref.kind, 9), ref.recorded_at, ref.pk))


def parties_for(user: User, case: Case) -> QuerySet[CaseParty]:
    """The people in a case the user may see: an advocate sees only their consenting client."""
    parties = CaseParty.objects.filter(case=case).select_related("person").prefetch_related("person__names")
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        return parties.filter(person__in=visible_persons(user).values("pk"), role__in=PartyRole.victim_roles())
    return parties


def open_handover(case: Case) -> Handover | None:
    return (
        Handover.objects.filter(case=case, state=Handover.State.OFFERED)
        .select_related("to_officer", "from_officer")
        .first()
    )


def open_transfer(case: Case) -> Transfer | None:
    return Transfer.objects.filter(case=case, state=Transfer.State.REQUESTED).select_related("to_force").first()


def get_handover_for(user: User, pk: int) -> Handover:
    """A handover of a case the user may see, or 404 (audited)."""
    return access.get_for(
        user,
        Handover,
        pk,
        queryset=lambda rows: rows.select_related("case", "case__force", "to_officer", "from_officer", "offered_by"),
    )


def get_transfer_for(user: User, pk: int) -> Transfer:
    """A transfer of a case the user may see, or one into the user's force (its supervisors and
    SPOCs decide it), or 404 (audited)."""
    return access.get_for(
        user,
        Transfer,
        pk,
        queryset=lambda rows: rows.select_related("case", "from_force", "to_force", "requested_by", "decided_by"),
    )


def officers_who_can_hold(force: Force, exclude: User | None = None) -> QuerySet[User]:
    officers = User.objects.filter(force=force, is_active=True, role__in=roles_with(Capability.HOLDS_CASES))
    officers = officers.select_related("team")
    if exclude is not None:
        officers = officers.exclude(pk=exclude.id)
    return officers.order_by("last_name", "first_name")


def other_forces(force: Force) -> QuerySet[Force]:
    return Force.objects.exclude(pk=force.pk).order_by("name")


def contact_overdue(case: Case, now: datetime | None = None) -> bool:
    """An open case whose victim was last contacted (or, never contacted, reported) over 28 days ago."""
    if case.status == CaseStatus.CLOSED:
        return False
    now = now or clock.now()
    since = case.last_victim_contact_at or case.reported_at
    return now - since > CONTACT_GAP


def contact_overdue_cases(force_id: int, now: datetime | None = None) -> QuerySet[Case]:
    now = now or clock.now()
    cutoff = now - CONTACT_GAP
    return (
        Case.objects.with_header()
        .filter(force_id=force_id)
        .exclude(status=CaseStatus.CLOSED)
        .filter(Q(last_victim_contact_at__lt=cutoff) | Q(last_victim_contact_at__isnull=True, reported_at__lt=cutoff))
        .order_by("last_victim_contact_at", "reported_at")
    )
