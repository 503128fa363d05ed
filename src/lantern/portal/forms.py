"""Forms of the portal's staff pages (the victim's pages use plain fields: see victim_views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from lantern.cases.models import AdvocateAssignment
from lantern.core import clock
from lantern.core.forms import GovukDateField, GovukForm
from lantern.core.models import Organisation, User
from lantern.core.roles import Capability, roles_with
from lantern.people.models import Person
from lantern.portal.consent import NewConsent
from lantern.portal.invitations import LANGUAGES

LANGUAGE_NAMES = {
    "en": "English",
    "cy": "Cymraeg (Welsh)",
    "sq": "Shqip (Albanian)",
    "vi": "Tiếng Việt (Vietnamese)",
    "ro": "Română (Romanian)",
    "pl": "Polski (Polish)",
    "ti": "ትግርኛ (Tigrinya)",
    "ar": "العربية (Arabic)",
}
GIVEN_HOW = [c for c in AdvocateAssignment.GivenHow.choices if c[0] != AdvocateAssignment.GivenHow.NOT_RECORDED]
SHARES = [
    ("share_officer", "Officer in charge and how to reach them"),
    ("share_update_dates", "When the victim was last told anything"),
    ("share_decisions", "Decisions communicated to the victim"),
    ("share_next_update", "When the next update is due"),
]


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.LONDON) if day else None


class ConsentForm(GovukForm):
    victim = forms.TypedChoiceField(label="Victim", coerce=int)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ADVOCACY),
        required=False,
        label="Organisation",
        empty_label="Choose the organisation",
    )
    advocate = forms.ModelChoiceField(
        queryset=User.objects.filter(role__in=roles_with(Capability.SUPPORTS_VICTIMS), is_active=True).select_related(
            "organisation"
        ),
        required=False,
        label="Advocate",
        empty_label="Choose the advocate",
    )
    shares = forms.MultipleChoiceField(
        choices=SHARES, required=False, widget=forms.CheckboxSelectMultiple, label="What may be shared"
    )
    given_how = forms.ChoiceField(
        choices=GIVEN_HOW, required=False, widget=forms.RadioSelect, label="How consent was given"
    )
    interpreter_language = forms.CharField(required=False, max_length=12, label="Interpreter's language (if any)")
    given_on = GovukDateField(label="Date consent was given", required=False)
    valid_until = GovukDateField(label="Consent ends on (leave empty: until withdrawn)", required=False)

    def __init__(self, *args: Any, victims: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = victims  # type: ignore[attr-defined]
        self.fields["advocate"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name} ({u.organisation.name if u.organisation else 'no organisation'})"
        )

    def given_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("given_on")
        if day is None or day == clock.today():
            return None  # now
        return _day_start(day)

    def until(self) -> dt.datetime | None:
        day = self.cleaned_data.get("valid_until")
        return _day_start(day + dt.timedelta(days=1)) if day else None  # to the end of that day

    def new_consent(self, person: Person) -> NewConsent:
        """The consent this valid form describes, for `person` (the police's page and the
        advocate organisation's page both record it through portal.consent.record_consent)."""
        data = self.cleaned_data
        shares = set(data["shares"])
        return NewConsent(
            person=person,
            advocate=data["advocate"],
            organisation=data["organisation"],
            given_how=data["given_how"],
            given_at=self.given_at(),
            valid_until=self.until(),
            interpreter_language=data["interpreter_language"],
            **{key: key in shares for key, _ in SHARES},
        )


class InvitationForm(GovukForm):
    victim = forms.TypedChoiceField(label="Victim", coerce=int)
    language = forms.ChoiceField(choices=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGES], label="Language of the page")

    def __init__(self, *args: Any, victims: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = victims  # type: ignore[attr-defined]


class UpdateRequestForm(GovukForm):
    message = forms.CharField(
        required=False, max_length=500, widget=forms.Textarea, label="Message for the officer (optional)"
    )
