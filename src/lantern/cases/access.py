"""Which cases a user may see, and who may act on a case: the building block of every other
app's access (`case_condition`), per the role table in lantern.core.roles.

- own cases (frontline): cases they recorded, hold, or have been offered;
- force (investigator, SPOC, supervisor): their force's cases, cases shared with their force,
  and transfers asked of it;
- consenting clients (advocate): cases of their clients whose consent stands;
- CPS-referred (CPS liaison): cases referred to their organisation;
- aggregates only (national analyst) and none (force administrator): no case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from lantern.cases.models import (
    AdvocateAssignment,
    Case,
    CaseParty,
    CaseQuerySet,
    CaseShare,
    CpsReferral,
    Handover,
    PartyRole,
    Transfer,
)
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Capability, Scope, has_capability, scope_of
from lantern.people import access as people_access

M = TypeVar("M", bound=Model)


def standing_consent() -> QuerySet[AdvocateAssignment]:
    """Advocate assignments whose consent stands (given, not withdrawn, not past its end, judged now):
    the one definition; a withdrawal or an expiry hides the case from the advocate at once."""
    return AdvocateAssignment.objects.standing()


def consenting_clients(user: User) -> QuerySet[AdvocateAssignment]:
    """An advocate's assignments whose consent stands (the only people an advocate reaches)."""
    return standing_consent().filter(advocate=user)


def advocate_for(user: User, person_id: int) -> bool:
    """An advocate supporting this person with their consent."""
    return scope_of(user) is Scope.CONSENTING_CLIENTS and consenting_clients(user).filter(person_id=person_id).exists()


def case_condition(user: User, path: str = "") -> Q:
    """The condition a case must meet for `user` to see it, as a Q on a model that reaches the
    case through `path` ("" for Case itself, "case__" for a row with a `case` foreign key): the
    OR of case_branches."""
    condition = Q(pk__in=[])
    for branch in case_branches(user, path):
        condition |= branch
    return condition


def case_branches(user: User, path: str = "") -> list[Q]:
    """The separate ways a case becomes visible to `user`; their OR is case_condition.

    Each branch is an indexed column test or "case id IN (a small, uncorrelated set)": shares to
    the force, transfers asked of it, handovers offered, clients' cases, CPS referrals. Both
    engines evaluate such a set once per query. Correlated EXISTS per row, used before, made the
    database run a sub-query for every case it scanned: 5 s for a force's case list and minutes
    for the CPS at national scale (docs/benchmarks.md, "Reads"). Lists ordered newest first walk
    each branch through its own index (newest_visible_cases), which an OR cannot do.
    """
    case_in = f"{path}pk__in" if path else "pk__in"
    scope = scope_of(user)
    if scope is Scope.FORCE and user.force_id:
        shared = CaseShare.objects.filter(force_id=user.force_id, revoked_at__isnull=True).values("case_id")
        # A force asked to take a case sees it while it decides.
        incoming = Transfer.objects.filter(to_force_id=user.force_id, state=Transfer.State.REQUESTED).values("case_id")
        return [Q(**{f"{path}force_id": user.force_id}), Q(**{case_in: shared}), Q(**{case_in: incoming})]
    if scope is Scope.OWN_CASES and user.force_id:
        offered = Handover.objects.filter(to_officer=user, state=Handover.State.OFFERED).values("case_id")
        return [Q(**{f"{path}recorded_by": user}), Q(**{f"{path}officer_in_charge": user}), Q(**{case_in: offered})]
    if scope is Scope.CONSENTING_CLIENTS:
        client_cases = CaseParty.objects.filter(
            role__in=PartyRole.victim_roles(), person__in=consenting_clients(user).values("person")
        ).values("case_id")
        return [Q(**{case_in: client_cases})]
    if scope is Scope.CPS_REFERRED and user.organisation_id:
        return [Q(**{case_in: CpsReferral.objects.filter(organisation_id=user.organisation_id).values("case_id")})]
    return []


def visible_cases(user: User) -> CaseQuerySet:
    """All cases the user may open."""
    cases: CaseQuerySet = Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    return cases.filter(case_condition(user))


