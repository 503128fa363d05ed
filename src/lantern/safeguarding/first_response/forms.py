"""Forms for the first response question pages. Each form checks only shape (choices, lengths);
services.update() applies the rules and its refusals are shown on the same fields.

A step form's to_service() gives the dict services.update() takes; initial_for() reads a
first response back into the form's initial values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from lantern.cases.models import ExploitationType
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.names import COUNTRIES
from lantern.people.models import Sex
from lantern.safeguarding import languages
from lantern.safeguarding.first_response.answers import NEEDS
from lantern.safeguarding.first_response.services import contacts_of
from lantern.safeguarding.guidance import INDICATORS
from lantern.safeguarding.models import FirstResponse, YesNoUnknown

YES_NO = [("yes", "Yes"), ("no", "No")]


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data of a POST (even an empty one, so that an empty form is checked), else None."""
    return request.POST if request.method == "POST" else None


LANGUAGE_CHOICES = [("", "Choose a language")] + languages.choices()
COUNTRY_CHOICES = [("", "Choose a country")] + sorted(COUNTRIES.items(), key=lambda item: item[1])


def _radio(label: str, choices: Any, required_message: str, **kwargs: Any) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)
    field.error_messages["required"] = required_message
    field.error_messages["invalid_choice"] = required_message
    return field


def _text(label: str, required_message: str = "", max_length: int = 160, **kwargs: Any) -> forms.CharField:
    field = forms.CharField(label=label, max_length=max_length, required=bool(required_message), **kwargs)
    if required_message:
        field.error_messages["required"] = required_message
    field.error_messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return field


def _area(label: str, required_message: str = "", max_length: int = 10000, **kwargs: Any) -> forms.CharField:
    return _text(label, required_message, max_length, widget=forms.Textarea, **kwargs)


class StepForm(GovukForm):
    """A question page. Fields named as services.update() names them unless mapped here."""

    def to_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items()}

    @classmethod
    def initial_for(cls, fr: FirstResponse) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in cls.base_fields:
            if hasattr(fr, name):
                values[name] = getattr(fr, name)
            elif name in fr.answers:
                values[name] = fr.answers[name]
        return values


