"""Who may see and do what with decisions (this module absorbs the former decisions/permissions.py).

What a user may *see* comes with the case (cases.access.case_condition): each decisions record
is visible when its case is, and is fetched through lantern.core.access.get_for. The predicates
below decide what they may *do*, composed from the role table (lantern.core.roles).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from lantern.cases import access as case_access
from lantern.cases.access import is_case_police, visible_case_rows
from lantern.cases.models import Case
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
    Decision,
    DecisionLetter,
    NewInformation,
    ReviewRequest,
    VictimAccount,
    WrittenReasonsRequest,
)

__all__ = [
    "advocate_for",
    "can_decide",
    "can_make_request",
    "can_record_cps_decision",
    "can_record_evidence",
    "can_see_decisions",
    "can_sign_off",
    "is_case_police",
]


def can_see_decisions(user: User) -> bool:
    """Decisions, their evidence and their history: police and the CPS (the case itself comes
    through the access policy). Advocates see only what a victim may know: they ask for written
    reasons or a review for their client."""
    return access.can_see_internal_detail(user)


def can_record_evidence(user: User, case: Case) -> bool:
    """Answer the checklist, record interviews, the victim's account, credibility reasoning, CPS
    submissions and court dates: police of the force holding the case."""
    return is_case_police(user, case)


def can_decide(user: User, case: Case) -> bool:
    """Propose a decision, make its letters, put it into effect, correct it, reopen the case: the
    officer in charge, or a supervisor or SPOC of the force."""
    return is_case_police(user, case) and case_access.can_manage_ownership(user, case)


def can_sign_off(user: User, case: Case) -> bool:
    """Sign a decision off, agree that a victim was not spoken to, assign a reviewer: a supervisor
    of the force (the rules then refuse the officer in charge and the decision maker)."""
    return is_case_police(user, case) and has_capability(user, Capability.SIGNS_OFF)


def advocate_for(user: User, victim_id: int) -> bool:
    """An advocate supporting this victim with their consent."""
    return case_access.advocate_for(user, victim_id)


def can_make_request(user: User, case: Case, victim_id: int) -> bool:
    """Record a request for written reasons or for a review: police of the force, or the victim's
    advocate with their consent."""
    return is_case_police(user, case) or advocate_for(user, victim_id)


def can_record_cps_decision(user: User, case: Case, organisation_id: int) -> bool:
    """The CPS's decision on a submission: a CPS liaison of that organisation, or police of the
    force recording what the CPS said."""
    if has_capability(user, Capability.ADVISES_AS_CPS) and user.organisation_id == organisation_id:
        return True
    return is_case_police(user, case)


def _with_case(model: type[Model], path: str = "case__") -> access.Visible:
    """A decisions record is visible when its case is."""

    def visible(user: User) -> QuerySet[Any]:
        return visible_case_rows(user, model, path)

    return visible


def register() -> None:
    """Called from DecisionsConfig.ready(): every decisions record is visible with its case."""
    access.register(Decision, _with_case(Decision), noun="decision")
    access.register(VictimAccount, _with_case(VictimAccount), noun="record")
    access.register(NewInformation, _with_case(NewInformation), noun="task")
    access.register(CpsSubmission, _with_case(CpsSubmission), noun="submission")
    access.register(CourtHearing, _with_case(CourtHearing), noun="hearing")
    access.register(DecisionLetter, _with_case(DecisionLetter, "decision__case__"), noun="letter")
    access.register(WrittenReasonsRequest, _with_case(WrittenReasonsRequest, "decision__case__"), noun="request")
    access.register(ReviewRequest, _with_case(ReviewRequest, "decision__case__"), noun="request")
