"""Forms for the Victims' Code pages. They check what a form can check; the services check the
rules, and their refusals come back on the field they name (GovukForm.add_service_errors)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from lantern.core import clock
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import User
from lantern.core.templatetags.lantern import language_name
from lantern.notify import letters
from lantern.notify.models import LetterDelivery
from lantern.people.models import Person
from lantern.victims_code.models import Channel, Duty, EventKind
from lantern.victims_code.working_days import LONDON

# Languages offered first: those of victims of modern slavery most often seen by UK police, then
# the victim's own (added per form). Codes are ISO 639-1 where one exists.
COMMON_LANGUAGES = [
    "en",
    "sq",
    "vi",
    "ro",
    "pl",
    "lv",
    "lt",
    "bg",
    "sk",
    "cs",
    "hu",
    "ru",
    "uk",
    "ar",
    "ti",
    "am",
    "so",
    "fa",
    "ps",
    "ku",
    "ur",
    "pa",
    "bn",
    "hi",
    "ta",
    "si",
    "zh",
    "th",
    "tl",
    "fr",
    "pt",
    "es",
    "tr",
    "ha",
    "yo",
    "ig",
]
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
YES_NO = [("yes", "Yes"), ("no", "No")]
# What an officer records on the "record what happened" page: the case events of issue 3. The crime
# being recorded, handovers and transfers come from their own services; decisions and reviews from
# lantern.decisions.
RECORDABLE_EVENTS = {
    EventKind.NOT_INVESTIGATED,
    EventKind.SUSPECT_ARRESTED,
    EventKind.SUSPECT_INTERVIEWED,
    EventKind.RELEASED_NO_CHARGE,
    EventKind.RELEASED_ON_BAIL,
    EventKind.RELEASED_UNDER_INVESTIGATION,
    EventKind.BAIL_CHANGED,
    EventKind.CHARGED,
    EventKind.NOT_CHARGED,
    EventKind.OUT_OF_COURT_DISPOSAL,
    EventKind.CPS_DECISION,
    EventKind.COURT_HEARING,
    EventKind.COURT_RESULT,
}


def language_choices(extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    codes = list(dict.fromkeys([*extra, *COMMON_LANGUAGES]))
    first = [c for c in extra if c]
    rest = sorted((c for c in codes if c not in first), key=lambda c: language_name(c).lower())
    return [("", "Choose a language")] + [(c, f"{language_name(c)} ({c})") for c in [*first, *rest]]


def combine(day: dt.date, time_text: str) -> dt.datetime:
    match = TIME.match(time_text.strip())
    if match is None:
        raise ValueError(time_text)
    return dt.datetime.combine(day, dt.time(int(match.group(1)), int(match.group(2))), tzinfo=LONDON)


class TimeField(forms.CharField):
    """A time of day typed as 14:30 (24-hour clock)."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if text and not TIME.match(text.strip()):
            raise ValidationError("Enter a time like 14:30, on the 24-hour clock")
        return str(text).strip().replace(".", ":")


def now_hhmm() -> str:
    return clock.now().astimezone(LONDON).strftime("%H:%M")


class VictimChoiceMixin:
    """A victim field that is a radio when the case has several victims, hidden when it has one."""

    fields: dict[str, forms.Field]

    def add_victim_field(self, victims: list[Person]) -> None:
        choices = [(str(v.pk), v.display_name) for v in victims]
        widget = forms.RadioSelect if len(victims) > 1 else forms.HiddenInput
        self.fields["victim"] = forms.ChoiceField(
            label="Which victim",
            choices=choices,
            widget=widget,
            initial=choices[0][0] if len(victims) == 1 else None,
            error_messages={
                "required": "Choose the victim",
                "invalid_choice": "Choose one of the victims in this case",
            },
        )

    def victim(self, victims: list[Person]) -> Person:
        chosen = int(self.cleaned_data["victim"])  # type: ignore[attr-defined]
        return next(v for v in victims if v.pk == chosen)


