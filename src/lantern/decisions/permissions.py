"""Who may do what with decisions, composed from the access policy's capabilities
(lantern.core.access). What a user may *see* is decided there: a decision is seen with its case
(access.get_case_for / case_condition). These predicates decide what they may *do*."""

from __future__ import annotations

from lantern.cases.models import AdvocateAssignment, Case
from lantern.core import access
from lantern.core.models import Role, User


def is_case_police(user: User, case: Case) -> bool:
    """An investigator, SPOC or supervisor of the force holding the case."""
    return user.is_active and user.role in access.FORCE_CASE_ROLES and user.force_id == case.force_id


def can_see_decisions(user: User) -> bool:
    """Decisions, their evidence and their history: police and the CPS (the case itself comes
    through the access policy). Advocates see only what a victim may know: they ask for written
    reasons or a review for their client."""
    return user.is_active and access.can_see_internal_detail(user)


def can_record_evidence(user: User, case: Case) -> bool:
    """Answer the checklist, record interviews, the victim's account, credibility reasoning, CPS
    submissions and court dates: police of the force holding the case."""
    return is_case_police(user, case)


def can_decide(user: User, case: Case) -> bool:
    """Propose a decision, make its letters, put it into effect, correct it, reopen the case: the
    officer in charge, or a supervisor or SPOC of the force."""
    return is_case_police(user, case) and access.can_manage_ownership(user, case)


def can_sign_off(user: User, case: Case) -> bool:
    """Sign a decision off, agree that a victim was not spoken to, assign a reviewer: a supervisor
    of the force (the rules then refuse the officer in charge and the decision maker)."""
    return is_case_police(user, case) and user.role == Role.SUPERVISOR


def advocate_for(user: User, victim_id: int) -> bool:
    """An advocate supporting this victim with their consent."""
    return (
        user.is_active
        and user.role == Role.ADVOCATE
        and AdvocateAssignment.objects.standing().filter(advocate=user, person_id=victim_id).exists()
    )


def can_make_request(user: User, case: Case, victim_id: int) -> bool:
    """Record a request for written reasons or for a review: police of the force, or the victim's
    advocate with their consent."""
    return is_case_police(user, case) or advocate_for(user, victim_id)


def can_record_cps_decision(user: User, case: Case, organisation_id: int) -> bool:
    """The CPS's decision on a submission: a CPS liaison of that organisation, or police of the
    force recording what the CPS said."""
    if user.is_active and user.role == Role.CPS and user.organisation_id == organisation_id:
        return True
    return is_case_police(user, case)
