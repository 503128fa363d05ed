"""Forms for the decisions pages. They check what a form can check; the services check the rules,
and their refusals come back on the field they name (GovukForm.add_service_errors)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from lantern.cases.models import Offence
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import User
from lantern.decisions import review_rules, rules
from lantern.decisions.models import CourtHearing, CpsSubmission, OutcomeCode, ReviewRequest, SuspectInterview
from lantern.notify.models import LetterDelivery
from lantern.people.models import Person
from lantern.victims_code.forms import TimeField, combine, language_choices
from lantern.victims_code.models import Channel

YES_NO = [("yes", "Yes"), ("no", "No")]


def _required(field: forms.Field, message: str) -> forms.Field:
    field.error_messages["required"] = message
    field.error_messages["invalid_choice"] = message
    return field


def person_choices(people: list[Person], blank: str = "") -> list[tuple[str, str]]:
    choices = [(str(p.pk), p.display_name) for p in people]
    return [("", blank), *choices] if blank else choices


class _Form(GovukForm):
    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])


class ChecklistForm(_Form):
    """Every line of enquiry on one page: an answer and a note for each."""

    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in rules.ENQUIRY_ITEMS:
            answers = list(rules.ANSWERS.items())
            if item.code in rules.DONE_BY_RECORD:
                answers = [a for a in answers if a[0] != rules.DONE]
            row = current.get(item.code)
            self.fields[f"{item.code}_answer"] = forms.ChoiceField(
                label=item.question,
                choices=answers,
                widget=forms.RadioSelect,
                required=False,
                help_text=item.hint,
                initial=row.answer if row else None,
            )
            self.fields[f"{item.code}_note"] = forms.CharField(
                label="What was done, or why not",
                widget=forms.Textarea,
                required=False,
                max_length=2000,
                initial=row.note if row else "",
            )

    def changed_items(self, current: dict[str, Any]) -> list[tuple[str, str, str]]:
        changed = []
        for item in rules.ENQUIRY_ITEMS:
            answer = self.cleaned_data.get(f"{item.code}_answer") or ""
            note = (self.cleaned_data.get(f"{item.code}_note") or "").strip()
            row = current.get(item.code)
            if not answer and not note:
                continue
            if row is not None and row.answer == answer and row.note == note:
                continue
            changed.append((item.code, answer, note))
        return changed

    def item_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(item, self[f"{item.code}_answer"], self[f"{item.code}_note"]) for item in rules.ENQUIRY_ITEMS]


class InterviewForm(_Form):
    suspect = forms.ChoiceField(label="Suspect", choices=[])
    interviewed_on = GovukDateField(label="Date of the interview", past_only=True)
    under_caution = _required(
        forms.ChoiceField(label="Was the suspect interviewed under caution?", choices=YES_NO, widget=forms.RadioSelect),
        "Say whether the interview was under caution",
    )
    circumstances = _required(
        forms.ChoiceField(
            label="Circumstances", choices=SuspectInterview.Circumstances.choices, widget=forms.RadioSelect
        ),
        "Say whether it was after arrest or a voluntary interview",
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500, widget=forms.Textarea)

    def __init__(self, *args: Any, suspects: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("suspect").choices = person_choices(suspects, "Choose the suspect")
        _required(self.fields["suspect"], "Choose the suspect")


class AccountForm(_Form):
    taken = _required(
        forms.ChoiceField(label="Was the victim's account taken?", choices=YES_NO, widget=forms.RadioSelect),
        "Say whether the account was taken",
    )
    taken_on = GovukDateField(label="Date the account was taken", required=False, past_only=True)
    method = forms.ChoiceField(
        label="How", choices=list(rules.ACCOUNT_METHODS.items()), widget=forms.RadioSelect, required=False
    )
    interpreter_language = forms.ChoiceField(label="Interpreter used (if any)", choices=[], required=False)
    reason = forms.ChoiceField(
        label="Why not",
        choices=[(k, v.label) for k, v in rules.NOT_TAKEN_REASONS.items()],
        widget=forms.RadioSelect,
        required=False,
        help_text="If the victim was not spoken to, a supervisor must agree before the case can close.",
    )
    reason_text = forms.CharField(
        label="What was tried, and why it was not possible", required=False, widget=forms.Textarea, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = language_choices()
        self._choice("interpreter_language").choices = [("", "No interpreter"), *choices[1:]]


class AgreementForm(_Form):
    note = _required(
        forms.CharField(
            label="Why it is right to go on without speaking to the victim", widget=forms.Textarea, max_length=2000
        ),
        "Say why it is right to go on without speaking to the victim",
    )


class CredibilityForm(_Form):
    a_factor = _required(
        forms.ChoiceField(
            label="Did a judgment about the victim's credibility affect the decision?",
            choices=YES_NO,
            widget=forms.RadioSelect,
        ),
        "Say whether the victim's credibility affected the decision",
    )
    trauma_factors = forms.MultipleChoiceField(
        label="Which effects of trauma did you consider?",
        choices=list(rules.TRAUMA_FACTORS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    how_considered = forms.CharField(
        label="How were they considered before judging credibility?",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="Trauma can make an account late, partial or inconsistent. Say what you took into account.",
    )


class DecisionForm(_Form):
    """A decision: its kind, outcome lines (a row per offence, and spare rows), date, reasons."""

    service_field_map = {"kind": "kind", "lines": "line_0_code"}
    kind = _required(
        forms.ChoiceField(
            label="What is the decision?",
            choices=[
                ("close", "Close the case: an outcome that ends the investigation without a charge"),
                ("charge", "Charge: one or more suspects charged"),
            ],
            widget=forms.RadioSelect,
        ),
        "Choose what the decision is",
    )
    decided_on = GovukDateField(label="Date of the decision", past_only=True)
    decided_by_cps = forms.ChoiceField(
        label="Who made the decision?",
        choices=[("no", "The police"), ("yes", "The CPS")],
        widget=forms.RadioSelect,
        initial="no",
    )
    investigated = forms.ChoiceField(
        label="Was the crime investigated?",
        choices=[("yes", "Yes"), ("no", "No: a decision not to investigate")],
        widget=forms.RadioSelect,
        initial="yes",
    )
    reasons = forms.CharField(
        label="Why (this goes to the victim in writing)",
        widget=forms.Textarea,
        max_length=6000,
        help_text="Plain English, addressed to the victim: what the evidence showed and why it was not enough.",
    )
    what_was_done = forms.CharField(
        label="What was done (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=6000,
        help_text="The letter already lists the lines of enquiry answered as done.",
    )
    reopen_if = forms.CharField(
        label="What would make the case reopen", widget=forms.Textarea, required=False, max_length=3000
    )
    translation_language = forms.ChoiceField(label="Translation held (optional)", choices=[], required=False)
    reasons_translated = forms.CharField(label="Why, translated", widget=forms.Textarea, required=False)
    what_was_done_translated = forms.CharField(label="What was done, translated", widget=forms.Textarea, required=False)
    reopen_if_translated = forms.CharField(
        label="What would reopen the case, translated", widget=forms.Textarea, required=False
    )
    translated_by = forms.CharField(label="Translated by", required=False, max_length=160)

    def __init__(
        self, *args: Any, offences: list[Offence], suspects: list[Person], correcting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _required(self.fields["reasons"], "Write the reasons: they go to the victim in writing")
        codes = [("", "Choose an outcome")] + [(c.code, f"{c.code}: {c.label}") for c in OutcomeCode.objects.all()]
        offence_choices = [("", "No offence recorded")] + [
            (str(o.pk), o.description or o.get_legislation_display()) for o in offences
        ]
        suspect_choices = person_choices(suspects, "No suspect named")
        self.rows = max(1, len(offences)) + 2
        for i in range(self.rows):
            initial_offence = str(offences[i].pk) if i < len(offences) else ""
            self.fields[f"line_{i}_offence"] = forms.ChoiceField(
                label=f"Offence, line {i + 1}", choices=offence_choices, required=False, initial=initial_offence
            )
            self.fields[f"line_{i}_code"] = forms.ChoiceField(
                label=f"Outcome, line {i + 1}", choices=codes, required=False
            )
            self.fields[f"line_{i}_suspect"] = forms.ChoiceField(
                label=f"Suspect, line {i + 1}", choices=suspect_choices, required=False
            )
        self._choice("translation_language").choices = [("", "None"), *language_choices()[1:]]
        if correcting:
            self.fields["correction_reason"] = forms.CharField(
                label="Why is the decision being corrected?", widget=forms.Textarea, max_length=2000
            )
            _required(self.fields["correction_reason"], "Say why the decision is being corrected")

    def line_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"line_{i}_offence"], self[f"line_{i}_code"], self[f"line_{i}_suspect"]) for i in range(self.rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"line_{i}_code") for i in range(self.rows)):
            self.add_error("line_0_code", "Choose the outcome")
        return data

    def lines(self) -> tuple[rules.LineIn, ...]:
        result = []
        for i in range(self.rows):
            code = self.cleaned_data.get(f"line_{i}_code")
            if not code:
                continue
            offence = self.cleaned_data.get(f"line_{i}_offence")
            suspect = self.cleaned_data.get(f"line_{i}_suspect")
            result.append(rules.LineIn(code, int(offence) if offence else None, int(suspect) if suspect else None))
        return tuple(result)


class SignOffForm(_Form):
    """The sign-off's question, answered by its two buttons: "Sign off and close" (agreed=yes) or
    "Return to the officer with reasons" (agreed=no, the note saying what more is needed)."""

    agreed = _required(
        forms.ChoiceField(
            label="Do you sign this decision off?",
            choices=[("yes", "Sign off and close"), ("no", "Return to the officer with reasons")],
        ),
        "Choose “Sign off and close” or “Return to the officer with reasons”",
    )
    note = forms.CharField(
        label="Note for the officer in charge",
        help_text="Needed to return the decision: say what more is needed. Optional when you sign off.",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )


class DeliveryForm(_Form):
    method = _required(
        forms.ChoiceField(
            label="How did the letter reach the victim?",
            choices=[m for m in LetterDelivery.Method.choices if m[0] != LetterDelivery.Method.NOTIFY],
            widget=forms.RadioSelect,
        ),
        "Choose how the letter was delivered",
    )
    delivered_on = GovukDateField(label="Date", past_only=True)
    delivered_time = TimeField(label="Time", max_length=5, help_text="For example, 14:30")
    note = forms.CharField(label="Note (optional)", required=False, max_length=255)

    def moment(self) -> Any:
        return combine(self.cleaned_data["delivered_on"], self.cleaned_data["delivered_time"])


class RequestForm(_Form):
    """A request for written reasons or for a review, from the victim, their advocate or a representative."""

    victim = forms.ChoiceField(label="Which victim", choices=[])
    received_on = GovukDateField(label="Date the request was received", past_only=True)
    requester = forms.ChoiceField(
        label="Who asked?",
        choices=[
            ("victim", "The victim"),
            ("advocate", "Their advocate, with their consent"),
            ("representative", "A family member or other representative"),
        ],
        widget=forms.RadioSelect,
        initial="victim",
    )
    note = forms.CharField(label="What they said (optional)", required=False, widget=forms.Textarea, max_length=2000)
    late_reason = forms.CharField(
        label="If it arrived after the 3 months: why the force accepts it", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, victims: list[Person], review: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("victim").choices = person_choices(victims)
        self.fields["victim"].initial = str(victims[0].pk) if len(victims) == 1 else None
        self.fields["victim"].widget = forms.RadioSelect() if len(victims) > 1 else forms.HiddenInput()
        self.fields["victim"].widget.choices = self.fields["victim"].choices  # type: ignore[attr-defined]
        _required(self.fields["victim"], "Choose the victim")
        if not review:
            del self.fields["late_reason"]


class AcknowledgeForm(_Form):
    given_on = GovukDateField(label="Date the victim was told", past_only=True)
    given_time = TimeField(label="Time", max_length=5, help_text="For example, 14:30")
    channel = _required(
        forms.ChoiceField(label="How", choices=Channel.choices, widget=forms.RadioSelect),
        "Choose how the victim was told",
    )
    summary = forms.CharField(
        label="What they were told",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        initial="We have your request for a review and will tell you the result in writing.",
    )

    def moment(self) -> Any:
        return combine(self.cleaned_data["given_on"], self.cleaned_data["given_time"])


class ReviewerForm(_Form):
    reviewer = forms.ChoiceField(label="Reviewer", choices=[])

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("reviewer").choices = [("", "Choose an officer")] + [
            (str(u.pk), f"{u.display_name} ({u.get_rank_display() or 'no rank'})") for u in officers
        ]
        _required(self.fields["reviewer"], "Choose the reviewer")


class ResultForm(_Form):
    result = _required(
        forms.ChoiceField(label="Result", choices=ReviewRequest.Result.choices, widget=forms.RadioSelect),
        "Choose whether the decision is upheld or overturned",
    )
    reasons = _required(
        forms.CharField(label="Reasons (these go to the victim in writing)", widget=forms.Textarea, max_length=6000),
        "Give the reasons: they go to the victim in writing",
    )
    translation = forms.CharField(label="Reasons, translated (optional)", widget=forms.Textarea, required=False)


class NewInformationForm(_Form):
    kind = _required(
        forms.ChoiceField(
            label="What is the new information?",
            choices=[(k, label) for k, (label, _days) in review_rules.NEW_INFORMATION_KINDS.items()],
            widget=forms.RadioSelect,
        ),
        "Choose what the new information is",
    )
    received_on = GovukDateField(label="Date received", past_only=True)
    summary = _required(
        forms.CharField(label="Describe it", widget=forms.Textarea, max_length=4000), "Describe the new information"
    )
    review_officer = forms.ChoiceField(label="Officer to review it", choices=[], required=False)

    def __init__(self, *args: Any, officers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("review_officer").choices = [("", "The officer in charge")] + [
            (str(u.pk), u.display_name) for u in officers
        ]


class TaskForm(_Form):
    reopen = _required(
        forms.ChoiceField(
            label="What have you decided?",
            choices=[("yes", "Reopen the case"), ("no", "The decision stands")],
            widget=forms.RadioSelect,
        ),
        "Say what you decided",
    )
    reasons = _required(forms.CharField(label="Why", widget=forms.Textarea, max_length=4000), "Say why")


class ReopenForm(_Form):
    reason = _required(
        forms.CharField(label="Why is the case reopened?", widget=forms.Textarea, max_length=2000),
        "Say why the case is reopened",
    )


class SubmissionForm(_Form):
    kind = _required(
        forms.ChoiceField(
            label="What is asked of the CPS?", choices=CpsSubmission.Kind.choices, widget=forms.RadioSelect
        ),
        "Choose early investigative advice or a pre-charge decision",
    )
    organisation = forms.ChoiceField(label="CPS area", choices=[])
    submitted_on = GovukDateField(label="Date sent", past_only=True)
    summary = _required(
        forms.CharField(label="What the CPS is asked", widget=forms.Textarea, max_length=4000),
        "Say what the CPS is asked to advise or decide",
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("organisation").choices = [("", "Choose the CPS area")] + [
            (str(o.pk), o.name) for o in organisations
        ]
        _required(self.fields["organisation"], "Choose the CPS area the case goes to")


class CpsDecisionForm(_Form):
    decision = _required(
        forms.ChoiceField(label="The CPS's decision", choices=CpsSubmission.Result.choices, widget=forms.RadioSelect),
        "Choose the CPS's decision",
    )
    decided_on = GovukDateField(label="Date of the decision", past_only=True)
    note = _required(
        forms.CharField(label="What the CPS said", widget=forms.Textarea, max_length=4000),
        "Summarise what the CPS said",
    )
    reference = forms.CharField(label="CPS reference (optional)", required=False, max_length=40)


class HearingForm(_Form):
    defendant = forms.ChoiceField(label="Defendant", choices=[])
    kind = _required(
        forms.ChoiceField(label="Hearing", choices=CourtHearing.Kind.choices, widget=forms.RadioSelect),
        "Choose the kind of hearing",
    )
    hearing_on = GovukDateField(label="Date")
    hearing_time = TimeField(label="Time", max_length=5, help_text="For example, 10:00")
    court = _required(forms.CharField(label="Court", max_length=160), "Name the court")

    def __init__(self, *args: Any, suspects: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("defendant").choices = person_choices(suspects, "Choose the defendant")
        _required(self.fields["defendant"], "Choose the defendant")

    def moment(self) -> Any:
        return combine(self.cleaned_data["hearing_on"], self.cleaned_data["hearing_time"])


def yes(value: str) -> bool:
    return value == "yes"


class HearingResultForm(_Form):
    result = _required(
        forms.CharField(label="What happened at court", widget=forms.Textarea, max_length=4000),
        "Say what happened at court",
    )
    result_on = GovukDateField(label="Date of the result", past_only=True)
