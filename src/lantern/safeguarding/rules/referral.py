"""The referral decision (child always referred; adult by consent; otherwise an anonymous Duty
to Notify), Duty to Notify anonymity, and what a referral must hold (domain.md 4.4, 5.2, 5.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# --- Referral decision (domain.md 4.4, 5.2) -------------------------------------------------

UNDER_18 = "under_18"
ADULT = "adult"
NOT_SURE = "not_sure"
AGE_ANSWERS = (UNDER_18, ADULT, NOT_SURE)

ROUTE_NRM = "nrm"
ROUTE_DTN = "dtn"
ROUTE_UNDECIDED = ""


def treated_as_child(age_now: str) -> bool:
    """Under 18, or age uncertain: MSA s51 presumption, treated as a child until age is assessed."""
    return age_now in (UNDER_18, NOT_SURE)


@dataclass(frozen=True)
class RouteDecision:
    route: str
    reason: str
    error: tuple[str, str] | None = None  # (field, message) when the answers contradict the law


def referral_route(age_now: str, consent: str) -> RouteDecision:
    """Which record the first response ends in.

    age_now: UNDER_18, ADULT or NOT_SURE. consent: "given", "declined" or "" (not asked yet).
    A child (or a person who may be a child) is always referred to the NRM and consent is not
    asked; recording a child as declining is refused. An adult who consents is referred; an
    adult who declines gets an anonymous Duty to Notify instead.
    """
    if age_now not in AGE_ANSWERS:
        return RouteDecision(ROUTE_UNDECIDED, "Age not answered yet")
    if treated_as_child(age_now):
        if consent == "declined":
            return RouteDecision(
                ROUTE_NRM,
                "A child is always referred",
                (
                    "consent",
                    "A child is always referred to the NRM: consent is not needed and cannot be declined. "
                    "If you are not sure of their age, treat them as a child.",
                ),
            )
        return RouteDecision(ROUTE_NRM, "A child (or a person who may be a child) is always referred to the NRM")
    if consent == "given":
        return RouteDecision(ROUTE_NRM, "The adult consented to an NRM referral")
    if consent == "declined":
        return RouteDecision(ROUTE_DTN, "The adult did not consent: an anonymous Duty to Notify is made instead")
    return RouteDecision(ROUTE_UNDECIDED, "Ask the adult whether they consent to an NRM referral")


# --- Referral content and completeness (domain.md 5.3) --------------------------------------

# Fields that identify a person, alone or combined: never in a Duty to Notify for an adult who
# did not consent to police holding them.
IDENTIFYING_FIELDS: dict[str, str] = {
    "given_names": "first name",
    "family_name": "last name",
    "nickname": "nickname",
    "date_of_birth": "date of birth",
    "home_office_reference": "Home Office reference",
    "phone": "phone number",
    "email": "email address",
    "postal_address": "postal address",
}

# A narrative shorter than this rarely tells the decision maker who, what, where and when. A
# Lantern choice, not a rule of the form: the Salvation Army said thin referrals make them ring
# back (seed 001 12.13).
MIN_NARRATIVE_CHARS = 120


@dataclass(frozen=True)
class ReferralContent:
    """What the flow has gathered, in the words of the NRM form. Empty string = not answered."""

    route: str = ""
    age_now: str = ""
    under_18_at_exploitation: str = ""
    local_authority_name: str = ""
    local_authority_contact: str = ""
    consent: str = ""
    explained_nrm: bool = False
    explained_support: bool = False
    explained_outcomes: bool = False
    told_language: str = ""
    told_through: str = ""
    narrative: str = ""
    exploitation_types: tuple[str, ...] = ()
    where_exploited: str = ""
    current_location: str = ""
    exploiters: str = ""
    other_victims: str = ""
    crime_reference: str = ""
    support_needed: str = ""
    given_names: str = ""
    family_name: str = ""
    nickname: str = ""
    date_of_birth: str = ""
    age_estimate: str = ""
    sex: str = ""
    nationalities: tuple[str, ...] = ()
    interpreter_needed: str = ""
    interpreter_language: str = ""
    safe_to_contact: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""
    home_office_reference: str = ""
    police_cooperation: str = ""
    police_contact_consent: bool = False
    decline_reason: str = ""
    first_responder_name: str = ""
    first_responder_role: str = ""
    first_responder_phone: str = ""


@dataclass(frozen=True)
class Missing:
    field: str
    label: str
    step: str  # the question page that asks for it


def dtn_identifying_fields(content: ReferralContent) -> list[str]:
    """Names of identifying fields filled in a Duty to Notify that may not hold them.

    MSA s52: a notification about an adult must not include information that identifies them
    unless they consent. With consent to police contact, a name and contact details for police
    only are allowed (the NRM form's Duty to Notify branch)."""
    if content.police_contact_consent:
        return []
    return [name for name in IDENTIFYING_FIELDS if str(getattr(content, name)).strip()]


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list):
        return not value
    return value is None


