"""Forms for the case pages. They check what a form can check (required, lengths, choices); the
domain services check the rules and their refusals are shown on the same forms."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.cases.lookup import MAX_QUERY_LENGTH
from lantern.cases.models import CaseStatus, ExploitationType
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import Force, User


class OfficerChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        officer: User = obj
        team = f", {officer.team.name}" if officer.team_id and officer.team else ""
        return f"{officer.display_name} ({officer.get_role_display()}{team})"


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Reference or name",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text="A crime reference (with or without the force code), an NRM or Duty to Notify reference, "
        "or a person's name in any spelling or script",
    )
    dob = GovukDateField(
        label="Date of birth", required=False, past_only=True, help_text="Optional. For example, 27 3 1994"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = f"A search is at most {MAX_QUERY_LENGTH} characters"

    def clean_q(self) -> str:
        value: str = self.cleaned_data.get("q") or ""
        return value.strip()


class NewCaseForm(GovukForm):
    crime_reference = forms.CharField(
        label="Crime reference",
        max_length=40,
        help_text="As issued by your force's crime recording system, for example 20/123456/26",
    )
    reported_on = GovukDateField(
        label="Date reported", required=False, past_only=True, help_text="Leave blank for today. For example, 27 3 2026"
    )
    exploitation_types = forms.MultipleChoiceField(
        label="Type of exploitation",
        choices=ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="What was reported, by whom, and what has been done so far",
    )

    service_field_map = {"reported_at": "reported_on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crime_reference"].error_messages["required"] = "Enter the crime reference"


class EditCaseForm(GovukForm):
    summary = forms.CharField(label="Summary", required=False, max_length=5000, widget=forms.Textarea)
    status = forms.ChoiceField(label="Status", choices=CaseStatus.choices, widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = "Select the status of the case"
        self.fields["status"].error_messages["invalid_choice"] = "Select the status of the case"
        self.fields["version"].error_messages["required"] = "The form was incomplete: open the case and edit it again"
        self.fields["version"].error_messages["invalid"] = "The form was incomplete: open the case and edit it again"


class HandoverOfferForm(GovukForm):
    to_officer = OfficerChoiceField(
        label="Officer to hand the case to", queryset=User.objects.none(), empty_label="Choose an officer"
    )
    reason = forms.CharField(
        label="Why is the case being handed over?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="The officer reads this before they accept",
    )

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "handover")
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["to_officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["to_officer"].error_messages["required"] = "Choose the officer to hand the case to"
        self.fields["to_officer"].error_messages["invalid_choice"] = (
            "Choose an officer of this force who can hold cases"
        )
        self.fields["reason"].error_messages["required"] = "Say why the case is being handed over"


class ForceChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        force: Force = obj
        return force.name


class TransferRequestForm(GovukForm):
    to_force = ForceChoiceField(
        label="Force to transfer the case to", queryset=Force.objects.none(), empty_label="Choose a force"
    )
    reason = forms.CharField(
        label="Why should the case move?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, where the exploitation happened or where the victim now lives",
    )

    def __init__(self, *args: Any, forces: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        if forces is not None:
            self.fields["to_force"].queryset = forces  # type: ignore[attr-defined]
        self.fields["to_force"].error_messages["required"] = "Choose the force to transfer the case to"
        self.fields["to_force"].error_messages["invalid_choice"] = "Choose another force"
        self.fields["reason"].error_messages["required"] = "Say why the case is moving to another force"


class ShareForm(GovukForm):
    force = ForceChoiceField(
        label="Force to share the case with", queryset=Force.objects.none(), empty_label="Choose a force"
    )
    reason = forms.CharField(
        label="Why does that force need to see the case?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Sharing is a recorded disclosure",
    )

    def __init__(self, *args: Any, forces: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "share")
        super().__init__(*args, **kwargs)
        if forces is not None:
            self.fields["force"].queryset = forces  # type: ignore[attr-defined]
        self.fields["force"].error_messages["required"] = "Choose the force to share the case with"
        self.fields["force"].error_messages["invalid_choice"] = "Choose another force"
        self.fields["reason"].error_messages["required"] = "Say why the other force needs to see this case"


class DeclineForm(GovukForm):
    note = forms.CharField(label="Why are you declining?", max_length=2000, widget=forms.Textarea)

    service_field_map = {"decision_note": "note"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decline")
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Say why you are declining"


class TransferAcceptForm(GovukForm):
    new_crime_reference = forms.CharField(
        label="Your force's crime reference", max_length=40, help_text="The case keeps its old reference as well"
    )
    new_officer = OfficerChoiceField(
        label="Officer in charge", queryset=User.objects.none(), empty_label="Choose an officer"
    )

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "accept")
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["new_officer"].queryset = officers  # type: ignore[attr-defined]
        self.fields["new_crime_reference"].error_messages["required"] = "Enter your force's crime reference"
        self.fields["new_officer"].error_messages["required"] = "Choose the officer in charge"
        self.fields["new_officer"].error_messages["invalid_choice"] = (
            "Choose an officer of your force who can hold cases"
        )
