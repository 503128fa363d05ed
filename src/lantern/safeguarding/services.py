"""The guided first response, NRM decisions and alerts to officers.

A first response is a draft that each question page updates through update(); complete()
checks it against what the decision makers need and turns it into an NRM referral or an
anonymous Duty to Notify, in one transaction. Pages, the API and tests all go through here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseParty, CaseStatus, ExploitationType, PartyRole
from lantern.cases.references import normalise_reference
from lantern.core import audit, crypto, events
from lantern.core.access import AccessDenied, can_record_cases
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.nrm import services as nrm_services
from lantern.nrm.events import NrmDecisionRecorded
from lantern.nrm.models import NrmDecision, NrmReferral
from lantern.people import services as people_services
from lantern.people.models import LanguageSkill, Person, Sex
from lantern.safeguarding import languages, rules
from lantern.safeguarding.events import FirstResponseCompleted
from lantern.safeguarding.guidance import INDICATORS
from lantern.safeguarding.models import FirstResponse, ProtectedDetail, SafeguardingAlert, YesNoUnknown

# What update() accepts: fields kept on the model, answers kept in FirstResponse.answers, and
# contact details kept encrypted.
MODEL_FIELDS = {
    "indicators",
    "other_indicators",
    "encountered_area",
    "in_immediate_danger",
    "place_of_safety",
    "place_of_safety_by",
    "needs",
    "medical_details",
    "age_now",
    "under_18_at_exploitation",
    "local_authority_name",
    "local_authority_contact",
    "told_language",
    "told_dialect",
    "told_through",
    "interpreter_name",
    "explained_nrm",
    "explained_support",
    "explained_outcomes",
    "consent",
    "decline_reason",
    "police_contact_consent",
}
ANSWER_FIELDS = {
    "narrative",
    "exploitation_types",
    "where_exploited",
    "current_location",
    "exploiters",
    "other_victims",
    "crime_reference",
    "support_needed",
    "given_names",
    "family_name",
    "nickname",
    "date_of_birth",
    "age_estimate",
    "sex",
    "nationalities",
    "interpreter_needed",
    "interpreter_language",
    "safe_to_contact",
    "home_office_reference",
    "police_cooperation",
    "interpreter_sex_preference",
    "same_interpreter_preferred",
}
CONTACT_FIELDS = {"phone", "email", "postal_address"}
NEEDS = {
    "food": "Food and drink",
    "clothing": "Clothing",
    "medical": "Medical attention",
    "phone": "A phone to call for help",
}
YES_NO = {"yes", "no"}
YES_NO_UNKNOWN = set(YesNoUnknown.values)
TEXT_LIMIT = 10000


# --- Starting and updating ---------------------------------------------------------------------


def start(actor: User, case: Case | None = None) -> FirstResponse:
    """ "I think this person may be a victim": open a draft first response."""
    if not can_record_cases(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff make a first response.")
    if case is not None and case.force_id != actor.force_id:
        raise AccessDenied("You can start a first response only on a case of your own force.")
    with transaction.atomic():
        fr = FirstResponse.objects.create(force=actor.force, created_by=actor, case=case)
        audit.record(actor, audit.Action.COLLECTION, fr, detail="first response started")
    return fr


def _check_owner(actor: User, fr: FirstResponse) -> None:
    if fr.force_id != actor.force_id or not can_record_cases(actor):
        raise AccessDenied("Only officers of the force that made this first response can change it.")
    if not has_capability(actor, Capability.POLICES_FORCE_CASES) and fr.created_by_id != actor.pk:
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


def _text(field: str, value: Any, limit: int = TEXT_LIMIT) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise invalid(field, "Use letters, digits and punctuation only.")
    if len(text) > limit:
        raise invalid(field, f"Keep this to {limit} characters or fewer.")
    return text.strip()


def _choice(field: str, value: Any, allowed: Collection[str], message: str) -> str:
    text = "" if value is None else str(value)
    if text and text not in allowed:
        raise invalid(field, message)
    return text


LIST_FIELDS = {"indicators", "needs", "exploitation_types", "nationalities"}


def _check_shape(field: str, value: Any) -> None:
    """A list field holds a list of strings; any other field holds a single answer."""
    if field in LIST_FIELDS:
        if value is not None and not isinstance(value, list | tuple):
            raise invalid(field, "Give a list of choices.")
        if any(not isinstance(item, str) for item in value or ()):
            raise invalid(field, "Give a list of choices.")
    elif isinstance(value, list | tuple | dict):
        raise invalid(field, "Give a single answer.")


def _from_list(allowed: Collection[str], message: str) -> Callable[[str, Any], list[str]]:
    """A check that every item of a list answer is one of `allowed`."""

    def check(field: str, value: Any) -> list[str]:
        items = list(value or [])
        if any(item not in allowed for item in items):
            raise invalid(field, message)
        return items

    return check


def _nationalities(field: str, value: Any) -> list[str]:
    items = [str(c).strip().upper() for c in (value or []) if str(c).strip()]
    for code in items:
        if len(code) != 2 or not code.isalpha():
            raise invalid(field, f"{code!r} is not a two-letter country code (for example LV, AL, VN).")
    return items


def _yes_or_no(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise invalid(field, "Answer yes or no.")
    return value


def _language(field: str, value: Any) -> str:
    code = languages.canonical(_text(field, value, 12))
    if code and code not in languages.LANGUAGES:
        raise invalid(field, "Choose a language from the list.")
    return code


def _date_of_birth(field: str, value: Any) -> str:
    """An ISO date, checked by the one date-of-birth rule (people.services.check_date_of_birth)."""
    text = _text(field, value, 10)
    if not text:
        return ""
    try:
        born = date.fromisoformat(text)
    except ValueError as exc:
        raise invalid(field, "Date of birth must be a real date.") from exc
    people_services.check_date_of_birth(born, timezone.localdate())
    return text


def _age_estimate(field: str, value: Any) -> str:
    text = _text(field, value, 3)
    if text and (not text.isdigit() or not 0 <= int(text) <= 120):
        raise invalid(field, "Estimated age must be a number between 0 and 120.")
    return text


def _email(field: str, value: Any) -> str:
    text = _text(field, value, 254)
    if text and ("@" not in text or " " in text):
        raise invalid(field, "Enter an email address in the correct format, like name@example.com.")
    return text


def _phone(field: str, value: Any) -> str:
    text = _text(field, value, 40)
    if text and sum(ch.isdigit() for ch in text) < 7:
        raise invalid(field, "Enter a phone number with at least 7 digits.")
    return text


# Each field with a check of its own; single-choice fields are in CHOICES; the rest are free text.
CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "indicators": _from_list(INDICATORS, "Choose signs from the list (or describe others in the box below)."),
    "needs": _from_list(NEEDS, "Choose needs from the list."),
    "exploitation_types": _from_list(ExploitationType.values, "Choose the types of exploitation from the list."),
    "nationalities": _nationalities,
    "explained_nrm": _yes_or_no,
    "explained_support": _yes_or_no,
    "explained_outcomes": _yes_or_no,
    "police_contact_consent": _yes_or_no,
    "told_language": _language,
    "interpreter_language": _language,
    "date_of_birth": _date_of_birth,
    "age_estimate": _age_estimate,
    "email": _email,
    "phone": _phone,
}
_YES_NO_UNKNOWN_MESSAGE = "Select yes, no or not known."
CHOICES: dict[str, tuple[Collection[str], str]] = {
    "age_now": (rules.AGE_ANSWERS, "Select whether the person is under 18."),
    "under_18_at_exploitation": (YES_NO_UNKNOWN, _YES_NO_UNKNOWN_MESSAGE),
    "in_immediate_danger": (YES_NO_UNKNOWN, _YES_NO_UNKNOWN_MESSAGE),
    "other_victims": (YES_NO_UNKNOWN, _YES_NO_UNKNOWN_MESSAGE),
    "police_cooperation": (YES_NO_UNKNOWN, _YES_NO_UNKNOWN_MESSAGE),
    "interpreter_sex_preference": ({"female", "male"}, "Select female, male or no preference."),
    "same_interpreter_preferred": (YES_NO, "Select yes or no."),
    "support_needed": (YES_NO, "Select yes or no."),
    "interpreter_needed": (YES_NO, "Select yes or no."),
    "safe_to_contact": (YES_NO, "Select yes or no."),
    "place_of_safety": (FirstResponse.PlaceOfSafety.values, "Select the kind of place of safety."),
    "told_through": (FirstResponse.ToldThrough.values, "Select how the person was spoken to."),
    "consent": ({"given", "declined"}, "Select whether the person consents to a referral."),
    "sex": (Sex.values, "Select the person's gender."),
}


def _clean(field: str, value: Any) -> Any:
    """Check one answer's shape; return it normalised. Raises a field-named ValidationError."""
    _check_shape(field, value)
    if field in CHECKS:
        return CHECKS[field](field, value)
    if field in CHOICES:
        allowed, message = CHOICES[field]
        return _choice(field, value, allowed, message)
    return _text(field, value)


