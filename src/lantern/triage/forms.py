"""Forms of the triage pages (GOV.UK patterns; services do the checking)."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.core.forms import GovukDateField, GovukForm
from lantern.triage.models import OrganisedCrime, RiskLevel, Skill

YES_NO = [("yes", "Yes"), ("no", "No")]


class AssessmentForm(GovukForm):
    risk_to_victim = forms.ChoiceField(
        label="Risk to the victim",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk to the victim: high, medium or low"},
    )
    risk_to_others = forms.ChoiceField(
        label="Risk to others (other victims, children, the public)",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk to others: high, medium or low"},
    )
    organised_crime = forms.ChoiceField(
        label="Organised crime involvement",
        choices=OrganisedCrime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether organised crime is involved"},
    )
    safeguarding_done = forms.ChoiceField(
        label="Has the victim been safeguarded?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the victim has been safeguarded"},
    )
    safeguarding_note = forms.CharField(
        label="Safeguarding still to do (and by whom)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    investigative_opportunities = forms.CharField(
        label="Investigative opportunities",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: phones seized, premises, vehicles, financial enquiries, other victims to trace",
    )
    links = forms.CharField(
        label="Links to other cases and forces",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Crime references, NRM references or operations in this or other forces",
    )


class AllocationForm(GovukForm):
    officer = forms.TypedChoiceField(
        label="Officer in charge",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the officer in charge"},
    )
    reason = forms.CharField(
        label="Reason, if the officer does not hold every required skill",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Counted for oversight. For example: the only officer who speaks the victim's language",
    )

    def __init__(self, *args: Any, officers: list[tuple[int, str]], needs_crime: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - the form's own declaration
        field.choices = officers
        if needs_crime:
            self.fields["crime_reference"] = forms.CharField(
                label="Crime reference",
                help_text="No crime is recorded for this referral yet: it is recorded now, with the officer you choose",
                error_messages={"required": "Enter the crime reference"},
            )


class TrainingForm(GovukForm):
    skill = forms.ChoiceField(
        label="Course or accreditation",
        choices=Skill.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the course or accreditation"},
    )
    achieved_on = GovukDateField(label="Date achieved", error_messages={"required": "Enter the date achieved"})
    expires_on = GovukDateField(
        label="Expiry date (if it expires)",
        required=False,
        help_text="For example, 27 3 2029",
    )


class OperationForm(GovukForm):
    name = forms.CharField(
        label="Operation name", max_length=120, error_messages={"required": "Enter the operation's name"}
    )
    lead_force = forms.CharField(
        label="Lead force code",
        max_length=8,
        help_text="For example, WMP or MPS",
        error_messages={"required": "Enter the lead force's code"},
    )


class OperationCaseForm(GovukForm):
    crime_reference = forms.CharField(
        label="Crime reference of one of your force's cases", error_messages={"required": "Enter the crime reference"}
    )
