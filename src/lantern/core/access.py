"""The access policy: the one place that decides which records a user may see.

Every page, API endpoint, export and CLI command fetches cases, persons and NRM records through
these functions, so none can show a record the policy does not allow. Roles (DESIGN.md):

- frontline officer: cases they recorded, hold, or have been offered;
- investigator, SPOC, supervisor: their force's cases, and cases shared with their force;
- force administrator: no case content;
- advocate: cases of their clients whose consent stands, and only what a victim may know;
- CPS liaison: cases referred to the CPS;
- national analyst: aggregates only, never a case or a person.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

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
from lantern.core.models import Role, User
from lantern.nrm.models import DutyToNotify, NrmCaseLink, NrmReferral
from lantern.people.models import Person
from lantern.safeguarding.models import (
    FirstResponse,
    ImmigrationShare,
    InterpreterBooking,
    ProtectedDetail,
    Section45Consideration,
)

FORCE_CASE_ROLES = {Role.INVESTIGATOR, Role.SPOC, Role.SUPERVISOR}


class AccessDenied(Exception):
    """Raised when a user asks for an action their role does not allow (a 403)."""


def _consenting_clients(user: User) -> QuerySet[AdvocateAssignment]:
    # standing(): given, not withdrawn, not expired, judged now; a withdrawal hides at once.
    return AdvocateAssignment.objects.standing().filter(advocate=user)


def case_condition(user: User, path: str = "") -> Q:
    """The condition a case must meet for `user` to see it, as a Q on a model that reaches the
    case through `path` ("" for Case itself, "case__" for a row with a `case` foreign key).

    Written as per-row conditions (correlated EXISTS), never as "id IN (all visible cases)", so
    that filtering a few candidate rows costs a few index look-ups at national scale.
    """
    case_ref = OuterRef(path[:-2] if path else "pk")
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role in FORCE_CASE_ROLES and user.force_id:
        shared = CaseShare.objects.filter(case=case_ref, force_id=user.force_id, revoked_at__isnull=True)
        # A force asked to take a case sees it while it decides.
        incoming = Transfer.objects.filter(case=case_ref, to_force_id=user.force_id, state=Transfer.State.REQUESTED)
        return Q(**{f"{path}force_id": user.force_id}) | Q(Exists(shared)) | Q(Exists(incoming))
    if user.role == Role.FRONTLINE and user.force_id:
        offered = Handover.objects.filter(case=case_ref, to_officer=user, state=Handover.State.OFFERED)
        return Q(**{f"{path}created_by": user}) | Q(**{f"{path}officer_in_charge": user}) | Q(Exists(offered))
    if user.role == Role.ADVOCATE:
        client_parties = CaseParty.objects.filter(
            case=case_ref,
            role__in=[PartyRole.VICTIM, PartyRole.VICTIM_SUSPECT],
            person__in=_consenting_clients(user).values("person"),
        )
        return Q(Exists(client_parties))
    if user.role == Role.CPS and user.organisation_id:
        return Q(Exists(CpsReferral.objects.filter(case=case_ref, organisation_id=user.organisation_id)))
    return Q(pk__in=[])


def visible_cases(user: User) -> CaseQuerySet:
    """All cases the user may open."""
    cases: CaseQuerySet = Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return cases.none()
    return cases.filter(case_condition(user))


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons the user may open: parties to cases they can see (an advocate: only their
    consenting clients), and subjects of NRM referrals to their force."""
    persons = Person.objects.all()
    if not user.is_authenticated or not user.is_active:
        return persons.none()
    if user.role == Role.ADVOCATE:
        return persons.filter(pk__in=_consenting_clients(user).values("person"))
    parties = CaseParty.objects.filter(person=OuterRef("pk")).filter(case_condition(user, "case__"))
    if user.role in FORCE_CASE_ROLES and user.force_id:
        referred = NrmReferral.objects.filter(person=OuterRef("pk"), force_id=user.force_id)
        return persons.filter(Q(Exists(parties)) | Q(Exists(referred)))
    return persons.filter(Exists(parties))


def visible_nrm_referrals(user: User) -> QuerySet[NrmReferral]:
    referrals = NrmReferral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if user.role == Role.ADVOCATE:
        return referrals.filter(person__in=_consenting_clients(user).values("person"))
    linked = NrmCaseLink.objects.filter(referral=OuterRef("pk")).filter(case_condition(user, "case__"))
    if user.role in FORCE_CASE_ROLES and user.force_id:
        return referrals.filter(Q(force_id=user.force_id) | Q(Exists(linked)))
    return referrals.filter(Exists(linked))


def visible_duty_to_notify(user: User) -> QuerySet[DutyToNotify]:
    records = DutyToNotify.objects.all()
    if user.is_authenticated and user.is_active and user.role in FORCE_CASE_ROLES and user.force_id:
        return records.filter(force_id=user.force_id)
    return records.none()


# --- Capabilities: what a role may do, beyond what it may see -------------------------------