def _identifying_present(answers: dict[str, Any], contacts: dict[str, str]) -> list[str]:
    return [name for name in rules.IDENTIFYING_FIELDS if str(answers.get(name) or contacts.get(name) or "").strip()]


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
    officer = fr.created_by
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
    return rules.referral_missing(content_of(fr))


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
    from lantern.safeguarding.protection import protect

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


# --- Alerts and NRM decisions -----------------------------------------------------------------------------


def alert(officer: User, kind: str, message: str, case: Case | None = None) -> SafeguardingAlert:
    return SafeguardingAlert.objects.create(officer=officer, case=case, kind=kind, message=message[:255])


def on_nrm_decision(event: NrmDecisionRecorded) -> None:
    """Subscribed to nrm's NrmDecisionRecorded: alert (and e-mail) the officer in charge of each
    open case the person is in. (lantern.decisions subscribes too: a positive conclusive grounds
    decision is new information on each closed case.)"""
    from lantern.safeguarding.alert_mail import alert_and_email, alert_key  # it builds on alert() here

    referral = event.referral
    open_cases = Case.objects.filter(parties__person_id=referral.person_id).exclude(status=CaseStatus.CLOSED)
    for case in open_cases.distinct().select_related("officer_in_charge"):
        alert_and_email(
            case.officer_in_charge,
            SafeguardingAlert.Kind.NRM_DECISION,
            f"{event.label} for a person in case {case.full_reference}",
            case,
            key=alert_key("nrm_decision", event.decision.pk, case),
        )


def recovery_period_of(referral: NrmReferral) -> rules.RecoveryPeriod | None:
    decisions = {d.kind: d for d in referral.decisions.all()}
    rg = decisions.get(NrmDecision.Kind.REASONABLE_GROUNDS)
    if rg is None or not rg.positive:
        return None
    cg = decisions.get(NrmDecision.Kind.CONCLUSIVE_GROUNDS)
    return rules.recovery_period(rg.decided_on, cg.decided_on if cg else None)


def mark_alert_seen(actor: User, alert_obj: SafeguardingAlert) -> None:
    if alert_obj.officer_id != actor.pk:
        raise AccessDenied("This alert is for another officer.")
    SafeguardingAlert.objects.filter(pk=alert_obj.pk, seen_at__isnull=True).update(seen_at=timezone.now())
