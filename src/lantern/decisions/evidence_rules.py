"""The rules of the evidence a closing decision rests on: pure functions, no I/O.

The enquiry checklist fitted to modern slavery and what counts as an answer; why a victim's account
was not taken and which reasons need a supervisor's agreement; credibility and the effects of trauma.
Every name here is importable from lantern.decisions.rules as well, which the closure gate uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# --- The enquiry checklist ----------------------------------------------------------------------


@dataclass(frozen=True)
class EnquiryItem:
    code: str
    question: str
    hint: str
    done_in_letter: str  # how the letter tells the victim this was done


ENQUIRY_ITEMS: tuple[EnquiryItem, ...] = (
    EnquiryItem(
        "suspect_interviewed",
        "Was the suspect interviewed?",
        "Under caution, after arrest or by voluntary interview. Record each interview: it decides whether "
        "the victim can ask for a review.",
        "we interviewed the suspect",
    ),
    EnquiryItem(
        "victims_witnesses_sought",
        "Were other potential victims and witnesses looked for?",
        "Others at the workplace or address, co-workers, neighbours, people named in the victim's account.",
        "we looked for other people who may have been exploited, and for witnesses",
    ),
    EnquiryItem(
        "premises_business",
        "Were the premises and the business checked?",
        "Workplace and accommodation visited; business, employment and licensing records (GLAA, HMRC, "
        "Companies House, the local authority).",
        "we checked the places and the business involved",
    ),
    EnquiryItem(
        "financial",
        "Were financial enquiries made?",
        "Bank accounts, wages, debts, money transfers; a financial investigator's advice.",
        "we looked at money: bank accounts, wages and payments",
    ),
    EnquiryItem(
        "digital",
        "Was phone and digital evidence sought?",
        "Phones, messages, social media, online adverts, cell site and call data.",
        "we looked for evidence on phones and online",
    ),
    EnquiryItem(
        "cctv_vehicle",
        "Were CCTV and vehicles checked?",
        "CCTV, ANPR, vehicles used to move or house people.",
        "we looked for CCTV and checked vehicles",
    ),
    EnquiryItem(
        "international",
        "Were international enquiries made?",
        "Through the NCA, Interpol or Europol, liaison officers, the authorities of the country of origin.",
        "we made enquiries abroad",
    ),
    EnquiryItem(
        "intelligence",
        "Were intelligence checks made?",
        "PNC, PND, local intelligence, other NRM referrals and Duty to Notify reports, partner agencies.",
        "we checked police and partner intelligence",
    ),
    EnquiryItem(
        "cps_early_advice",
        "Was CPS early investigative advice sought?",
        "Record the request under CPS referrals; answer here only if it was not sought, and why.",
        "we asked the Crown Prosecution Service for advice",
    ),
)
ENQUIRY_BY_CODE: dict[str, EnquiryItem] = {item.code: item for item in ENQUIRY_ITEMS}

DONE, NOT_APPLICABLE, NOT_POSSIBLE = "done", "not_applicable", "not_possible"
ANSWERS: dict[str, str] = {DONE: "Done", NOT_APPLICABLE: "Not applicable", NOT_POSSIBLE: "Not possible"}
# Items answered "done" by a structured record rather than by a tick.
DONE_BY_RECORD: dict[str, str] = {
    "suspect_interviewed": "Record the interview under caution (who and when) instead: it decides whether the "
    "victim can ask for a review.",
    "cps_early_advice": "Record the request for early advice under CPS referrals instead, with its date.",
}


def answer_problems(item: str, answer: str, note: str) -> dict[str, str]:
    """What is wrong with one answer to the checklist, by field (empty if nothing)."""
    if item not in ENQUIRY_BY_CODE:
        return {"item": "Choose a line of enquiry from the checklist."}
    if answer not in ANSWERS:
        return {"answer": "Choose done, not applicable or not possible."}
    if answer == DONE and item in DONE_BY_RECORD:
        return {"answer": DONE_BY_RECORD[item]}
    if not note.strip():
        if answer == DONE:
            return {"note": "Say what was done and what it found."}
        return {"note": "Say why: an answer of not applicable or not possible needs a reason."}
    return {}


# --- The victim's account -------------------------------------------------------------------------


@dataclass(frozen=True)
class NotTakenReason:
    label: str
    spoken_to: bool  # False: the victim was not spoken to, which needs a supervisor's agreement


NOT_TAKEN_REASONS: dict[str, NotTakenReason] = {
    "declined": NotTakenReason("The victim was spoken to and chose not to give an account", True),
    "not_ready": NotTakenReason("The victim was spoken to and is not ready to give an account", True),
    "not_traced": NotTakenReason("The victim could not be found or contacted", False),
    "left_uk": NotTakenReason("The victim has left the UK and could not be reached", False),
    "not_spoken_to": NotTakenReason("The victim was not spoken to for another reason", False),
}

ACCOUNT_METHODS: dict[str, str] = {
    "abe_interview": "Achieving Best Evidence (video) interview",
    "written_statement": "Written statement",
    "first_account": "First account to an officer, recorded",
    "through_intermediary": "Through a registered intermediary",
}


def needs_supervisor_agreement(reason: str) -> bool:
    """Whether a reason for not taking the account means the victim was not spoken to."""
    found = NOT_TAKEN_REASONS.get(reason)
    return found is None or not found.spoken_to


def account_problems(
    taken: bool,
    taken_on: dt.date | None,
    method: str,
    reason: str,
    reason_text: str,
    reported_on: dt.date,
    today: dt.date,
) -> dict[str, str]:
    """What is wrong with a record of the victim's account, by field."""
    if taken:
        if taken_on is None:
            return {"taken_on": "Enter the date the account was taken."}
        if taken_on > today:
            return {"taken_on": "The date the account was taken cannot be in the future."}
        if taken_on < reported_on:
            return {"taken_on": "The date the account was taken cannot be before the crime was reported."}
        if method not in ACCOUNT_METHODS:
            return {"method": "Choose how the account was taken."}
        return {}
    if reason not in NOT_TAKEN_REASONS:
        return {"reason": "Choose why the account was not taken."}
    if not reason_text.strip():
        return {"reason_text": "Explain why the account was not taken, and what was tried."}
    return {}


