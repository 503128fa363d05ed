"""The portal's rules: pure functions, the clock passed in."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SHARE_FIELDS = ("share_officer", "share_update_dates", "share_decisions", "share_next_update")
INTERPRETER = "orally_interpreter"
GIVEN_HOW = ("in_writing", "orally", INTERPRETER)


@dataclass(frozen=True)
class ConsentInput:
    organisation_id: int | None
    advocate_organisation_id: int | None
    advocate_is_advocate: bool
    given_at: dt.datetime | None
    valid_until: dt.datetime | None
    given_how: str
    interpreter_language: str
    shares: tuple[bool, bool, bool, bool]


NO_ORGANISATION = "Choose the organisation the victim consents to share with: a consent names one."


def consent_problems(data: ConsentInput, now: dt.datetime) -> dict[str, str]:
    """What is wrong with a consent, by field: the first problem of each field."""
    problems: dict[str, str] = {}
    if data.organisation_id is None:
        problems["organisation"] = NO_ORGANISATION
    if not data.advocate_is_advocate:
        problems["advocate"] = "Choose an advocate: only an advocate can be given a victim's consent."
    elif data.organisation_id is not None and data.advocate_organisation_id != data.organisation_id:
        problems["advocate"] = "That advocate does not work for the organisation named in the consent."
    if data.given_how not in GIVEN_HOW:
        problems["given_how"] = "Say how the victim gave consent: in writing, orally, or orally through an interpreter."
    elif data.given_how == INTERPRETER and not data.interpreter_language.strip():
        problems["interpreter_language"] = "Say in which language the interpreter worked."
    if data.given_at is None:
        problems["given_at"] = "Enter the date the victim gave consent."
    elif data.given_at > now:
        problems["given_at"] = "Consent is recorded once it is given: the date cannot be in the future."
    if data.valid_until is not None:
        if data.given_at is not None and data.valid_until <= data.given_at:
            problems["valid_until"] = "The end of the consent must be after its start."
        elif data.valid_until <= now:
            problems["valid_until"] = "The end of the consent must be in the future."
    if not any(data.shares):
        problems["shares"] = "Choose at least one thing the victim agrees may be shared."
    return problems


def consent_stands(
    given_at: dt.datetime | None, withdrawn_at: dt.datetime | None, valid_until: dt.datetime | None, now: dt.datetime
) -> bool:
    """The same test as AdvocateAssignment.objects.standing(), for one row in memory."""
    return given_at is not None and withdrawn_at is None and (valid_until is None or valid_until > now)


# --- The victim's invitation -----------------------------------------------------------------


def should_lock(failed_attempts: int, limit: int) -> bool:
    return failed_attempts >= limit


def rate_limited(recent_tries: int, limit: int) -> bool:
    return recent_tries >= limit


# --- Update requests: how fast they were answered ---------------------------------------------


@dataclass(frozen=True)
class RequestTimes:
    count: int
    answered: int
    open: int
    overdue: int
    median_days_to_answer: float | None


def request_times(rows: Iterable[tuple[dt.datetime, dt.datetime | None, dt.date]], today: dt.date) -> RequestTimes:
    """From (requested_at, answered_at or None, due_on): how many, how many answered, how many
    still open and overdue, and the median calendar days to answer."""
    count = answered = open_ = overdue = 0
    days: list[float] = []
    for requested_at, answered_at, due_on in rows:
        count += 1
        if answered_at is None:
            open_ += 1
            overdue += due_on < today
        else:
            answered += 1
            days.append((answered_at - requested_at).total_seconds() / 86400)
    median = round(statistics.median(days), 1) if days else None
    return RequestTimes(count, answered, open_, overdue, median)


# --- Feedback ---------------------------------------------------------------------------------

QUESTIONS = ("kept_informed", "listened_to", "believed", "respected", "would_report_again")


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    answered: int | None  # None: suppressed
    agreed_share: float | None  # share answering 4 or 5


def summarise(answers: Mapping[str, Sequence[int]], min_count: int) -> list[QuestionSummary]:
    """Per question: how many answered and the share who agreed (4 or 5 of 5), suppressed (None)
    when fewer than `min_count` answered: a small number could identify a victim."""
    out = []
    for question in QUESTIONS:
        values = [v for v in answers.get(question, ()) if v]
        if len(values) < min_count:
            out.append(QuestionSummary(question, None, None))
        else:
            out.append(QuestionSummary(question, len(values), round(sum(v >= 4 for v in values) / len(values), 2)))
    return out


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)
