"""The one e-mail and phone check, and country/language names from the ISO tables."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lantern.core import names, validators


@pytest.mark.parametrize(
    "typed",
    ["07700 900982", "07700900982", "+44 7700 900 982", "020 7946 0000", "+40 712 345 678", "(0121) 496 0000"],
)
def test_uk_and_international_numbers_are_accepted_as_typed(typed: str) -> None:
    assert validators.check_phone("mobile", f"  {typed} ") == typed


@pytest.mark.parametrize("typed", ["12", "not a number", "0770", "+999 1234", "07700 900982 ext 5 and more digits 123"])
def test_impossible_numbers_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validators.check_phone("mobile", typed)
    assert "mobile" in refused.value.message_dict
    assert "country code" in refused.value.message_dict["mobile"][0]


def test_empty_phone_and_email_stay_empty() -> None:
    assert validators.check_phone("mobile", "") == ""
    assert validators.check_email("email", "  ") == ""


def test_a_national_uk_number_has_its_international_form_for_sms() -> None:
    assert validators.phone_e164("07700 900982") == "+447700900982"


@given(st.from_regex(r"07[0-9]{3} ?[0-9]{6}", fullmatch=True))
def test_every_uk_mobile_pattern_is_accepted(typed: str) -> None:
    assert validators.check_phone("mobile", typed) == typed


@pytest.mark.parametrize("typed", ["name", "name@", "a b@example.com", "@example.com"])
def test_malformed_email_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validators.check_email("email", typed)
    assert "email" in refused.value.message_dict


def test_country_names_come_from_iso_with_the_names_in_use_where_they_differ() -> None:
    assert names.country_name("vn") == "Vietnam"
    assert names.country_name("ER") == "Eritrea"
    assert names.country_name("RU") == "Russia"  # ISO: Russian Federation
    assert names.country_name("XK") == "Kosovo"  # not coded by ISO, in common use
    assert names.country_name("ZZ") == "ZZ"  # unknown codes are shown, not hidden
    assert len(names.COUNTRIES) >= 249


def test_language_names_for_codes_django_does_not_know() -> None:
    assert names.language_name("ti") == "Tigrinya"
    assert names.language_name("ckb") == "Kurdish (Sorani)"
    assert names.language_name("cnr") == "Montenegrin"
    assert names.language_name("sq") == "Albanian"
    assert names.language_name("qqq") == "qqq"
