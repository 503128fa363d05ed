"""Safeguarding rules as pure functions: no database, no clock of their own (dates are passed in).

- referral_route: child always referred to the NRM; an adult by consent; otherwise Duty to Notify.
- dtn_identifying_fields: a Duty to Notify holds nothing that identifies a non-consenting adult.
- referral_missing: what an NRM referral or Duty to Notify still lacks (reference/domain.md 5.3).
- recovery_period: the NRM recovery period and its end, lengths from data (values are tagged).
- check_interpreter_booking: language and dialect match, first language preferred, related
  languages never taken as the same, interpreter sex and same-interpreter preferences.
- section 45: which test applies by age at the time of the offence, the Schedule 4 check, each
  element answered with evidence, a conclusion consistent with the answers, the charge gate.
- find_protected_values: a protected value (address, phone, e-mail) inside free text.

Each function returns data the caller shows; services turn refusals into field messages.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from lantern.safeguarding import languages

DATA_DIR = Path(__file__).resolve().parent / "data"

# --- Referral decision (domain.md 4.4, 5.2) -------------------------------------------------

UNDER_18 = "under_18"
ADULT = "adult"
NOT_SURE = "not_sure"
AGE_ANSWERS = (UNDER_18, ADULT, NOT_SURE)

ROUTE_NRM = "nrm"
ROUTE_DTN = "dtn"
ROUTE_UNDECIDED = ""


def treated_as_child(age_now: str) -> bool:
    """Under 18, or age uncertain: MSA s51 presumption, treated as a child until age is assessed."""
    return age_now in (UNDER_18, NOT_SURE)


@dataclass(frozen=True)
class RouteDecision:
    route: str
    reason: str
    error: tuple[str, str] | None = None  # (field, message) when the answers contradict the law


def referral_route(age_now: str, consent: str) -> RouteDecision:
    """Which record the first response ends in.

    age_now: UNDER_18, ADULT or NOT_SURE. consent: "given", "declined" or "" (not asked yet).
    A child (or a person who may be a child) is always referred to the NRM and consent is not
    asked; recording a child as declining is refused. An adult who consents is referred; an
    adult who declines gets an anonymous Duty to Notify instead.
    """
    if age_now not in AGE_ANSWERS:
        return RouteDecision(ROUTE_UNDECIDED, "Age not answered yet")
    if treated_as_child(age_now):
        if consent == "declined":
            return RouteDecision(
                ROUTE_NRM,
                "A child is always referred",
                (
                    "consent",
                    "A child is always referred to the NRM: consent is not needed and cannot be declined. "
                    "If you are not sure of their age, treat them as a child.",
                ),
            )
        return RouteDecision(ROUTE_NRM, "A child (or a person who may be a child) is always referred to the NRM")
    if consent == "given":
        return RouteDecision(ROUTE_NRM, "The adult consented to an NRM referral")
    if consent == "declined":
        return RouteDecision(ROUTE_DTN, "The adult did not consent: an anonymous Duty to Notify is made instead")
    return RouteDecision(ROUTE_UNDECIDED, "Ask the adult whether they consent to an NRM referral")


# --- Referral content and completeness (domain.md 5.3) --------------------------------------

# Fields that identify a person, alone or combined: never in a Duty to Notify for an adult who
# did not consent to police holding them.
IDENTIFYING_FIELDS: dict[str, str] = {
    "given_names": "first name",
    "family_name": "last name",
    "nickname": "nickname",
    "date_of_birth": "date of birth",
    "home_office_reference": "Home Office reference",
    "phone": "phone number",
    "email": "email address",
    "postal_address": "postal address",
}

# A narrative shorter than this rarely tells the decision maker who, what, where and when. A
# Lantern choice, not a rule of the form: the Salvation Army said thin referrals make them ring
# back (seed 001 12.13).
MIN_NARRATIVE_CHARS = 120


@dataclass(frozen=True)
class ReferralContent:
    """What the flow has gathered, in the words of the NRM form. Empty string = not answered."""

    route: str = ""
    age_now: str = ""
    under_18_at_exploitation: str = ""
    local_authority_name: str = ""
    local_authority_contact: str = ""
    consent: str = ""
    explained_nrm: bool = False
    explained_support: bool = False
    explained_outcomes: bool = False
    told_language: str = ""
    told_through: str = ""
    narrative: str = ""
    exploitation_types: tuple[str, ...] = ()
    where_exploited: str = ""
    current_location: str = ""
    exploiters: str = ""
    other_victims: str = ""
    crime_reference: str = ""
    support_needed: str = ""
    given_names: str = ""
    family_name: str = ""
    nickname: str = ""
    date_of_birth: str = ""
    age_estimate: str = ""
    sex: str = ""
    nationalities: tuple[str, ...] = ()
    interpreter_needed: str = ""
    interpreter_language: str = ""
    safe_to_contact: str = ""
    phone: str = ""
    email: str = ""
    postal_address: str = ""
    home_office_reference: str = ""
    police_cooperation: str = ""
    police_contact_consent: bool = False
    decline_reason: str = ""
    first_responder_name: str = ""
    first_responder_role: str = ""
    first_responder_phone: str = ""


@dataclass(frozen=True)
class Missing:
    field: str
    label: str
    step: str  # the question page that asks for it


def dtn_identifying_fields(content: ReferralContent) -> list[str]:
    """Names of identifying fields filled in a Duty to Notify that may not hold them.

    MSA s52: a notification about an adult must not include information that identifies them
    unless they consent. With consent to police contact, a name and contact details for police
    only are allowed (the NRM form's Duty to Notify branch)."""
    if content.police_contact_consent:
        return []
    return [name for name in IDENTIFYING_FIELDS if str(getattr(content, name)).strip()]


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list):
        return not value
    return value is None


