"""The first response's answers as a person reads them: the check-your-answers rows (each with
the question page that changes it) and the referral's sections for the printable page and PDF.
Dates are written as "12 March 1994"; contact details are shown only as given or not."""

from __future__ import annotations

from datetime import date
from typing import Any

from lantern.cases.models import ExploitationType
from lantern.core.names import COUNTRIES
from lantern.people.models import Sex
from lantern.safeguarding import guidance, languages, rules
from lantern.safeguarding.first_response import forms, services
from lantern.safeguarding.first_response.answers import NEEDS
from lantern.safeguarding.models import FirstResponse

YES_NO = {"yes": "Yes", "no": "No", "not_known": "Not known", "": "Not answered"}
SEX = dict(Sex.choices)


def long_date(iso: str) -> str:
    """ "1994-03-12" as "12 March 1994" (GOV.UK style); anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def person_name(fr: FirstResponse) -> str:
    """The person's name as given (or nickname), for lists of drafts; empty when not yet given."""
    a = fr.answers or {}
    name = " ".join(str(a.get(k) or "").strip() for k in ("given_names", "family_name")).strip()
    return name or str(a.get("nickname") or "").strip()


def _row(label: str, value: str, step: str) -> dict[str, Any]:
    return {"label": label, "value": value or "Not answered", "step": step}


def _spoken(fr: FirstResponse) -> str:
    if not fr.told_language:
        return ""
    dialect = f" ({fr.told_dialect})" if fr.told_dialect else ""
    how = fr.get_told_through_display().lower() if fr.told_through else "how not answered"
    return f"{languages.name_of(fr.told_language)}{dialect}, {how}"


def _interpreter(c: rules.ReferralContent, fr: FirstResponse) -> str:
    if c.interpreter_needed != "yes":
        return YES_NO.get(c.interpreter_needed, c.interpreter_needed)
    parts = [f"Yes, in {languages.name_of(c.interpreter_language)}" if c.interpreter_language else "Yes"]
    preference = str(fr.answers.get("interpreter_sex_preference") or "")
    if preference and preference not in ("none", "no_preference"):
        parts.append(f"a {preference} interpreter preferred")
    if fr.answers.get("same_interpreter_preferred"):
        parts.append("the same interpreter again")
    return "; ".join(parts)


def _identity_rows(c: rules.ReferralContent, fr: FirstResponse) -> list[dict[str, Any]]:
    name = " ".join(p for p in (c.given_names, c.family_name) if p)
    if c.nickname:
        name = f"{name} (known as {c.nickname})" if name else c.nickname
    born = long_date(c.date_of_birth) if c.date_of_birth else ""
    age = f"About {c.age_estimate}" if c.age_estimate and not born else ""
    given = [label for label, v in (("phone", c.phone), ("email", c.email), ("postal address", c.postal_address)) if v]
    contact = ("Given: " + ", ".join(given)) if given else ("Not safe to contact" if c.safe_to_contact == "no" else "")
    return [
        _row("Name", name, "identity"),
        _row("Date of birth", born or age, "identity"),
        _row("Gender", SEX.get(c.sex, c.sex), "identity"),
        _row("Nationality", ", ".join(COUNTRIES.get(n, n) for n in c.nationalities), "identity"),
        _row("Interpreter needed", _interpreter(c, fr), "identity"),
        _row("Safe contact", contact, "contact"),
    ]


def _account_rows(c: rules.ReferralContent, fr: FirstResponse) -> list[dict[str, Any]]:
    account = "account-dtn" if fr.route == rules.ROUTE_DTN else "account"
    kinds = dict(ExploitationType.choices)
    rows = [
        _row("What happened", c.narrative, account),
        _row("Types of exploitation", ", ".join(kinds.get(k, k) for k in c.exploitation_types), account),
        _row("Where exploited", c.where_exploited, account),
    ]
    if fr.route != rules.ROUTE_DTN:
        rows += [
            _row("Who exploited them", c.exploiters, "account"),
            _row("Other potential victims", YES_NO.get(c.other_victims, c.other_victims), "account"),
            _row("Where the person is now", c.current_location, "account"),
            _row("Support wanted", YES_NO.get(c.support_needed, c.support_needed), "account"),
            _row("Crime reference", c.crime_reference, "account"),
        ]
    rows.append(_row("Will co-operate with the police", YES_NO.get(c.police_cooperation, ""), account))
    return rows


def check_rows(fr: FirstResponse) -> list[dict[str, Any]]:
    """Every answer given, each with the question page that changes it."""
    c = services.content_of(fr)
    needs = [NEEDS.get(n, n) for n in fr.needs or []]
    rows: list[dict[str, Any]] = [
        _row("Signs seen", ", ".join(guidance.INDICATORS[i] for i in fr.indicators) or "None selected", "signs"),
        _row("Immediate danger", YES_NO.get(fr.in_immediate_danger, ""), "danger"),
        _row("Place of safety", fr.get_place_of_safety_display(), "safety"),
        _row("Needs now", ", ".join(needs) or "None", "safety"),
        _row("Under 18", fr.get_age_now_display(), "age"),
        _row("Under 18 when exploited", YES_NO.get(fr.under_18_at_exploitation, ""), "age"),
    ]
    if rules.treated_as_child(fr.age_now):
        rows.append(_row("Children's services", fr.local_authority_name, "local-authority"))
    rows.append(_row("Spoken to in", _spoken(fr), "communication"))
    if fr.age_now == rules.ADULT:
        explained = [label for name, label in forms.EXPLAINED if getattr(fr, name)]
        rows.append(_row("Explained", "; ".join(explained) or "Nothing recorded", "explain"))
        consent = {"given": "Agreed", "declined": "Did not agree"}.get(fr.consent, "")
        rows.append(_row("Consent to a referral", consent, "consent"))
    rows += _account_rows(c, fr)
    if fr.route != rules.ROUTE_DTN or fr.police_contact_consent:
        rows += _identity_rows(c, fr)
    return rows


def referral_sections(fr: FirstResponse) -> list[tuple[str, list[dict[str, Any]]]]:
    """The NRM referral's answers in the order of the Home Office form's sections."""
    rows = {row["label"]: row for row in check_rows(fr)}
    c = services.content_of(fr)
    officer = [
        _row("Name", c.first_responder_name, "check"),
        _row("Role", c.first_responder_role, "check"),
        _row("Phone", c.first_responder_phone, "check"),
    ]

    def pick(*labels: str) -> list[dict[str, Any]]:
        return [rows[label] for label in labels if label in rows]

    return [
        ("About you (the first responder)", officer),
        ("About the potential victim", pick("Name", "Date of birth", "Gender", "Nationality", "Under 18")),
        ("Language and communication", pick("Spoken to in", "Interpreter needed")),
        (
            "Consent and what was explained",
            pick("Consent to a referral", "Explained", "Children's services", "Under 18 when exploited"),
        ),
        (
            "What happened",
            pick(
                "What happened",
                "Types of exploitation",
                "Where exploited",
                "Who exploited them",
                "Other potential victims",
                "Signs seen",
            ),
        ),
        (
            "Safety, support and contact",
            pick(
                "Immediate danger",
                "Place of safety",
                "Needs now",
                "Where the person is now",
                "Support wanted",
                "Safe contact",
            ),
        ),
        ("Police", pick("Crime reference", "Will co-operate with the police")),
    ]
