"""The first response's answers: which fields it takes and how each is checked."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from django.utils import timezone

from lantern.cases.models import ExploitationType
from lantern.core import validators
from lantern.core.errors import invalid
from lantern.people import services as people_services
from lantern.people.models import Sex
from lantern.safeguarding import languages, rules
from lantern.safeguarding.guidance import INDICATORS
from lantern.safeguarding.models import FirstResponse, YesNoUnknown

# What update() accepts: fields kept on the model, answers kept in FirstResponse.answers, and
# contact details kept encrypted.


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
    return validators.check_email(field, _text(field, value, 254))


def _phone(field: str, value: Any) -> str:
    return validators.check_phone(field, _text(field, value, 40))


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
