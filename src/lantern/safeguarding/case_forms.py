"""Forms for a case's safeguarding pages: protected details, disclosure, interpreter bookings,
section 45, charges, the immigration ledger, and NRM decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.core.forms import GovukDateField, GovukForm
from lantern.nrm.models import NrmDecision
from lantern.safeguarding import languages, rules
from lantern.safeguarding.models import (
    ImmigrationShare,
    ImmigrationStatusEvent,
    Interpreter,
    InterpreterBooking,
    ProtectedDetail,
)

LANGUAGE_CHOICES = [("", "Choose a language")] + languages.choices()


def _required(form: forms.Form, messages: dict[str, str]) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message
        form.fields[name].error_messages["invalid_choice"] = message


class ProtectForm(GovukForm):
    kind = forms.ChoiceField(label="What is it?", choices=ProtectedDetail.Kind.choices, widget=forms.RadioSelect)
    label = forms.CharField(
        label="Label", max_length=120, help_text="Describes it without revealing it, for example 'Current safe house'"
    )
    value = forms.CharField(
        label="The detail",
        max_length=500,
        widget=forms.Textarea,
        help_text="Encrypted when saved. Never shown on lists, in exports, or in letters to anyone but the victim",
    )
    reason = forms.CharField(label="Why must it be protected?", max_length=2000, widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(
            self,
            {"kind": "Select what the detail is", "label": "Enter a label", "value": "Enter the detail to protect"},
        )


class RevealForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need to see it?",
        max_length=500,
        required=False,
        help_text="Your name, the time and this reason are recorded",
    )


class DisclosureForm(GovukForm):
    recipient = forms.CharField(
        label="Who is it for?", max_length=160, help_text="For example, CPS for disclosure to the defence"
    )
    reason = forms.CharField(label="Why is it being made?", max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, {"recipient": "Say who the export is for", "reason": "Say why the export is being made"})


class BookingForm(GovukForm):
    person = forms.TypedChoiceField(label="Who is it for?", coerce=int, choices=[])
    language = forms.ChoiceField(label="Language", choices=LANGUAGE_CHOICES, required=False)
    dialect = forms.CharField(label="Dialect", max_length=60, required=False, help_text="If the person named one")
    interpreter = forms.TypedChoiceField(label="Interpreter", coerce=int, choices=[], required=False)
    purpose = forms.ChoiceField(label="What for?", choices=InterpreterBooking.Purpose.choices, widget=forms.RadioSelect)
    booked_on = GovukDateField(label="Date", help_text="For example, 27 3 2026")

    def __init__(
        self, *args: Any, persons: list[tuple[int, str]], interpreters: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons  # type: ignore[attr-defined]
        self.fields["interpreter"].choices = [("", "Choose an interpreter")] + interpreters  # type: ignore[attr-defined]
        _required(self, {"person": "Choose the person", "purpose": "Select what the interpreter is needed for"})
        self.fields["booked_on"].error_messages["required"] = "Enter the date of the booking"


class ConfirmBookingForm(GovukForm):
    override_reason = forms.CharField(
        label="Why should it go ahead?", max_length=2000, widget=forms.Textarea, required=False
    )


class Section45Form(GovukForm):
    offence_description = forms.CharField(label="Offence the person is suspected of", max_length=255)
    offence_date = GovukDateField(label="Date of the offence", past_only=True, help_text="For example, 10 1 2026")
    age_at_offence = forms.IntegerField(
        label="Age at the time of the offence",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Only if the date of birth is not known: an estimate",
    )
    schedule4_code = forms.ChoiceField(label="Is the offence in Schedule 4?", choices=[], required=False)
    schedule4_checked = forms.BooleanField(label="I have checked the offence against Schedule 4", required=False)
    conclusion = forms.ChoiceField(
        label="Conclusion", choices=list(rules.CONCLUSIONS.items()), widget=forms.RadioSelect
    )
    reasoning = forms.CharField(label="Your reasoning", max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: Any, test: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not listed in Schedule 4")] + [
            (row["code"], f"{row['group']}: {row['label']}") for row in rules.schedule4().values()
        ]
        self.fields["schedule4_code"].choices = choices  # type: ignore[attr-defined]
        self.test = test
        for code, question in rules.S45_ELEMENTS[test]:
            self.fields[f"{code}_answer"] = forms.ChoiceField(
                label=question,
                choices=[("yes", "Yes"), ("no", "No"), ("unclear", "Not clear yet")],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{code}_evidence"] = forms.CharField(
                label="Evidence for this answer", max_length=3000, widget=forms.Textarea, required=False
            )
        _required(
            self,
            {
                "offence_description": "Describe the offence",
                "conclusion": "Choose a conclusion",
                "reasoning": "Explain the conclusion",
            },
        )
        self.fields["offence_date"].error_messages["required"] = "Enter the date of the offence"

    def element_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"{code}_answer"], self[f"{code}_evidence"]) for code, _q in rules.S45_ELEMENTS[self.test]]


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your review",
        widget=forms.RadioSelect,
        choices=[("agree", "Agree with the consideration"), ("return", "Return it: more is needed")],
    )
    review_note = forms.CharField(label="Note", max_length=2000, widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, {"decision": "Select agree or return"})


class ChargeForm(GovukForm):
    person = forms.TypedChoiceField(label="Who is charged?", coerce=int, choices=[])
    offence_description = forms.CharField(label="Offence charged", max_length=255)
    charged_on = GovukDateField(label="Date of charge", past_only=True)

    def __init__(self, *args: Any, persons: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons  # type: ignore[attr-defined]
        _required(self, {"person": "Choose the suspect", "offence_description": "Describe the offence charged"})
        self.fields["charged_on"].error_messages["required"] = "Enter the date of the charge"


class ShareForm(GovukForm):
    person = forms.TypedChoiceField(label="About whom?", coerce=int, choices=[])
    subject_role = forms.ChoiceField(
        label="They are a",
        widget=forms.RadioSelect,
        choices=[("victim", "Victim"), ("witness", "Witness"), ("victim_suspect", "Victim and suspect")],
    )
    recipient = forms.ChoiceField(
        label="Shared with", choices=ImmigrationShare.Recipient.choices, widget=forms.RadioSelect
    )
    shared_what = forms.CharField(
        label="What exactly would be shared?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="No more than the purpose needs",
    )
    purpose = forms.ChoiceField(label="Why?", choices=ImmigrationShare.Purpose.choices, widget=forms.RadioSelect)
    purpose_detail = forms.CharField(
        label="More about the purpose", max_length=2000, widget=forms.Textarea, required=False
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis", choices=ImmigrationShare.LegalBasis.choices, widget=forms.RadioSelect
    )
    legal_basis_detail = forms.CharField(label="Legal basis, if other", max_length=500, required=False)
    victim_told = forms.ChoiceField(
        label="Has the person been told their information will be shared?",
        choices=ImmigrationShare.Told.choices,
        widget=forms.RadioSelect,
    )
    victim_told_on = GovukDateField(label="Date they were told", required=False, past_only=True)
    victim_not_told_reason = forms.CharField(
        label="If they will not be told, why not?", max_length=2000, widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, persons: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons  # type: ignore[attr-defined]
        _required(
            self,
            {
                "person": "Choose the person",
                "subject_role": "Select victim or witness",
                "recipient": "Select who it would be shared with",
                "shared_what": "Say what would be shared",
                "purpose": "Select the purpose",
                "legal_basis": "Select the legal basis",
                "victim_told": "Select whether the person has been told",
            },
        )


class ShareDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve: the information is shared"), ("refuse", "Refuse: nothing is shared")],
    )
    decision_note = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, {"decision": "Select approve or refuse"})


class StatusEventForm(GovukForm):
    person = forms.TypedChoiceField(label="Whose status changed?", coerce=int, choices=[])
    kind = forms.ChoiceField(
        label="What changed?", choices=ImmigrationStatusEvent.Kind.choices, widget=forms.RadioSelect
    )
    occurred_on = GovukDateField(label="When?", past_only=True)
    source = forms.CharField(label="How did you learn of it?", max_length=160)

    def __init__(self, *args: Any, persons: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons  # type: ignore[attr-defined]
        _required(
            self, {"person": "Choose the person", "kind": "Select what changed", "source": "Say how you learned of it"}
        )
        self.fields["occurred_on"].error_messages["required"] = "Enter the date of the change"


class DecisionForm(GovukForm):
    kind = forms.ChoiceField(label="Decision", choices=NrmDecision.Kind.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("positive", "Positive"), ("negative", "Negative")], widget=forms.RadioSelect
    )
    decided_on = GovukDateField(label="Date of the decision", past_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(self, {"kind": "Select reasonable or conclusive grounds", "outcome": "Select positive or negative"})
        self.fields["decided_on"].error_messages["required"] = "Enter the date of the decision"


class InterpreterForm(GovukForm):
    name = forms.CharField(label="Name", max_length=160)
    sex = forms.ChoiceField(
        label="Sex",
        choices=[("female", "Female"), ("male", "Male")],
        widget=forms.RadioSelect,
        help_text="A person may ask for an interpreter of a particular sex",
    )
    languages = forms.CharField(
        label="Languages and dialects",
        max_length=2000,
        widget=forms.Textarea,
        help_text="One language a line, its dialects after a colon. For example: Arabic: Sudanese Arabic, Egyptian "
        "Arabic",
    )
    vetting = forms.ChoiceField(label="Vetting", choices=Interpreter.Vetting.choices, widget=forms.RadioSelect)
    vetted_until = GovukDateField(label="Vetting valid until", required=False)
    register_number = forms.CharField(
        label="Register number", max_length=40, required=False, help_text="For example, the NRPSI number"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _required(
            self,
            {
                "name": "Enter the interpreter's name",
                "sex": "Select the interpreter's sex",
                "languages": "Give at least one language",
                "vetting": "Select the vetting level",
            },
        )

    def clean_languages(self) -> dict[str, list[str]]:
        by_name = {name.casefold(): code for code, name in languages.LANGUAGES.items()}
        offered: dict[str, list[str]] = {}
        for line in str(self.cleaned_data["languages"]).splitlines():
            if not line.strip():
                continue
            language, _, dialects = line.partition(":")
            key = language.strip()
            code = by_name.get(key.casefold()) or languages.canonical(key)
            if code not in languages.LANGUAGES:
                raise forms.ValidationError(f"{key!r} is not a language on the list: use its name or code")
            offered[code] = [d.strip() for d in dialects.split(",") if d.strip()]
        if not offered:
            raise forms.ValidationError("Give at least one language")
        return offered
