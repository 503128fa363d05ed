"""The one check each for e-mail addresses and phone numbers typed by staff, used by every app.

Phone numbers go through `phonenumbers` (Google's libphonenumber rules): a UK number may be written
nationally (07700 900982), anything else needs its country code (+40 ...). The number is kept as
typed, trimmed, so that what the officer wrote is what the record shows; `phone_e164` gives the
form an SMS gateway needs.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lantern.core.errors import invalid

PHONE_HINT = "Enter a phone number, like 07700 900 982, or with its country code, like +40 712 345 678."
EMAIL_HINT = "Enter an e-mail address in the correct format, like name@example.com."


def _parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None
    # IS_POSSIBLE only: a local-only number (no area code) cannot be rung from a mobile.
    reason = phonenumbers.is_possible_number_with_reason(number)
    return number if reason == phonenumbers.ValidationResult.IS_POSSIBLE else None


def check_phone(field: str, value: str) -> str:
    """The number as typed (trimmed), or a ValidationError naming `field`. Empty stays empty."""
    text = (value or "").strip()
    if text and (len(text) > 40 or _parse_phone(text) is None):
        raise invalid(field, PHONE_HINT)
    return text


def phone_e164(value: str) -> str:
    number = _parse_phone(value)
    if number is None:
        raise ValueError("not a phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_email(field: str, value: str) -> str:
    """The address (trimmed), or a ValidationError naming `field`. Empty stays empty."""
    text = (value or "").strip()
    if text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise invalid(field, EMAIL_HINT) from exc
    return text
