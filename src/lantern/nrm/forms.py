"""Forms for the NRM pages: link a referral to a case, record why no crime, record the crime."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.cases.models import ExploitationType
from lantern.core.forms import GovukForm


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
