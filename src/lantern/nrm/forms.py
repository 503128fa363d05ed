"""Forms for the NRM pages: link a referral to a case, record why no crime, record the crime."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.cases.models import ExploitationType
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import Force


class LinkForm(GovukForm):
    crime_reference = forms.CharField(
        label="Crime reference of the case",
        max_length=60,
        help_text="A case of your force, with or without the force code, for example 20/123456/26",
    )

    service_field_map = {"case": "crime_reference"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crime_reference"].error_messages["required"] = "Enter the crime reference of the case"


class NoCrimeForm(GovukForm):
    no_crime_reason = forms.CharField(
        label="Why is no crime recorded?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, the exploitation happened overseas, or the referral was sent on to another force",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["no_crime_reason"].error_messages["required"] = "Say why no crime is recorded for this referral"


class RecordCrimeForm(GovukForm):
    crime_reference = forms.CharField(
        label="Crime reference", max_length=40, help_text="As issued by your force's crime recording system"
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    summary = forms.CharField(label="Summary", required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crime_reference"].error_messages["required"] = "Enter the crime reference"


class RecordReferralForm(GovukForm):
    """An NRM referral received by the force: for the person named in `person` (an existing one)
    or for a new person, whose names are then asked for."""

    reference = forms.CharField(label="NRM reference", max_length=40, help_text="As given by the competent authority")
    competent_authority = forms.ChoiceField(
        label="Competent authority",
        choices=[("SCA", "Single Competent Authority (SCA)"), ("IECA", "Immigration Enforcement (IECA)")],
        widget=forms.RadioSelect,
        initial="SCA",
    )
    first_responder = forms.CharField(
        label="First responder organisation", max_length=160, help_text="Who made the referral"
    )
    referred_on = GovukDateField(label="Date referred", past_only=True, help_text="For example, 27 3 2026")
    child_at_exploitation = forms.ChoiceField(
        label="Was the person under 18 when exploited?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        initial="no",
    )
    given_names = forms.CharField(label="Given names", max_length=120, required=False)
    family_name = forms.CharField(label="Family name", max_length=120, required=False)
    date_of_birth = GovukDateField(label="Date of birth", past_only=True, required=False, help_text="If known")

    service_field_map = {"referred_at": "referred_on", "received_at": "referred_on", "names": "family_name"}

    def __init__(self, *args: Any, new_person: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new_person = new_person
        if not new_person:
            for name in ("given_names", "family_name", "date_of_birth"):
                del self.fields[name]
        self.fields["reference"].error_messages["required"] = "Enter the NRM reference"
        self.fields["first_responder"].error_messages["required"] = "Enter the first responder organisation"


class PassReferralForm(GovukForm):
    to_force = forms.ModelChoiceField(
        label="Force to pass the referral to",
        queryset=Force.objects.order_by("name"),
        empty_label="Choose a force",
        error_messages={
            "required": "Choose the force to pass the referral to",
            "invalid_choice": "Choose a force from the list",
        },
        help_text="The force where the exploitation happened or the crime is recorded",
    )
    reason = forms.CharField(
        label="Why is the referral going to that force?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Kept with the referral as a recorded disclosure; the other force's SPOC reads it",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why the referral is going to that force"


class DecidePassingForm(GovukForm):
    decision = forms.ChoiceField(
        label="Will your force take this referral?",
        choices=[("accept", "Yes, accept it: our force holds it from now on"), ("return", "No, return it")],
        widget=forms.RadioSelect,
    )
    return_reason = forms.CharField(
        label="If you return it, why?",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="The sending force reads this",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose whether to accept or return the referral"


class RecordDtnForm(GovukForm):
    """A Duty to Notify received by the force: anonymous (no person is recorded with it here)."""

    reference = forms.CharField(
        label="Duty to Notify reference", max_length=40, help_text="As given by the Home Office"
    )
    notified_on = GovukDateField(label="Date notified", past_only=True, help_text="For example, 27 3 2026")
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )

    service_field_map = {"notified_at": "notified_on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].error_messages["required"] = "Enter the Duty to Notify reference"