def referral_missing(content: ReferralContent) -> list[Missing]:
    """What the decision makers need that the referral (or Duty to Notify) does not yet have,
    each named with the question page that asks it. An empty list means complete."""
    c = content
    missing: list[Missing] = []

    def need(condition: bool, field_name: str, label: str, step: str) -> None:
        if condition:
            missing.append(Missing(field_name, label, step))

    need(c.age_now not in AGE_ANSWERS, "age_now", "Whether the person is under 18 now", "age")
    need(
        _blank(c.under_18_at_exploitation),
        "under_18_at_exploitation",
        "Whether they were under 18 when exploited",
        "age",
    )
    need(_blank(c.told_language), "told_language", "The language the person was spoken to in", "communication")
    need(
        _blank(c.told_through),
        "told_through",
        "How the person was spoken to (interpreter, officer, English)",
        "communication",
    )
    need(
        len(c.narrative.strip()) < MIN_NARRATIVE_CHARS,
        "narrative",
        f"What happened, in at least {MIN_NARRATIVE_CHARS} characters: who, what, where and when",
        "account",
    )
    need(not c.exploitation_types, "exploitation_types", "The types of exploitation", "account")
    need(_blank(c.where_exploited), "where_exploited", "Where the person was exploited", "account")
    need(
        _blank(c.police_cooperation),
        "police_cooperation",
        "Whether the person will co-operate with the police",
        "account",
    )

    if c.route == ROUTE_DTN:
        need(c.consent != "declined", "consent", "The adult's decision not to be referred", "consent")
        need(
            not (c.explained_nrm and c.explained_support and c.explained_outcomes),
            "explained",
            "That the NRM, its support and its possible outcomes were explained",
            "explain",
        )
        return missing

    child = treated_as_child(c.age_now)
    if child:
        need(
            _blank(c.local_authority_name),
            "local_authority_name",
            "The local authority contacted about the child",
            "local-authority",
        )
        need(
            _blank(c.local_authority_contact),
            "local_authority_contact",
            "A phone number or email for the local authority",
            "local-authority",
        )
    else:
        need(c.consent != "given", "consent", "The adult's consent to the referral", "consent")
        need(
            not (c.explained_nrm and c.explained_support and c.explained_outcomes),
            "explained",
            "That the NRM, its support and its possible outcomes were explained",
            "explain",
        )
        need(
            _blank(c.support_needed),
            "support_needed",
            "Whether the person needs support (the victim care contract)",
            "account",
        )
    need(_blank(c.current_location), "current_location", "The person's current town or region", "account")
    need(_blank(c.exploiters), "exploiters", "Who exploited the person (or that it is not known)", "account")
    need(_blank(c.other_victims), "other_victims", "Whether there are other potential victims", "account")
    need(_blank(c.crime_reference), "crime_reference", "The crime reference number", "account")
    need(_blank(c.given_names) and _blank(c.nickname), "given_names", "A first name or nickname", "identity")
    need(
        _blank(c.date_of_birth) and _blank(c.age_estimate),
        "date_of_birth",
        "A date of birth or an estimated age",
        "identity",
    )
    need(_blank(c.sex), "sex", "The person's gender", "identity")
    need(not c.nationalities, "nationalities", "Nationality", "identity")
    need(_blank(c.interpreter_needed), "interpreter_needed", "Whether an interpreter is needed", "identity")
    need(
        c.interpreter_needed == "yes" and _blank(c.interpreter_language),
        "interpreter_language",
        "The language for the interpreter",
        "identity",
    )
    need(_blank(c.safe_to_contact), "safe_to_contact", "Whether it is safe to contact the person", "contact")
    need(
        c.safe_to_contact == "yes" and _blank(c.phone) and _blank(c.email) and _blank(c.postal_address),
        "phone",
        "A safe phone number, email or postal address",
        "contact",
    )
    need(
        _blank(c.first_responder_phone),
        "first_responder_phone",
        "Your phone number (add it to your account) so the decision maker can reach you",
        "check",
    )
    return missing


