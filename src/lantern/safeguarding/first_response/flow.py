"""The order of the first response's question pages, and which apply to whom.

A child (or a person who may be a child) skips the adult's explanation and consent and gets the
local authority question; an adult who declines a referral skips identity and contact unless
they agreed to police contact. Each page names the guidance it links to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lantern.safeguarding import rules
from lantern.safeguarding.first_response import forms
from lantern.safeguarding.models import FirstResponse


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[forms.StepForm]
    guidance: str
    applies: Callable[[FirstResponse], bool] = lambda fr: True


def _child(fr: FirstResponse) -> bool:
    return rules.treated_as_child(fr.age_now)


def _adult(fr: FirstResponse) -> bool:
    return fr.age_now == rules.ADULT


def _referral(fr: FirstResponse) -> bool:
    return fr.route != rules.ROUTE_DTN


def _identifies(fr: FirstResponse) -> bool:
    return fr.route != rules.ROUTE_DTN or fr.police_contact_consent


STEPS: tuple[Step, ...] = (
    Step("signs", "What made you think this person may be a victim?", forms.SignsForm, "signs"),
    Step("danger", "Is the person safe right now?", forms.DangerForm, "safety"),
    Step("safety", "A place of safety and what they need", forms.SafetyForm, "safety"),
    Step("age", "How old is the person?", forms.AgeForm, "children"),
    Step("local-authority", "Tell children's services", forms.LocalAuthorityForm, "children", _child),
    Step("communication", "How you spoke to the person", forms.CommunicationForm, "interpreters"),
    Step("explain", "Explain the National Referral Mechanism", forms.ExplainForm, "nrm", _adult),
    Step("consent", "Does the person agree to be referred?", forms.ConsentForm, "consent", _adult),
    Step("account", "What happened to them", forms.ReferralAccountForm, "good-referral", _referral),
    Step(
        "account-dtn",
        "What happened to them (anonymous)",
        forms.AccountForm,
        "consent",
        lambda fr: fr.route == rules.ROUTE_DTN,
    ),
    Step("identity", "Who the person is", forms.IdentityForm, "good-referral", _identifies),
    Step("contact", "How to contact them safely", forms.ContactForm, "protected-details", _identifies),
)
BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(fr: FirstResponse) -> list[Step]:
    return [step for step in STEPS if step.applies(fr)]


def next_slug(fr: FirstResponse, current: str) -> str:
    """The next page that applies after `current`, or "check" at the end."""
    slugs = [step.slug for step in STEPS]
    for step in STEPS[slugs.index(current) + 1 :]:
        if step.applies(fr):
            return step.slug
    return "check"


def previous_slug(fr: FirstResponse, current: str) -> str | None:
    slugs = [step.slug for step in STEPS]
    index = slugs.index(current) if current in slugs else len(slugs)
    for step in reversed(STEPS[:index]):
        if step.applies(fr):
            return step.slug
    return None


def step_for_missing(fr: FirstResponse, step: str) -> str:
    """The page that asks a missing item (rules.Missing.step); "" for the check page itself."""
    if step == "account" and fr.route == rules.ROUTE_DTN:
        return "account-dtn"
    return "" if step == "check" else step