def can_record_cases(user: User) -> bool:
    return user.is_active and user.force_id is not None and user.role in FORCE_CASE_ROLES | {Role.FRONTLINE}


def can_manage_ownership(user: User, case: Case) -> bool:
    """Offer a handover or request a transfer: the officer in charge, or a supervisor or SPOC of
    the case's force."""
    if not user.is_active or user.force_id != case.force_id:
        return False
    return case.officer_in_charge_id == user.pk or user.role in {Role.SUPERVISOR, Role.SPOC}


def can_see_internal_detail(user: User) -> bool:
    """Suspects, the full timeline and NRM detail: police and CPS, not advocates."""
    return user.role in FORCE_CASE_ROLES | {Role.FRONTLINE, Role.CPS}


def can_search(user: User) -> bool:
    return user.is_active and user.role not in {Role.ANALYST, Role.FORCE_ADMIN}


def can_see_force_dashboard(user: User) -> bool:
    return user.is_active and user.force_id is not None and user.role in FORCE_CASE_ROLES


def get_case_for(user: User, pk: int) -> Case:
    """Fetch one case through the policy: 404 for a case the user may not see (so that its
    existence is not disclosed)."""
    try:
        return visible_cases(user).with_header().get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("No case found") from exc


def get_person_for(user: User, pk: int) -> Person:
    try:
        return visible_persons(user).get(pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404("No person found") from exc


def get_nrm_for(user: User, pk: int) -> NrmReferral:
    try:
        return visible_nrm_referrals(user).select_related("force", "person").get(pk=pk)
    except NrmReferral.DoesNotExist as exc:
        raise Http404("No referral found") from exc


# --- Safeguarding records (lantern.safeguarding) ---------------------------------------------


def visible_first_responses(user: User) -> QuerySet[FirstResponse]:
    """A first response: the officer who made it, and investigators, SPOCs and supervisors of
    their force. Nobody outside the police."""
    records = FirstResponse.objects.all()
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return records.none()
    if user.role in FORCE_CASE_ROLES:
        return records.filter(force_id=user.force_id)
    if user.role == Role.FRONTLINE:
        return records.filter(created_by=user)
    return records.none()


def can_handle_safeguarding(user: User) -> bool:
    """Interpreter bookings, section 45 records, the immigration ledger and protected details:
    police officers and staff of a force (not advocates, CPS, analysts or administrators)."""
    return user.is_active and user.force_id is not None and user.role in FORCE_CASE_ROLES | {Role.FRONTLINE}


def can_review_safeguarding(user: User) -> bool:
    """Review a section 45 consideration, approve a sharing with the Home Office."""
    return user.is_active and user.force_id is not None and user.role == Role.SUPERVISOR


def visible_protected_details(user: User) -> QuerySet[ProtectedDetail]:
    """Protected details (their labels; the value needs a reason, see can_reveal_protected):
    police of the owning force who can see the case or person they belong to."""
    details = ProtectedDetail.objects.filter(archived_at__isnull=True)
    if not can_handle_safeguarding(user) or user.force_id is None:
        return details.none()
    persons = visible_persons(user).filter(pk=OuterRef("person"))
    return details.filter(force_id=user.force_id).filter(
        case_condition(user, "case__") | Q(case__isnull=True) & Q(Exists(persons))
    )


def visible_section45(user: User) -> QuerySet[Section45Consideration]:
    if not user.is_authenticated or not user.is_active:
        return Section45Consideration.objects.none()
    if user.role == Role.CPS:
        return Section45Consideration.objects.filter(case_condition(user, "case__"))
    if not can_handle_safeguarding(user):
        return Section45Consideration.objects.none()
    return Section45Consideration.objects.filter(case_condition(user, "case__"))


def visible_immigration_shares(user: User) -> QuerySet[ImmigrationShare]:
    """The ledger of a force: its investigators, SPOCs and supervisors (and the frontline
    officer who proposed an entry)."""
    shares = ImmigrationShare.objects.all()
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return shares.none()
    if user.role in FORCE_CASE_ROLES:
        return shares.filter(force_id=user.force_id)
    if user.role == Role.FRONTLINE:
        return shares.filter(proposed_by=user)
    return shares.none()


def can_see_safeguarding_counts(user: User) -> bool:
    """Ledger and section 45 counts per force: supervisors and SPOCs (their force), national
    analysts (every force; aggregates only)."""
    if not user.is_active:
        return False
    return user.role == Role.ANALYST or (user.force_id is not None and user.role in {Role.SUPERVISOR, Role.SPOC})


def visible_interpreter_bookings(user: User) -> QuerySet[InterpreterBooking]:
    """Bookings of the user's force on cases (or, with no case, persons) the user may see."""
    bookings = InterpreterBooking.objects.all()
    if not can_handle_safeguarding(user) or user.force_id is None:
        return bookings.none()
    return bookings.filter(force_id=user.force_id).filter(
        case_condition(user, "case__")
        | Q(case__isnull=True) & Q(Exists(visible_persons(user).filter(pk=OuterRef("person"))))
    )