# --- Recovery period (domain.md 0 C18-C20, 5.2) ---------------------------------------------


@cache
def _periods_from_file() -> dict[str, Any]:
    with (DATA_DIR / "nrm_periods.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def nrm_periods() -> dict[str, Any]:
    """The period lengths: settings.LANTERN_NRM_PERIODS if set, else data/nrm_periods.json."""
    override = getattr(settings, "LANTERN_NRM_PERIODS", None)
    return override if override else _periods_from_file()


@dataclass(frozen=True)
class RecoveryPeriod:
    starts_on: date
    minimum_end: date
    ends_on: date | None  # None while it runs until a conclusive grounds decision not yet made
    days: int
    basis: str


def recovery_period(
    rg_positive_on: date, cg_decided_on: date | None = None, periods: Mapping[str, Any] | None = None
) -> RecoveryPeriod:
    """The recovery period after a positive reasonable grounds decision made on rg_positive_on.

    The row in force on the decision date gives the length; under the older rule the period
    lasts at least that long or until the conclusive grounds decision, whichever is later."""
    rows = sorted((periods or nrm_periods())["recovery_period"], key=lambda row: row["from"])
    applicable = [row for row in rows if date.fromisoformat(row["from"]) <= rg_positive_on] or rows[:1]
    row = applicable[-1]
    days = int(row["days"])
    minimum_end = rg_positive_on + timedelta(days=days)
    if row.get("until_conclusive_grounds"):
        ends_on = None if cg_decided_on is None else max(minimum_end, cg_decided_on)
    else:
        ends_on = minimum_end
    return RecoveryPeriod(rg_positive_on, minimum_end, ends_on, days, str(row.get("tag", "")))


# --- Interpreters (F6) -----------------------------------------------------------------------

FIRST = "first"
FLUENT = "fluent"
SOME = "some"
LITTLE = "little"
SPEAKS_WELL = (FIRST, FLUENT)


@dataclass(frozen=True)
class Speaks:
    language: str
    level: str
    dialect: str = ""


@dataclass(frozen=True)
class InterpreterOffer:
    id: int | None
    name: str
    sex: str
    languages: Mapping[str, Sequence[str]]  # code -> dialects offered (empty: not specified)
    active: bool = True
    vetted_until: date | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    blocking: bool = False  # True: the booking cannot be confirmed at all


def _dialect(value: str) -> str:
    return " ".join((value or "").casefold().split())


def _confusion_note(a: str, b: str) -> str:
    note = languages.CONFUSED_WITH.get(frozenset({a, b}))
    return f" {note}" if note else ""


def check_interpreter_booking(
    speaks: Sequence[Speaks],
    language: str,
    dialect: str,
    interpreter: InterpreterOffer | None,
    *,
    on: date,
    sex_preference: str = "",
    same_interpreter_preferred: bool = False,
    previous_interpreter_ids: Sequence[int] = (),
) -> list[Finding]:
    """What is wrong with booking `interpreter` in `language` (and `dialect`) for a person who
    speaks `speaks`. An empty list means the booking matches. Non-blocking findings may be
    accepted with a recorded reason; blocking ones cannot.

    Two languages match only when their canonical codes are equal: a related or neighbouring
    language (Russian for a Latvian speaker, Amharic for a Tigrinya speaker, Farsi for a Dari
    speaker, Serbian for a Croatian speaker, Kurmanji for a Sorani speaker) is a mismatch.
    A group code (Kurdish, Chinese, Serbo-Croatian) never matches: the particular language
    must be named.
    """
    findings: list[Finding] = []
    booked = languages.resolve(language, dialect)
    booked_name = languages.name_of(booked)
    if not booked:
        return [Finding("no_language", "Choose the language of the interpreting.", blocking=True)]
    if languages.is_group(booked):
        findings.append(
            Finding(
                "group_language",
                f"{booked_name}: name the particular language, because its varieties are different "
                "languages for interpreting.",
                blocking=True,
            )
        )

    spoken = {languages.resolve(s.language, s.dialect): s for s in speaks}
    first = [code for code, s in spoken.items() if s.level == FIRST]
    if not spoken:
        findings.append(
            Finding(
                "no_languages_recorded",
                "The person's languages are not recorded: ask which languages they speak, and how "
                "well, before booking.",
            )
        )
    elif booked not in spoken:
        said = ", ".join(f"{languages.name_of(code)} ({s.level})" for code, s in spoken.items())
        nearest = next((_confusion_note(booked, code) for code in spoken if _confusion_note(booked, code)), "")
        findings.append(
            Finding("not_spoken", f"The person has not said they speak {booked_name}. They said: {said}.{nearest}")
        )
    else:
        skill = spoken[booked]
        if skill.level not in SPEAKS_WELL:
            level = "only some" if skill.level == SOME else "very little"
            findings.append(
                Finding(
                    "not_spoken_well",
                    f"The person speaks {level} {booked_name}: they may not be able to give their "
                    f"account in it.{next((_confusion_note(booked, c) for c in first), '')}",
                )
            )
        elif booked not in first and first:
            names = ", ".join(languages.name_of(code) for code in first)
            findings.append(
                Finding(
                    "not_first_language",
                    f"{booked_name} is not the person's first language ({names}): their first "
                    "language is preferred, especially for an account or interview.",
                )
            )
        if skill.dialect and dialect and _dialect(skill.dialect) != _dialect(dialect):
            findings.append(
                Finding(
                    "dialect_differs",
                    f"The person speaks the {skill.dialect} dialect of {booked_name}; the booking is for {dialect}.",
                )
            )

    if interpreter is not None:
        offered = {
            languages.canonical(code): [_dialect(d) for d in dialects]
            for code, dialects in interpreter.languages.items()
        }
        if not interpreter.active:
            findings.append(
                Finding("interpreter_inactive", f"{interpreter.name} is no longer on the register.", blocking=True)
            )
        if booked not in offered:
            findings.append(
                Finding(
                    "interpreter_language", f"{interpreter.name} is not registered for {booked_name}.", blocking=True
                )
            )
        else:
            wanted = _dialect(dialect) or _dialect(spoken[booked].dialect if booked in spoken else "")
            if wanted and offered[booked] and wanted not in offered[booked]:
                findings.append(
                    Finding(
                        "interpreter_dialect",
                        f"{interpreter.name} is not registered for the {wanted} dialect of {booked_name}.",
                    )
                )
        if interpreter.vetted_until is None or interpreter.vetted_until < on:
            findings.append(
                Finding(
                    "interpreter_vetting", f"{interpreter.name}'s vetting is not current on the date of the booking."
                )
            )
        if sex_preference and interpreter.sex != sex_preference:
            findings.append(
                Finding(
                    "sex_preference", f"The person asked for a {sex_preference} interpreter; {interpreter.name} is not."
                )
            )
        if same_interpreter_preferred and previous_interpreter_ids and interpreter.id not in previous_interpreter_ids:
            findings.append(
                Finding(
                    "same_interpreter", "The person asked for the same interpreter as before; this is a different one."
                )
            )
    return findings


# --- Section 45 (domain.md 4.3) --------------------------------------------------------------

TEST_ADULT = "adult"
TEST_UNDER_18 = "under_18"

S45_ELEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    TEST_ADULT: (
        (
            "compelled",
            "Did the person do the act because they were compelled to do it (by a person or by circumstances)?",
        ),
        (
            "attributable",
            "Is the compulsion attributable to slavery or relevant exploitation (part of it, or a "
            "direct consequence of being or having been a victim)?",
        ),
        (
            "no_realistic_alternative",
            "Would a reasonable person in the same situation, with the person's relevant "
            "characteristics (age, sex, any physical or mental illness or disability), "
            "have no realistic alternative to doing the act?",
        ),
    ),
    TEST_UNDER_18: (
        (
            "direct_consequence",
            "Did the person do the act as a direct consequence of being, or having been, a victim "
            "of slavery or relevant exploitation?",
        ),
        (
            "reasonable_person_would_do",
            "Would a reasonable person in the same situation, with the person's relevant "
            "characteristics (including their age), do that act?",
        ),
    ),
}
ANSWERS = ("yes", "no", "unclear")