# --- Credibility and trauma -------------------------------------------------------------------------

TRAUMA_FACTORS: dict[str, str] = {
    "delayed_disclosure": "Late or partial disclosure",
    "inconsistency": "Inconsistent accounts or changes in detail",
    "memory": "Gaps in memory, confusion about dates and order of events",
    "presentation": "Flat, calm or hostile presentation",
    "fear": "Fear of the exploiters, of the police or of immigration action",
    "loyalty_debt": "Loyalty to the exploiter, debt bondage, or not seeing themselves as a victim",
    "language_culture": "Language, interpretation and cultural differences",
    "health": "Mental health, substance use or learning difficulties",
}


def credibility_problems(a_factor: bool, factors: Iterable[str], how_considered: str) -> dict[str, str]:
    """A judgment about a victim's credibility must record how the effects of trauma were
    considered: the signs of trauma looked at, and in the officer's words how."""
    chosen = list(factors)
    unknown = [f for f in chosen if f not in TRAUMA_FACTORS]
    if unknown:
        return {"trauma_factors": "Choose from the effects of trauma listed."}
    if not a_factor:
        return {}
    if not chosen:
        return {
            "trauma_factors": "Credibility was a factor: say which effects of trauma were considered "
            "(for example late disclosure or inconsistent accounts)."
        }
    if len(how_considered.strip()) < 20:
        return {
            "how_considered": "Credibility was a factor: explain how the effects of trauma on the victim were "
            "considered before judging their credibility."
        }
    return {}
