"""The guided first response, NRM decisions and alerts to officers.
A first response is a draft that each question page updates through update(); complete()
checks it against what the decision makers need and turns it into an NRM referral or an
anonymous Duty to Notify, in one transaction. Pages, the API and tests all go through here.

"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseParty, PartyRole
from lantern.cases.references import normalise_reference
from lantern.core import audit, crypto, events
from lantern.core.access import AccessDenied, can_record_cases
from lantern.core.clock import today
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.nrm import services as nrm_services
from lantern.people import services as people_services
from lantern.people.models import LanguageSkill, Person, Sex
from lantern.safeguarding import rules
from lantern.safeguarding.events import FirstResponseCompleted

# What update() accepts: fields kept on the model, answers kept in FirstResponse.answers, and
# contact details kept encrypted.
from lantern.safeguarding.first_response.answers import (
    ANSWER_FIELDS,
    CONTACT_FIELDS,
    MODEL_FIELDS,
    _clean,
    _identifying_present,
)
from lantern.safeguarding.models import FirstResponse, ProtectedDetail

# --- Starting and updating ---------------------------------------------------------------------


def start(actor: User, case: Case | None = None) -> FirstResponse:
    """ "I think this person may be a victim": open a draft first response."""
    if not can_record_cases(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff make a first response.")
    if case is not None and case.force_id != actor.force_id:
        raise AccessDenied("You can start a first response only on a case of your own force.")
    with transaction.atomic():
        fr = FirstResponse.objects.create(force=actor.force, recorded_by=actor, case=case)
        audit.record(actor, audit.Action.COLLECTION, fr, detail="first response started")
    return fr


def _check_owner(actor: User, fr: FirstResponse) -> None:
    if fr.force_id != actor.force_id or not can_record_cases(actor):
        raise AccessDenied("Only officers of the force that made this first response can change it.")
    if not has_capability(actor, Capability.POLICES_FORCE_CASES) and fr.recorded_by_id != actor.pk:
        raise AccessDenied(
            "Only the officer who made this first response, or a colleague who holds cases, can change it."
        )
    if fr.stage != FirstResponse.Stage.DRAFT:
        raise invalid("stage", "This first response is complete: it cannot be changed.")


def contacts_of(fr: FirstResponse) -> dict[str, str]:
    if not fr.contact_token:
        return {}
    data: dict[str, str] = json.loads(crypto.decrypt(fr.contact_token))
    return data


def update(actor: User, fr: FirstResponse, data: dict[str, Any]) -> list[str]:
    """Apply the answers in data (any subset of the known fields) and re-decide the route.
    Returns notes for the officer (e.g. identifying details removed when an adult declined)."""
    _check_owner(actor, fr)
    unknown = set(data) - MODEL_FIELDS - ANSWER_FIELDS - CONTACT_FIELDS
    if unknown:
        raise invalid(sorted(unknown)[0], "This is not a question in the first response.")
    cleaned = {field: _clean(field, value) for field, value in data.items()}
    answers = dict(fr.answers)
    contacts = contacts_of(fr)
    notes: list[str] = []
    for field, value in cleaned.items():
        if field in MODEL_FIELDS:
            setattr(fr, field, value)
        elif field in ANSWER_FIELDS:
            answers[field] = value
        else:
            contacts[field] = value
    if "consent" in cleaned:
        fr.consent_recorded_at = timezone.now() if fr.consent else None
    if rules.treated_as_child(fr.age_now) and fr.consent == "declined":
        if "consent" in cleaned:
            raise invalid("consent", rules.referral_route(fr.age_now, "declined").error[1])  # type: ignore[index]
        fr.consent = ""  # the age changed: a child's referral needs no consent
        fr.consent_recorded_at = None
        notes.append("A child is always referred to the NRM: the earlier answer about consent no longer applies.")
    decision = rules.referral_route(fr.age_now, fr.consent)
    fr.route = decision.route
    if fr.route == rules.ROUTE_DTN and not fr.police_contact_consent:
        present = _identifying_present(answers, contacts)
        new_identifying = [f for f in present if f in cleaned]
        if new_identifying:
            label = rules.IDENTIFYING_FIELDS[new_identifying[0]]
            raise invalid(
                new_identifying[0],
                f"This adult did not consent to an NRM referral, so the Duty to Notify must "
                f"not hold their {label}. Leave it out, unless they agree to the police "
                "holding their name and contact details.",
            )
        if present:
            for name in present:
                answers.pop(name, None)
                contacts.pop(name, None)
            notes.append(
                "The person did not consent to a referral, so their name, date of birth and contact details "
                "were removed: an anonymous Duty to Notify must not hold them."
            )
    fr.answers = answers
    fr.contact_token = crypto.encrypt(json.dumps(contacts)) if any(contacts.values()) else ""
    fr.updated_at = timezone.now()
    with transaction.atomic():
        fr.save()
        audit.record(actor, audit.Action.ALTERATION, fr, detail=("fields: " + ",".join(sorted(cleaned)))[:255])
    return notes


# --- Completeness and completion ---------------------------------------------------------------


def content_of(fr: FirstResponse) -> rules.ReferralContent:
    """The referral as the rules see it."""
    a = fr.answers
    contacts = contacts_of(fr)
    officer = fr.recorded_by
    crime_reference = str(a.get("crime_reference") or "")
    if fr.case_id and fr.case is not None:
        crime_reference = crime_reference or fr.case.full_reference
    return rules.ReferralContent(
        route=fr.route,
        age_now=fr.age_now,
        under_18_at_exploitation=fr.under_18_at_exploitation,
        local_authority_name=fr.local_authority_name,
        local_authority_contact=fr.local_authority_contact,
        consent=fr.consent,
        explained_nrm=fr.explained_nrm,
        explained_support=fr.explained_support,
        explained_outcomes=fr.explained_outcomes,
        told_language=fr.told_language,
        told_through=fr.told_through,
        narrative=str(a.get("narrative") or ""),
        exploitation_types=tuple(a.get("exploitation_types") or ()),
        where_exploited=str(a.get("where_exploited") or ""),
        current_location=str(a.get("current_location") or ""),
        exploiters=str(a.get("exploiters") or ""),
        other_victims=str(a.get("other_victims") or ""),
        crime_reference=crime_reference,
        support_needed=str(a.get("support_needed") or ""),
        given_names=str(a.get("given_names") or ""),
        family_name=str(a.get("family_name") or ""),
        nickname=str(a.get("nickname") or ""),
        date_of_birth=str(a.get("date_of_birth") or ""),
        age_estimate=str(a.get("age_estimate") or ""),
        sex=str(a.get("sex") or ""),
        nationalities=tuple(a.get("nationalities") or ()),
        interpreter_needed=str(a.get("interpreter_needed") or ""),
        interpreter_language=str(a.get("interpreter_language") or ""),
        safe_to_contact=str(a.get("safe_to_contact") or ""),
        phone=contacts.get("phone", ""),
        email=contacts.get("email", ""),
        postal_address=contacts.get("postal_address", ""),
        home_office_reference=str(a.get("home_office_reference") or ""),
        police_cooperation=str(a.get("police_cooperation") or ""),
        police_contact_consent=fr.police_contact_consent,
        decline_reason=fr.decline_reason,
        first_responder_name=officer.display_name,
        first_responder_role=officer.get_role_display(),
        first_responder_phone=officer.phone,
    )


def missing(fr: FirstResponse) -> list[rules.Missing]:
    if not fr.route:
        return [rules.Missing("route", "The referral decision: the person's age, and an adult's consent", "age")]
    content = content_of(fr)
    found = rules.referral_missing(content)
    clash = rules.age_contradiction(content.age_now, content.date_of_birth, today())
    return [clash, *found] if clash else found


def case_for_reference(actor: User, fr: FirstResponse) -> tuple[str, Case | None]:
    """The crime reference given in the answers, and the case of the actor's force that has it
    (None: no case of the force has that reference)."""
    reference = str(fr.answers.get("crime_reference") or "").strip()
    if fr.case is not None:
        return fr.case.full_reference, fr.case
    return reference, _find_case(actor, fr, reference) if reference else None


class Incomplete(ValidationError):
    """complete() refused: the items still missing, each named against its field."""

    def __init__(self, items: list[rules.Missing]) -> None:
        errors: dict[str, list[str]] = {}
        for item in items:
            errors.setdefault(item.field, []).append(f"Missing: {item.label}")
        super().__init__(errors)
        self.items = items


def _find_case(actor: User, fr: FirstResponse, crime_reference: str) -> Case | None:
    if fr.case_id:
        return fr.case
    key = normalise_reference(crime_reference)
    if not key or actor.force is None:
        return None
    code = normalise_reference(actor.force.code)
    keys = {key, key[len(code) :]} if key.startswith(code) and len(key) > len(code) else {key}
    return Case.objects.filter(force=actor.force, crime_reference_normalised__in=keys).first()


def _create_person(actor: User, content: rules.ReferralContent, fr: FirstResponse) -> Person:
    dob = date.fromisoformat(content.date_of_birth) if content.date_of_birth else None
    age = int(content.age_estimate) if content.age_estimate else None
    names = [people_services.NameInput(content.given_names or content.nickname, content.family_name)]
    if content.nickname and content.given_names:
        names.append(people_services.NameInput(content.nickname, "", kind="nickname"))
    langs = []
    if fr.told_language and fr.told_through != FirstResponse.ToldThrough.ENGLISH:
        langs.append(
            people_services.LanguageInput(
                fr.told_language,
                LanguageSkill.Level.FIRST,
                fr.told_dialect,
                interpreter_needed=content.interpreter_needed == "yes",
            )
        )
    if content.interpreter_language and content.interpreter_language != fr.told_language:
        langs.append(
            people_services.LanguageInput(
                content.interpreter_language, LanguageSkill.Level.FLUENT, interpreter_needed=True
            )
        )
    person = people_services.create_person(
        actor,
        people_services.NewPerson(
            names=names,
            date_of_birth=dob,
            age_min=age,
            age_max=age,
            sex=content.sex or Sex.UNKNOWN,
            nationalities=list(content.nationalities),
            languages=langs,
        ),
    )
    preference = str(fr.answers.get("interpreter_sex_preference") or "")
    same = fr.answers.get("same_interpreter_preferred") == "yes"
    if preference or same:
        Person.objects.filter(pk=person.pk).update(
            interpreter_sex_preference=preference, same_interpreter_preferred=same
        )
        person.refresh_from_db()
    return person


def _protect_contacts(actor: User, fr: FirstResponse, person: Person, content: rules.ReferralContent) -> None:
    """The victim's contact details become protected details on the person (encrypted)."""
    from lantern.safeguarding.protected.protection import protect

    reason = "Contact details of a potential victim of modern slavery given in the first response"
    for kind, value, label in (
        (ProtectedDetail.Kind.PHONE, content.phone, "Phone number (first response)"),
        (ProtectedDetail.Kind.EMAIL, content.email, "Email (first response)"),
        (ProtectedDetail.Kind.ADDRESS, content.postal_address, "Safe postal address (first response)"),
    ):
        if value:
            protect(actor, kind=kind, label=label, value=value, reason=reason, person=person, case=fr.case)


