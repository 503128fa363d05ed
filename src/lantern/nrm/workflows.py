"""Page-level workflows on NRM referrals built from the domain services: find the case a typed
crime reference means, and record a crime for a referral (record, link, add the victim) as one
transaction, so a failure in any step leaves nothing half-done."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lantern.cases import services as case_services
from lantern.cases.access import visible_cases
from lantern.cases.models import Case, PartyRole
from lantern.cases.references import normalise_reference
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.nrm import services as nrm_services
from lantern.nrm.models import NrmReferral
from lantern.people import services as people_services
from lantern.people.models import Person


def find_case_by_reference(user: User, raw: str) -> Case:
    """A case of the user's own force by its crime reference, typed with or without the force code.
    Raises ValidationError on field "crime_reference" when there is none."""
    key = normalise_reference(raw)
    if not key:
        raise invalid("crime_reference", "Enter the crime reference of the case")
    if user.force is None:
        raise invalid("crime_reference", "Only officers of a force can link a referral to a case")
    cases = visible_cases(user).filter(force=user.force).with_header()
    keys = {key}
    code = normalise_reference(user.force.code)
    if code and key.startswith(code) and len(key) > len(code):
        keys.add(key[len(code) :])
    case = cases.filter(crime_reference_normalised__in=keys).first()
    if case is None:
        raise invalid("crime_reference", f"{user.force.name} has no case with crime reference {raw.strip()}")
    return case


def link_by_reference(user: User, referral: NrmReferral, raw: str) -> Case:
    case = find_case_by_reference(user, raw)
    nrm_services.link_referral(user, referral, case)
    return case


def record_crime_for_referral(user: User, referral: NrmReferral, data: case_services.NewCase) -> Case:
    """Record a new case for the referral, link the referral to it and add its subject as victim."""
    with transaction.atomic():
        case = case_services.record_case(user, data)
        nrm_services.link_referral(user, referral, case)
        case_services.add_party(user, case, referral.person, PartyRole.VICTIM)
    return case


def receive_referral_for(user: User, person: Person | people_services.NewPerson, **referral: Any) -> NrmReferral:
    """Record a referral for an existing person (one the user may see) or for a new person,
    created with it in the same transaction: a refused referral leaves no person behind."""
    with transaction.atomic():
        subject = person if isinstance(person, Person) else people_services.create_person(user, person)
        return nrm_services.receive_referral(user, person=subject, **referral)