MAY_APPLY = "may_apply"
DOES_NOT_APPLY = "does_not_apply"
EXCLUDED = "excluded_schedule_4"
MORE_INFORMATION = "more_information_needed"
CONCLUSIONS = {
    MAY_APPLY: "The defence may apply: do not charge without CPS advice on section 45",
    DOES_NOT_APPLY: "The defence does not appear to apply on the evidence",
    EXCLUDED: "The offence is in Schedule 4: the defence is not available",
    MORE_INFORMATION: "More information is needed before a charging decision",
}


def age_on(date_of_birth: date, on: date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def s45_test(age_at_offence: int) -> str:
    """The adult test (s45(1)) from 18 at the time of the act; the under-18 test (s45(4)) before."""
    return TEST_ADULT if age_at_offence >= 18 else TEST_UNDER_18


@cache
def schedule4() -> dict[str, dict[str, str]]:
    """Schedule 4 offences by code, from data/schedule4.json."""
    with (DATA_DIR / "schedule4.json").open(encoding="utf-8") as handle:
        rows = json.load(handle)["offences"]
    return {row["code"]: row for row in rows}


@dataclass(frozen=True)
class S45Assessment:
    test: str
    excluded: bool
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    suggested: str = ""


def assess_section45(
    age_at_offence: int | None,
    schedule4_code: str,
    schedule4_checked: bool,
    elements: Mapping[str, Mapping[str, str]],
    conclusion: str,
) -> S45Assessment:
    """Check a section 45 consideration: which test, whether Schedule 4 excludes the defence,
    that each element of the test has an answer and the evidence for it, and that the
    conclusion follows from the answers. Problems are (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    if age_at_offence is None:
        return S45Assessment(
            "",
            False,
            [("age_at_offence", "Enter the person's age at the time of the offence: it decides which test applies.")],
        )
    if not 0 <= age_at_offence <= 120:
        return S45Assessment("", False, [("age_at_offence", "Enter an age between 0 and 120.")])
    test = s45_test(age_at_offence)
    if not schedule4_checked:
        problems.append(("schedule4_code", "Check the offence against the Schedule 4 list."))
    if schedule4_code and schedule4_code not in schedule4():
        problems.append(("schedule4_code", "Choose an offence from the Schedule 4 list, or say it is not listed."))
    excluded = bool(schedule4_code) and schedule4_code in schedule4()
    answers = {}
    for code, question in S45_ELEMENTS[test]:
        entry = elements.get(code) or {}
        answer = (entry.get("answer") or "").strip()
        evidence = (entry.get("evidence") or "").strip()
        answers[code] = answer
        if excluded:
            continue
        if answer not in ANSWERS:
            problems.append((f"{code}_answer", f"Answer: {question}"))
        elif not evidence:
            problems.append((f"{code}_evidence", "Give the evidence for this answer."))
    if excluded:
        suggested = EXCLUDED
    elif any(a == "no" for a in answers.values()):
        suggested = DOES_NOT_APPLY
    elif all(a == "yes" for a in answers.values()):
        suggested = MAY_APPLY
    else:
        suggested = MORE_INFORMATION
    if conclusion not in CONCLUSIONS:
        problems.append(("conclusion", "Choose a conclusion."))
    elif conclusion == EXCLUDED and not excluded:
        problems.append(
            ("conclusion", "The offence is not one of the Schedule 4 offences, so it does not exclude the defence.")
        )
    elif excluded and conclusion != EXCLUDED:
        problems.append(("conclusion", "The offence is in Schedule 4, so the defence is not available."))
    elif conclusion == MAY_APPLY and suggested != MAY_APPLY:
        problems.append(
            ("conclusion", "The defence can only be concluded to apply when every element is answered yes.")
        )
    elif conclusion == DOES_NOT_APPLY and suggested not in (DOES_NOT_APPLY,):
        problems.append(
            (
                "conclusion",
                "To conclude the defence does not apply, at least one element must be answered no, with the evidence.",
            )
        )
    return S45Assessment(test, excluded, problems, suggested)


def needs_section45(party_roles: Iterable[str], has_exploitation_indicators: bool, has_nrm_or_dtn: bool) -> bool:
    """A suspect who may also be a victim: marked victim-suspect, or a suspect with recorded
    indicators of exploitation, or the subject of an NRM referral or Duty to Notify."""
    roles = set(party_roles)
    if "victim_suspect" in roles:
        return True
    return "suspect" in roles and (has_exploitation_indicators or has_nrm_or_dtn)


def charge_refusal(needs_s45: bool, reviewed_considerations: int) -> str:
    """Why a charge may not be recorded, or "" if it may."""
    if needs_s45 and reviewed_considerations == 0:
        return (
            "This person may be a victim of modern slavery. Record a section 45 consideration and have it "
            "reviewed by a supervisor before any charge."
        )
    return ""


# --- Immigration information sharing (F7) ----------------------------------------------------


def sharing_concerns(subject_role: str, purpose: str, victim_told: str, not_told_reason: str) -> list[str]:
    """What a supervisor should weigh before approving a sharing with the Home Office (NPCC
    guidance as summarised in seed 001 12.16; LSBS recommendations, Annex G)."""
    concerns = []
    if purpose == "status_concern_only":
        concerns.append(
            "Sharing on doubts about immigration status alone is what deters victims from reporting: "
            "consider a referral to an advice organisation instead."
        )
    if subject_role in ("victim", "victim_suspect", "witness") and victim_told != "yes":
        if not not_told_reason.strip():
            concerns.append(
                "The guidance says the person should be told their information will be passed on: record "
                "when they were told, or why not."
            )
    return concerns


def status_change_alerts(kind: str, open_case_roles: Iterable[str]) -> bool:
    """A change of immigration status that threatens a victim's or witness's place in an open
    case (leave refused, detention, removal) alerts the officer in charge."""
    return kind in ("leave_refused", "detained", "removal_directions") and bool(
        set(open_case_roles) & {"victim", "witness", "victim_suspect"}
    )


# --- Protected values in free text (F9) ------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-().]+(?=\d)")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProtectedValue:
    id: int
    kind: str  # "address", "phone", "email" or "other"
    value: str
    label: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " " + " ".join(_NON_ALNUM.sub(" ", text).split()) + " "


def _digits(text: str) -> str:
    joined = _BETWEEN_DIGITS.sub("", text or "")
    joined = re.sub(r"(?:\+|00)44\s*(?:\(0\))?", "0", joined)
    return joined


def _phone_key(value: str) -> str:
    return re.sub(r"\D", "", _digits(value))


def _needles(item: ProtectedValue) -> list[str]:
    """The pieces of a protected value that must not appear: the whole value, and for an
    address each line with a house number and its postcode."""
    value = item.value.strip()
    if not value:
        return []
    if item.kind == "phone":
        return []  # matched on digits, below
    needles = [_fold(value).strip()]
    if item.kind in ("address", "other"):
        for line in re.split(r"[,\n;]+", value):
            folded = _fold(line).strip()
            if re.search(r"\d", folded) and len(folded.split()) >= 2:
                needles.append(folded)
        for outward, inward in _POSTCODE.findall(value):
            needles.append(f"{outward}{inward}".casefold())
            needles.append(f"{outward} {inward}".casefold())
    return [n for n in dict.fromkeys(needles) if len(n) >= 4]


def find_protected_values(text: str, values: Sequence[ProtectedValue]) -> list[ProtectedValue]:
    """The protected values (or an identifying part of one) found in text. Matching ignores
    case, accents, punctuation and spacing; phone numbers match on their digits (+44 as 0)."""
    if not text or not values:
        return []
    folded = _fold(text)
    squashed = folded.replace(" ", "")
    digits = re.sub(r"[^\d]", " ", _digits(text))
    found: list[ProtectedValue] = []
    for item in values:
        hit = False
        if item.kind == "phone":
            key = _phone_key(item.value)
            hit = len(key) >= 6 and any(key in run for run in digits.split())
        elif item.kind == "email":
            hit = item.value.strip().casefold() in text.casefold()
        else:
            for needle in _needles(item):
                if " " in needle or not needle.isalnum():
                    hit = f" {needle} " in folded or (needle.replace(" ", "") in squashed and len(needle) >= 6)
                else:
                    hit = needle in squashed
                if hit:
                    break
        if hit:
            found.append(item)
    return found


def redact(text: str, values: Sequence[ProtectedValue], marker: str = "[protected detail removed]") -> str:
    """Text with every protected value (and identifying part) replaced by the marker. Works on
    the original text with a tolerant pattern per needle, so the rest of the text is unchanged."""
    result = text
    for item in values:
        if item.kind == "phone":
            key = _phone_key(item.value)
            if len(key) < 6:
                continue
            national = key[1:] if key.startswith("0") else key
            pattern = r"(?:(?:\+|00)44\s*(?:\(0\))?\s*|0)" + r"[\s\-().]*".join(re.escape(d) for d in national)
            result = re.sub(pattern, marker, result)
            continue
        if item.kind == "email":
            result = re.sub(re.escape(item.value.strip()), marker, result, flags=re.IGNORECASE)
            continue
        for needle in sorted(_needles(item), key=len, reverse=True):
            words = [w for w in re.split(r"\s+", needle) if w]
            if len(words) == 1 and _POSTCODE.fullmatch(needle.upper()):
                m = _POSTCODE.fullmatch(needle.upper())
                assert m is not None  # noqa: S101 - fullmatch just succeeded
                pattern = re.escape(m.group(1)) + r"\s*" + re.escape(m.group(2))
            else:
                pattern = r"[\W_]*".join(re.escape(w) for w in words)
            result = re.sub(pattern, marker, result, flags=re.IGNORECASE)
    return result
