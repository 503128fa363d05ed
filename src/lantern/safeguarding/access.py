"""Which safeguarding records a user may see (first responses, protected details, section 45
considerations, the immigration ledger, interpreter bookings), built on cases.access."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.cases.access import case_condition
from lantern.cases.models import Case
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Capability, Scope, has_capability, scope_of
from lantern.people.access import visible_persons
from lantern.safeguarding.models import (
    FirstResponse,
    ImmigrationShare,
    InterpreterBooking,
    ProtectedDetail,
    Section45Consideration,
)


def handles_case_safeguarding(user: User, case: Case) -> bool:
    """Safeguarding records of a case: police officers and staff of the force holding it."""
    return access.can_handle_safeguarding(user) and user.force_id == case.force_id


def visible_first_responses(user: User) -> QuerySet[FirstResponse]:
    """A first response: the officer who made it, and investigators, SPOCs and supervisors of
    their force. Nobody outside the police."""
    records = FirstResponse.objects.all()
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return records.none()
    if has_capability(user, Capability.POLICES_FORCE_CASES):
        return records.filter(force_id=user.force_id)
    if has_capability(user, Capability.RECORDS_CASES):
        return records.filter(recorded_by=user)
    return records.none()


def visible_protected_details(user: User) -> QuerySet[ProtectedDetail]:
    """Protected details (their labels; the value needs a reason, see can_reveal_protected):
    police of the owning force who can see the case or person they belong to."""
    details = ProtectedDetail.objects.filter(archived_at__isnull=True)
    if not access.can_handle_safeguarding(user) or user.force_id is None:
        return details.none()
    persons = visible_persons(user).filter(pk=OuterRef("person"))
    return details.filter(force_id=user.force_id).filter(
        case_condition(user, "case__") | Q(case__isnull=True) & Q(Exists(persons))
    )


def visible_section45(user: User) -> QuerySet[Section45Consideration]:
    """Section 45 considerations of cases the user may see: police, and the CPS on cases
    referred to it."""
    if not user.is_authenticated or not user.is_active:
        return Section45Consideration.objects.none()
    if scope_of(user) is not Scope.CPS_REFERRED and not access.can_handle_safeguarding(user):
        return Section45Consideration.objects.none()
    return Section45Consideration.objects.filter(case_condition(user, "case__"))


def visible_immigration_shares(user: User) -> QuerySet[ImmigrationShare]:
    """The ledger of a force: its investigators, SPOCs and supervisors (and the frontline
    officer who proposed an entry)."""
    shares = ImmigrationShare.objects.all()
    if not user.is_authenticated or not user.is_active or user.force_id is None:
        return shares.none()
    if has_capability(user, Capability.POLICES_FORCE_CASES):
        return shares.filter(force_id=user.force_id)
    if has_capability(user, Capability.RECORDS_CASES):
        return shares.filter(proposed_by=user)
    return shares.none()


def visible_interpreter_bookings(user: User) -> QuerySet[InterpreterBooking]:
    """Bookings of the user's force on cases (or, with no case, persons) the user may see."""
    bookings = InterpreterBooking.objects.all()
    if not access.can_handle_safeguarding(user) or user.force_id is None:
        return bookings.none()
    return bookings.filter(force_id=user.force_id).filter(
        case_condition(user, "case__")
        | Q(case__isnull=True) & Q(Exists(visible_persons(user).filter(pk=OuterRef("person"))))
    )


def register() -> None:
    """Called from SafeguardingConfig.ready()."""
    access.register(FirstResponse, visible_first_responses, noun="first response")
    access.register(ProtectedDetail, visible_protected_details, noun="protected detail")
    access.register(Section45Consideration, visible_section45, noun="consideration")
    access.register(ImmigrationShare, visible_immigration_shares, noun="ledger entry")
    access.register(InterpreterBooking, visible_interpreter_bookings, noun="booking")