def complete(actor: User, fr: FirstResponse, reference: str) -> FirstResponse:
    """Mark the referral (or Duty to Notify) as sent, with the reference the competent
    authority gave. Refused while anything the decision makers need is missing (Incomplete
    names each item) or a Duty to Notify would identify an adult who did not consent."""
    _check_owner(actor, fr)
    content = content_of(fr)
    items = missing(fr)
    if items:
        raise Incomplete(items)
    if fr.route == rules.ROUTE_DTN:
        identifying = rules.dtn_identifying_fields(content)
        if identifying:
            raise invalid(
                identifying[0],
                "A Duty to Notify for an adult who did not consent must not hold their "
                f"{rules.IDENTIFYING_FIELDS[identifying[0]]}.",
            )
    now = timezone.now()
    with transaction.atomic():
        case = _find_case(actor, fr, content.crime_reference)
        if fr.route == rules.ROUTE_NRM:
            person = _create_person(actor, content, fr)
            fr.nrm_referral = nrm_services.refer_from_first_response(
                actor,
                reference=reference,
                person=person,
                child_at_exploitation=fr.under_18_at_exploitation == "yes",
                case=case,
            )
            if case is not None and not CaseParty.objects.filter(case=case, person=person).exists():
                case_services.add_party(actor, case, person, PartyRole.VICTIM)
        else:
            person = None
            if fr.police_contact_consent and (content.given_names or content.nickname):
                person = _create_person(actor, content, fr)
            fr.duty_to_notify = nrm_services.notify_from_first_response(
                actor,
                reference=reference,
                person=person,
                exploitation_types=list(content.exploitation_types),
                case=case,
            )
        fr.person = person
        if person is not None:
            _protect_contacts(actor, fr, person, content)
        fr.case = case
        fr.stage = FirstResponse.Stage.SENT
        fr.completed_at = now
        fr.updated_at = now
        fr.contact_token = ""  # now held as protected details on the person, or never kept (DtN)
        fr.save()
        audit.record(actor, audit.Action.ALTERATION, fr, detail=f"completed as {fr.route}")
        events.publish(FirstResponseCompleted(fr, actor))
    return fr
