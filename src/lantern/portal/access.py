"""Who may do what in the portal, composed from the access policy (lantern.core.access: what a
user may see) and the victim's consent (what an advocate may be shown)."""

from __future__ import annotations

from django.http import Http404

from lantern.cases import access as cases_access
from lantern.cases.models import AdvocateAssignment, Case, CaseParty, PartyRole
from lantern.core import audit
from lantern.core.access import sees_aggregates_only
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.people.models import Person


def is_advocate(user: User) -> bool:
    return user.is_active and has_capability(user, Capability.SUPPORTS_VICTIMS)


def advocate_client_on_case(user: User, case_id: int) -> tuple[Case, Person, AdvocateAssignment]:
    """The case (through the access policy: 404 if the advocate may not see it), the client who is a
    victim in it and the standing consent. 404 for anything else, so nothing is disclosed."""
    if not is_advocate(user):
        audit.record_refusal(user, "cases.case", str(case_id), "advocate's client view: not an advocate")
        raise Http404("No case found")
    case = cases_access.get_case_for(user, case_id)
    consents = {c.person_id: c for c in AdvocateAssignment.objects.standing().filter(advocate=user).order_by("id")}
    party = (
        CaseParty.objects.filter(case=case, role__in=PartyRole.victim_roles(), person_id__in=list(consents))
        .select_related("person")
        .order_by("id")
        .first()
    )
    if party is None:
        audit.record_refusal(user, "cases.case", str(case_id), "advocate's client view: no consenting client")
        raise Http404("No case found")
    return case, party.person, consents[party.person_id]


def can_manage_invitations(user: User, case: Case) -> bool:
    """Issue, revoke and re-issue a victim's link and passcode: the officer in charge, or a
    supervisor or SPOC of the force."""
    return cases_access.can_manage_ownership(user, case)


def can_see_request_counts(user: User) -> bool:
    """Requests for updates per case (the cases chased most): supervisors and SPOCs of a force;
    the measures (counts only) also investigators and national analysts."""
    return user.is_active and (
        sees_aggregates_only(user)
        or (user.force_id is not None and has_capability(user, Capability.POLICES_FORCE_CASES))
    )


def can_record_consent_for_police(user: User) -> bool:
    return user.is_active and user.force_id is not None and has_capability(user, Capability.POLICES_FORCE_CASES)
