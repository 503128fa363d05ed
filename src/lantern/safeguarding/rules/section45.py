"""Section 45 (domain.md 4.3): which test by age at the offence, Schedule 4 exclusions (data),
each element answered with evidence, a conclusion that follows, and the charge gate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from lantern.safeguarding.rules.paths import DATA_DIR

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


def assess_section45(  # noqa: C901 - one branch per element of the statutory test; to split (issue 8 item 5)
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