def duty_choices(duties: Iterable[Duty], today: dt.date, several_victims: bool) -> list[tuple[str, str]]:
    choices = []
    for duty in duties:
        when = f"due {duty.due_on:%-d %B %Y}"
        if duty.due_on < today:
            when = f"overdue since {duty.due_on:%-d %B %Y}"
        elif duty.due_on == today:
            when = "due today"
        who = f" – {duty.victim.display_name}" if several_victims else ""
        choices.append((str(duty.pk), f"{duty.get_kind_display()} ({when}){who}"))
    return choices


class RecordUpdateForm(VictimChoiceMixin, GovukForm):
    given_on = GovukDateField(label="Date the victim was told", past_only=True, help_text="For example, 27 12 2026")
    given_time = TimeField(label="Time", max_length=5, help_text="For example, 14:30")
    channel = forms.ChoiceField(
        label="How was the victim told?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the victim was told"},
    )
    language = forms.ChoiceField(label="Language used", error_messages={"required": "Choose the language used"})
    interpreter_used = forms.ChoiceField(
        label="Was an interpreter used?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether an interpreter was used"},
    )
    interpreter_name = forms.CharField(
        label="Interpreter's name", max_length=160, required=False, help_text="Or their booking reference"
    )
    summary = forms.CharField(
        label="What was the victim told?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Say what the victim was told"},
        help_text="In plain words, as you would read it back to them",
    )
    duties = forms.MultipleChoiceField(
        label="Which duties does this update meet?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Updates due under the contact plan are met by any update.",
    )
    # Set when the form was opened from a group of missed updates: it must then name at least one.
    group = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    service_field_map = {"given_at": "given_on"}

    def __init__(
        self, *args: Any, victims: list[Person], duties: list[Duty], language: str, today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices([language])
        self.fields["language"].initial = language
        cast(forms.ChoiceField, self.fields["duties"]).choices = duty_choices(duties, today, len(victims) > 1)
        self.fields["given_on"].initial = today
        self.fields["given_time"].initial = now_hhmm()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_used") == "yes" and not (data.get("interpreter_name") or "").strip():
            self.add_error("interpreter_name", "Enter the interpreter's name")
        return data


class SendUpdateForm(VictimChoiceMixin, GovukForm):
    channel = forms.ChoiceField(
        label="How do you want to send it?",
        widget=forms.RadioSelect,
        choices=[("email", "E-mail"), ("sms", "Text message (SMS)"), ("letter", "Letter (PDF to print and deliver)")],
        error_messages={"required": "Choose e-mail, text message or letter"},
    )
    message = forms.CharField(
        label="Your update, in English",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Write the update to send"},
        help_text="Plain words. The case reference, your name and how to contact you are added.",
    )
    translation = forms.CharField(
        label="The same update in the victim's language (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )
    duties = forms.MultipleChoiceField(
        label="Which duties will this update meet?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They are met when it is sent; a letter, when you record its delivery.",
    )

    def __init__(
        self, *args: Any, victims: list[Person], duties: list[Duty], language: str, today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)
        cast(forms.ChoiceField, self.fields["duties"]).choices = duty_choices(duties, today, len(victims) > 1)
        name = language_name(language)
        if language == "en":
            hint = "The victim's language is English: leave this empty."
        elif language in letters.held_languages("victim_update"):
            hint = (
                f"The victim's language is {name}. If a translator or interpreter has given you the update in {name}, "
                "paste it here and the letter or e-mail is written in it. Otherwise it is sent in English with a "
                "note that an interpreter must read it to them."
            )
        else:
            hint = (
                f"The victim's language is {name}. Lantern holds no letter in {name} yet: it goes in English with a "
                f"note that an interpreter must read it to them. A translation in {name} pasted here is added "
                "under the English."
            )
        self.fields["translation"].help_text = hint


class WaiveForm(GovukForm):
    reason = forms.CharField(
        label="Why is this duty not being met?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why this duty is waived"},
        help_text="For example: the victim asked not to be contacted about it; they cannot be traced "
        "after every reasonable effort (say what was tried)",
    )


class EventForm(GovukForm):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=[
            ("", "Choose what happened"),
            *[(k, label) for k, label in EventKind.choices if k in RECORDABLE_EVENTS],
        ],
        error_messages={"required": "Choose what happened"},
    )
    occurred_on = GovukDateField(label="Date", past_only=True, help_text="For example, 24 12 2026")
    occurred_time = TimeField(label="Time", max_length=5, help_text="For example, 23:30")
    note = forms.CharField(
        label="Note for the case (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea,
        help_text="Not sent to the victim",
    )

    service_field_map = {"occurred_at": "occurred_on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_time"].initial = now_hhmm()


class AdvocateChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        org = f", {user.organisation.name}" if user.organisation_id and user.organisation else ""
        return f"{user.display_name}{org}"


class ContactPlanForm(VictimChoiceMixin, GovukForm):
    interval_days = forms.IntegerField(
        label="How often does the victim want an update, in days?",
        min_value=1,
        max_value=366,
        help_text="Even when there is no news. For example, 28",
        error_messages={
            "required": "Enter how often, in days",
            "invalid": "Enter a whole number of days, like 28",
            "min_value": "Enter a number of days from 1 to 366",
            "max_value": "Enter a number of days from 1 to 366",
        },
    )
    channel = forms.ChoiceField(
        label="How do they want to be updated?", choices=Channel.choices, widget=forms.RadioSelect, required=False
    )
    language = forms.ChoiceField(label="In which language?", error_messages={"required": "Choose a language"})
    interpreter_needed = forms.ChoiceField(
        label="Do they need an interpreter?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they need an interpreter"},
    )
    advocate = AdvocateChoiceField(
        label="Advocate the updates go through",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not through an advocate",
        help_text="Only advocates supporting the victim with their consent",
    )
    notes = forms.CharField(
        label="Anything else agreed (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea,
        help_text="For example: not before 10am; do not leave voicemail",
    )

    def __init__(self, *args: Any, victims: list[Person], language: str, advocates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices([language])
        self.fields["language"].initial = language
        cast(forms.ModelChoiceField[Any], self.fields["advocate"]).queryset = advocates


class ContactDetailsForm(VictimChoiceMixin, GovukForm):
    email = forms.CharField(label="E-mail address (optional)", max_length=254, required=False)
    mobile = forms.CharField(label="Mobile number (optional)", max_length=30, required=False)
    postal_address = forms.CharField(
        label="Postal address (optional)", max_length=500, required=False, widget=forms.Textarea
    )
    protected = forms.BooleanField(
        label="These details are protected (the victim is in hiding or at risk)", required=False
    )
    protected_reason = forms.CharField(
        label="Why are they protected?",
        max_length=255,
        required=False,
        help_text="Protected details are never shown on lists or in exports, and "
        "anyone who opens them must give a reason",
    )

    def __init__(self, *args: Any, victims: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)


class RevealForm(VictimChoiceMixin, GovukForm):
    reason = forms.CharField(
        label="Why do you need to see them?",
        max_length=200,
        required=False,
        help_text="Recorded in the audit log with your name",
    )

    def __init__(self, *args: Any, victims: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)


class EnhancedRightsForm(VictimChoiceMixin, GovukForm):
    enhanced = forms.ChoiceField(
        label="Does the victim have enhanced rights?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Give the reason for the decision"},
    )

    def __init__(self, *args: Any, victims: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_victim_field(victims)


class LetterDeliveryForm(GovukForm):
    method = forms.ChoiceField(
        label="How did the letter reach the victim?",
        widget=forms.RadioSelect,
        choices=[(k, v) for k, v in LetterDelivery.Method.choices if k != LetterDelivery.Method.NOTIFY],
        error_messages={"required": "Choose how the letter was delivered"},
    )
    delivered_on = GovukDateField(label="Date", past_only=True)
    delivered_time = TimeField(label="Time", max_length=5, help_text="For example, 14:30")
    note = forms.CharField(label="Note (optional)", max_length=255, required=False)

    service_field_map = {"delivered_at": "delivered_on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_time"].initial = now_hhmm()


class MeasuresForm(GovukForm):
    start = GovukDateField(label="From", help_text="For example, 1 4 2026")
    end = GovukDateField(label="To", help_text="For example, 31 3 2027")
    by = forms.ChoiceField(label="Show by", widget=forms.RadioSelect, choices=[])

    def __init__(self, *args: Any, groupings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["by"]).choices = [(g, g.capitalize()) for g in groupings]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data