class SignsForm(StepForm):
    indicators = forms.MultipleChoiceField(
        label="Which signs have you seen?",
        choices=list(INDICATORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. One sign alone proves nothing, and a "
        "person can be a victim with none of them.",
    )
    other_indicators = _area("Anything else that worried you", max_length=2000, help_text="Optional")
    encountered_area = _text(
        "Where did you meet the person?", help_text="A town or area, not an address", max_length=120
    )


class DangerForm(StepForm):
    in_immediate_danger = _radio(
        "Is the person in immediate danger?", YesNoUnknown.choices, "Select yes, no or not known"
    )


class SafetyForm(StepForm):
    place_of_safety = _radio(
        "Where will the person be safe tonight?",
        FirstResponse.PlaceOfSafety.choices,
        "Select where the person will be safe",
    )
    place_of_safety_by = _text(
        "Who arranged it?",
        help_text="An organisation or a role, for example 'Salvation Army "
        "referral line' or 'Duty sergeant'. Do not type the address here.",
    )
    needs = forms.MultipleChoiceField(
        label="What does the person need now?",
        choices=list(NEEDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    medical_details = _area("Medical needs", max_length=2000, help_text="Optional. Injuries, medication, pregnancy")


class AgeForm(StepForm):
    age_now = _radio(
        "Is the person under 18?",
        FirstResponse.AgeNow.choices,
        "Select whether the person is under 18",
        help_text="If you are not sure, they are treated as a child until their age is assessed.",
    )
    under_18_at_exploitation = _radio(
        "Were they under 18 when they were exploited?",
        YesNoUnknown.choices,
        "Select whether they were under 18 when exploited",
    )


class LocalAuthorityForm(StepForm):
    local_authority_name = _text("Local authority children's services contacted", "Enter the local authority contacted")
    local_authority_contact = _text(
        "Their phone number or email", "Enter a phone number or email for the local authority"
    )


class CommunicationForm(StepForm):
    told_language = forms.ChoiceField(
        label="Which language did you speak to the person in?",
        choices=LANGUAGE_CHOICES,
        help_text="Their own language, not a related one",
    )
    told_dialect = _text("Dialect", max_length=60, help_text="Optional, for example Sudanese Arabic")
    told_through = _radio(
        "How did you speak to them?", FirstResponse.ToldThrough.choices, "Select how you spoke to the person"
    )
    interpreter_name = _text("Interpreter's name or booking reference", help_text="If there was an interpreter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["told_language"].error_messages["required"] = "Select the language you spoke to the person in"


EXPLAINED = [
    ("explained_nrm", "What the NRM is"),
    ("explained_support", "The support it brings"),
    ("explained_outcomes", "Its possible outcomes, and that they can be referred later"),
]


class ExplainForm(StepForm):
    explained = forms.MultipleChoiceField(
        label="What did you explain?",
        choices=EXPLAINED,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all you explained",
    )

    def to_service(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data["explained"])
        return {name: name in chosen for name, _label in EXPLAINED}

    @classmethod
    def initial_for(cls, fr: FirstResponse) -> dict[str, Any]:
        return {"explained": [name for name, _label in EXPLAINED if getattr(fr, name)]}


class ConsentForm(StepForm):
    consent = _radio(
        "Does the person agree to be referred to the NRM?",
        [("given", "Yes, they agree to a referral"), ("declined", "No, they do not agree")],
        "Select whether the person agrees to a referral",
    )
    decline_reason = _area("If not, what did they say?", max_length=2000, help_text="Optional. In their words")
    police_contact_consent = _radio(
        "If not, do they agree to the police holding their name and contact details?",
        [("yes", "Yes, for police contact only"), ("no", "No")],
        "",
        required=False,
        help_text="Without this, the Duty to Notify must not identify them",
    )

    def to_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["police_contact_consent"] = (
            data.get("consent") == "declined" and data.get("police_contact_consent") == "yes"
        )
        return data

    @classmethod
    def initial_for(cls, fr: FirstResponse) -> dict[str, Any]:
        return {
            "consent": fr.consent,
            "decline_reason": fr.decline_reason,
            "police_contact_consent": "yes" if fr.police_contact_consent else ("no" if fr.consent else ""),
        }


class AccountForm(StepForm):
    narrative = _area(
        "What happened?",
        "Describe what happened",
        help_text="Who, what, where and when: how they were recruited, moved, controlled and exploited. "
        "The decision maker reads this first.",
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Types of exploitation",
        choices=ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    where_exploited = _text("Where were they exploited?", help_text="A UK town or region, or a country")
    police_cooperation = _radio(
        "Will the person co-operate with the police?",
        YesNoUnknown.choices,
        "Select whether the person will co-operate with the police",
    )


class ReferralAccountForm(AccountForm):
    current_location = _text("Where are they now?", help_text="Town or region only")
    exploiters = _area(
        "Who exploited them?", max_length=2000, help_text="Names, nicknames, descriptions; or 'not known'"
    )
    other_victims = _radio(
        "Are there other potential victims?", YesNoUnknown.choices, "Select whether there are other potential victims"
    )
    crime_reference = _text(
        "Crime reference number",
        max_length=40,
        help_text="Every NRM referral must have a crime recorded. For example WMP 20/123456/26",
    )
    support_needed = _radio(
        "Does the person want support (accommodation, advice, a support worker)?", YES_NO, "", required=False
    )


class IdentityForm(StepForm):
    given_names = _text("First name")
    family_name = _text("Last name")
    nickname = _text("Nickname or other name")
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, past_only=True, help_text="If known. For example, 27 3 1994"
    )
    age_estimate = _text("If not known, their estimated age", max_length=3)
    sex = _radio("Gender", [(v, label) for v, label in Sex.choices], "Select the person's gender")
    nationality = forms.ChoiceField(label="Nationality", choices=COUNTRY_CHOICES, required=False)
    second_nationality = forms.ChoiceField(label="Second nationality", choices=COUNTRY_CHOICES, required=False)
    interpreter_needed = _radio("Do they need an interpreter?", YES_NO, "Select whether they need an interpreter")
    interpreter_language = forms.ChoiceField(
        label="Language for the interpreter", choices=LANGUAGE_CHOICES, required=False
    )
    interpreter_sex_preference = _radio(
        "Would they prefer a female or male interpreter?",
        [("female", "Female"), ("male", "Male")],
        "",
        required=False,
        help_text="Leave unselected if they have no preference",
    )
    same_interpreter_preferred = _radio("Would they like the same interpreter each time?", YES_NO, "", required=False)

    def to_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        born = data.pop("date_of_birth")
        data["date_of_birth"] = born.isoformat() if isinstance(born, date) else ""
        data["nationalities"] = [c for c in (data.pop("nationality"), data.pop("second_nationality")) if c]
        return data

    @classmethod
    def initial_for(cls, fr: FirstResponse) -> dict[str, Any]:
        values = super().initial_for(fr)
        born = fr.answers.get("date_of_birth")
        values["date_of_birth"] = date.fromisoformat(born) if born else None
        nationalities = list(fr.answers.get("nationalities") or []) + ["", ""]
        values["nationality"], values["second_nationality"] = nationalities[0], nationalities[1]
        return values


class ContactForm(StepForm):
    safe_to_contact = _radio(
        "Is it safe to contact the person?",
        YES_NO,
        "Select whether it is safe to contact them",
        help_text="Would a call, message or letter put them at risk?",
    )
    phone = _text("Safe phone number", max_length=40, help_text="Kept encrypted. Shown only to those who give a reason")
    email = _text("Safe email address", max_length=254)
    postal_address = _area("Safe postal address", max_length=500)

    @classmethod
    def initial_for(cls, fr: FirstResponse) -> dict[str, Any]:
        values = super().initial_for(fr)
        values.update(contacts_of(fr))
        return values


class CompleteForm(GovukForm):
    reference = _text(
        "Reference from the Home Office",
        "Enter the reference the Home Office gave",
        max_length=40,
        help_text="The NRM or Duty to Notify reference in the email you received after sending the online form",
    )


__all__ = [
    "AccountForm",
    "AgeForm",
    "CommunicationForm",
    "CompleteForm",
    "ConsentForm",
    "ContactForm",
    "DangerForm",
    "ExplainForm",
    "IdentityForm",
    "LocalAuthorityForm",
    "ReferralAccountForm",
    "SafetyForm",
    "SignsForm",
    "StepForm",
]