def referral_missing(content: ReferralContent) -> list[Missing]:
    """What the decision makers need that the referral (or Duty to Notify) does not yet have,
    each named with the question page that asks it. An empty list means complete."""
    c = content
    missing: list[Missing] = []

    def need(condition: bool, field_name: str, label: str, step: str) -> None:
        if condition:
            missing.append(Missing(field_name, label, step))

    need(c.age_now not in AGE_ANSWERS, "age_now", "Whether the person is under 18 now", "age")
    need(
        _blank(c.under_18_at_exploitation),
        "under_18_at_exploitation",
        "Whether they were under 18 when exploited",
        "age",
    )
    need(_blank(c.told_language), "told_language", "The language the person was spoken to in", "communication")
    need(
        _blank(c.told_through),
        "told_through",
        "How the person was spoken to (interpreter, officer, English)",
        "communication",
    )
    need(
        len(c.narrative.strip()) < MIN_NARRATIVE_CHARS,
        "narrative",
        f"What happened, in at least {MIN_NARRATIVE_CHARS} characters: who, what, where and when",
        "account",
    )
    need(not c.exploitation_types, "exploitation_types", "The types of exploitation", "account")
    need(_blank(c.where_exploited), "where_exploited", "Where the person was exploited", "account")
    need(
        _blank(c.police_cooperation),
        "police_cooperation",
        "Whether the person will co-operate with the police",
        "account",
    )

    if c.route == ROUTE_DTN:
        need(c.consent != "declined", "consent", "The adult's decision not to be referred", "consent")
        need(
            not (c.explained_nrm and c.explained_support and c.explained_outcomes),
            "explained",
            "That the NRM, its support and its possible outcomes were explained",
            "explain",
        )
        return missing

    child = treated_as_child(c.age_now)
    if child:
        need(
            _blank(c.local_authority_name),
            "local_authority_name",
            "The local authority contacted about the child",
            "local-authority",
        )
        need(
            _blank(c.local_authority_contact),
            "local_authority_contact",
            "A phone number or email for the local authority",
            "local-authority",
        )
    else:
        need(c.consent != "given", "consent", "The adult's consent to the referral", "consent")
        need(
            not (c.explained_nrm and c.explained_support and c.explained_outcomes),
            "explained",
            "That the NRM, its support and its possible outcomes were explained",
            "explain",
        )
        need(
            _blank(c.support_needed),
            "support_needed",
            "Whether the person needs support (the victim care contract)",
            "account",
        )
    need(_blank(c.current_location), "current_location", "The person's current town or region", "account")
    need(_blank(c.exploiters), "exploiters", "Who exploited the person (or that it is not known)", "account")
    need(_blank(c.other_victims), "other_victims", "Whether there are other potential victims", "account")
    need(_blank(c.crime_reference), "crime_reference", "The crime reference number", "account")
    need(_blank(c.given_names) and _blank(c.nickname), "given_names", "A first name or nickname", "identity")
    need(
        _blank(c.date_of_birth) and _blank(c.age_estimate),
        "date_of_birth",
        "A date of birth or an estimated age",
        "identity",
    )
    need(_blank(c.sex), "sex", "The person's gender", "identity")
    need(not c.nationalities, "nationalities", "Nationality", "identity")
    need(_blank(c.interpreter_needed), "interpreter_needed", "Whether an interpreter is needed", "identity")
    need(
        c.interpreter_needed == "yes" and _blank(c.interpreter_language),
        "interpreter_language",
        "The language for the interpreter",
        "identity",
    )
    need(_blank(c.safe_to_contact), "safe_to_contact", "Whether it is safe to contact the person", "contact")
    need(
        c.safe_to_contact == "yes" and _blank(c.phone) and _blank(c.email) and _blank(c.postal_address),
        "phone",
        "A safe phone number, email or postal address",
        "contact",
    )
    need(
        _blank(c.first_responder_phone),
        "first_responder_phone",
        "Your phone number (add it to your account) so the decision maker can reach you",
        "check",
    )
    return missing


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_contradiction(age_now: str, date_of_birth: str, today: date) -> Missing | None:
    """A date of birth that contradicts the answer to "is the person under 18?" (caught at the
    check-your-answers step). "Not sure" contradicts nothing: the person is treated as a child."""
    if not date_of_birth or age_now not in (UNDER_18, ADULT):
        return None
    try:
        age = age_on(date.fromisoformat(date_of_birth), today)
    except ValueError:
        return None
    if age_now == UNDER_18 and age >= 18:
        return Missing(
            "date_of_birth",
            f"The date of birth makes the person {age}, but you said they are under 18: change one of them",
            "identity",
        )
    if age_now == ADULT and age < 18:
        return Missing(
            "date_of_birth",
            f"The date of birth makes the person {age}, a child, but you said they are an adult: change one of them",
            "age",
        )
    return None
