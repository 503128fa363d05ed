"""Builders for the decisions tests: a case whose closure gate is satisfied, a decision taken
through sign-off and letters, and the case closed, each step through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from lantern.cases.models import Case, Offence
from lantern.cases.services import add_offence
from lantern.core.models import User
from lantern.decisions import rules, services
from lantern.decisions.models import Decision
from lantern.people.models import Person

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def today() -> dt.date:
    return timezone.now().astimezone(LONDON).date()


def answer_checklist(officer: User, case: Case, *, skip: tuple[str, ...] = ()) -> None:
    """Every line of enquiry answered (not possible, with a reason), except those in `skip` and
    those done by their own record (interview, CPS advice), answered here as not applicable."""
    for item in rules.ENQUIRY_ITEMS:
        if item.code in skip:
            continue
        answer = rules.NOT_POSSIBLE if item.code not in rules.DONE_BY_RECORD else rules.NOT_APPLICABLE
        services.answer_enquiry(officer, case, item.code, answer, "Checked with the intelligence unit: nothing.")


def account_taken(officer: User, case: Case, victim: Person) -> None:
    services.record_account(officer, case, services.NewAccount(victim, True, taken_on=today(), method="abe_interview"))


def credibility_not_a_factor(officer: User, case: Case, victim: Person) -> None:
    services.record_credibility(officer, case, victim, False, [], "")


def interview(officer: User, case: Case, suspect: Person, *, caution: bool = True) -> None:
    services.record_interview(
        officer, case, services.NewInterview(suspect, today(), caution, "voluntary", "Denied the allegation")
    )


def ready_evidence(officer: User, case: Case, victims: list[Person]) -> None:
    answer_checklist(officer, case)
    for victim in victims:
        account_taken(officer, case, victim)
        credibility_not_a_factor(officer, case, victim)


def offence(officer: User, case: Case) -> Offence:
    return add_offence(officer, case, Offence.Legislation.MSA_S1, "Forced labour at a car wash")


def close_decision(
    officer: User,
    case: Case,
    code: str,
    *,
    offence_obj: Offence | None = None,
    suspect: Person | None = None,
    **extra: object,
) -> services.DecisionIn:
    line = rules.LineIn(code, offence_obj.pk if offence_obj else None, suspect.pk if suspect else None)
    values: dict[str, object] = {
        "kind": Decision.Kind.CLOSE,
        "lines": (line,),
        "decided_on": today(),
        "reasons": "The only evidence is your account, and the suspect denies it. We could not find other "
        "evidence that supports it.",
        "what_was_done": "We visited the car wash twice.",
        "reopen_if": "A witness who saw the work, or records of payments, would make us look again.",
    }
    values.update(extra)
    return services.DecisionIn(**values)  # type: ignore[arg-type]


def take_to_close(officer: User, supervisor: User, case: Case, data: services.DecisionIn) -> Decision:
    """Propose, sign off, make the letters and close."""
    decision = services.propose(officer, case, data)
    services.sign_off(supervisor, decision, agreed=True, note="")
    decision.refresh_from_db()
    services.make_letters(officer, decision)
    return services.close_case(officer, decision)