def newest_visible_cases(
    user: User, narrow: Callable[[CaseQuerySet], CaseQuerySet], count: int, skip: int = 0
) -> list[Case]:
    """The cases the user may see (after `narrow`), newest first by (reported_at, id), rows skip to
    skip + count: one LIMITed query per branch of case_branches, each walking its own index, merged
    here. Same rows as visible_cases(user) ordered and sliced, without sorting a whole force."""
    wanted = skip + count
    found: dict[int, Case] = {}
    if user.is_authenticated and user.is_active:
        for branch in case_branches(user):
            branch_cases = narrow(Case.objects.filter(branch)).order_by("-reported_at", "-id")[:wanted]
            found.update((case.pk, case) for case in branch_cases)
    newest = sorted(found.values(), key=lambda case: (case.reported_at, case.pk), reverse=True)
    return newest[skip:wanted]


def visible_case_rows(user: User, model: type[M], path: str = "case__") -> QuerySet[M]:
    """The rows of a model bound to a case (through `path`) whose case the user may see."""
    rows: QuerySet[M] = model._default_manager.all()
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    return rows.filter(case_condition(user, path))


def case_header(path: str = "case") -> list[str]:
    """The select_related paths that load a record's case as a case header shows it."""
    if not path:  # the case itself
        return ["force", "officer_in_charge", "officer_in_charge__team"]
    return [path, f"{path}__force", f"{path}__officer_in_charge", f"{path}__officer_in_charge__team"]


def get_case_for(user: User, pk: int) -> Case:
    """Fetch one case through the policy: 404 for a case the user may not see (so that its
    existence is not disclosed), and the refusal audited."""
    return access.get_for(user, Case, pk, queryset=lambda cases: cases.select_related(*case_header("")))


def visible_handovers(user: User) -> QuerySet[Handover]:
    return Handover.objects.filter(case_condition(user, "case__"))


def visible_transfers(user: User) -> QuerySet[Transfer]:
    """Transfers of cases the user may see, and transfers into the user's force for those who
    decide them."""
    condition = case_condition(user, "case__")
    if has_capability(user, Capability.ALLOCATES_CASES):
        condition |= Q(to_force_id=user.force_id)
    return Transfer.objects.filter(condition)


# --- What a user may do with a case ----------------------------------------------------------


def is_case_police(user: User, case: Case) -> bool:
    """Police of the force holding the case: an investigator, SPOC or supervisor of its force."""
    return has_capability(user, Capability.POLICES_FORCE_CASES) and user.force_id == case.force_id


def is_case_officer(user: User, case: Case) -> bool:
    """Any officer or staff of the force holding the case (frontline included)."""
    return has_capability(user, Capability.RECORDS_CASES) and user.force_id == case.force_id


def allocates_for(user: User, force_id: int | None) -> bool:
    """A supervisor or SPOC of that force: manages ownership of its cases, decides transfers into it."""
    return has_capability(user, Capability.ALLOCATES_CASES) and force_id is not None and user.force_id == force_id


def can_manage_ownership(user: User, case: Case) -> bool:
    """Offer a handover or request a transfer: the officer in charge, or a supervisor or SPOC of
    the case's force."""
    if not user.is_active or user.force_id != case.force_id:
        return False
    return case.officer_in_charge_id == user.pk or allocates_for(user, case.force_id)


def person_reach(user: User) -> Q | None:
    """How a user reaches a person through cases (registered with people.access): an advocate
    only their consenting clients; others, parties to cases they may see."""
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        return Q(pk__in=consenting_clients(user).values("person"))
    parties = CaseParty.objects.filter(person=OuterRef("pk")).filter(case_condition(user, "case__"))
    return Q(Exists(parties))


def register() -> None:
    """Called from CasesConfig.ready()."""
    access.register(Case, visible_cases, noun="case")
    access.register(Handover, visible_handovers, noun="handover")
    access.register(Transfer, visible_transfers, noun="transfer")
    people_access.register_reach(person_reach)
