"""The rules of the Victims' Right to Review and of new information on a closed case: pure
functions, no I/O, the clock passed in.

Source: shared/reference/domain.md section 2 (the police scheme as the NPCC guidelines describe it,
forces' pages S9-S12, S35; the CPS scheme S37) and clocks C12-C14 of section 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lantern.core.roles import Capability, role_has
from lantern.decisions.rules import Officer, OutcomeCodeRow, rank_level

# --- Who may review --------------------------------------------------------------------------------


def reviewer_problems(
    reviewer: Officer, case_force_id: int, decision_makers: Sequence[Officer], involved_ids: Iterable[int]
) -> list[str]:
    """A review under the Victims' Right to Review is done by an officer of the force at least one
    rank above the decision maker (the officer who decided and the supervisor who signed it off),
    who took no part in the investigation."""
    problems = []
    level = rank_level(reviewer.rank)
    police = role_has(reviewer.role, Capability.POLICES_FORCE_CASES)
    if not reviewer.active or reviewer.force_id != case_force_id or not police:
        problems.append("The reviewer must be a police officer of the force holding the case.")
    if level is None:
        problems.append("The reviewer must hold a police rank (police staff cannot review a decision).")
    else:
        for maker in decision_makers:
            maker_level = rank_level(maker.rank) or 0
            if level <= maker_level:
                problems.append(
                    f"The reviewer must be at least one rank above the decision maker ({maker.rank or 'no rank'})."
                )
                break
    if reviewer.id in set(involved_ids) or reviewer.id in {m.id for m in decision_makers}:
        problems.append(
            "The reviewer took part in the investigation or the decision: choose someone independent of it."
        )
    return problems


# --- The Victims' Right to Review ------------------------------------------------------------------

POLICE_VRR_FROM = dt.date(2015, 4, 1)
CPS_VRR_FROM = dt.date(2013, 6, 5)
POLICE_SCHEME, CPS_SCHEME, NO_SCHEME = "police", "cps", "none"


@dataclass(frozen=True)
class ReviewLine:
    code: OutcomeCodeRow
    suspect_interviewed_under_caution: bool


@dataclass(frozen=True)
class ReviewFacts:
    decided_on: dt.date
    decided_by_cps: bool
    lines: tuple[ReviewLine, ...]
    some_suspects_charged: bool = False
    offences_notifiable: bool = True


@dataclass(frozen=True)
class Eligibility:
    scheme: str  # police, cps or none
    reasons: tuple[str, ...]  # in plain words, for the letter and the page

    @property
    def eligible(self) -> bool:
        return self.scheme != NO_SCHEME


def review_eligibility(facts: ReviewFacts) -> Eligibility:
    """Which review scheme a decision gives the victim (domain.md section 2), from structured facts.

    The police scheme: a police decision on or after 1 April 2015, on a notifiable offence, not to
    bring proceedings against a suspect who was interviewed under caution, where no suspect was
    charged and the decision was not an out-of-court disposal nor taken because the victim withdrew
    support. Where the CPS decided, the CPS scheme applies instead (decisions from 5 June 2013)."""
    not_charged = [line for line in facts.lines if not line.code.charge]
    charged = facts.some_suspects_charged or any(line.code.charge for line in facts.lines)
    if facts.decided_by_cps:
        if facts.decided_on < CPS_VRR_FROM:
            return Eligibility(NO_SCHEME, ("The CPS review scheme covers decisions from 5 June 2013.",))
        if charged or not not_charged:
            return Eligibility(
                NO_SCHEME, ("A suspect was charged, so there is no decision not to prosecute to review.",)
            )
        return Eligibility(
            CPS_SCHEME, ("The Crown Prosecution Service made the decision, so you can ask the CPS to review it.",)
        )
    reasons: list[str] = []
    if facts.decided_on < POLICE_VRR_FROM:
        reasons.append("The police review scheme covers decisions from 1 April 2015.")
    if not facts.offences_notifiable:
        reasons.append("The scheme covers notifiable offences only.")
    if charged:
        reasons.append("A suspect was charged, and the scheme does not cover charging some suspects but not others.")
    reviewable = [
        line
        for line in not_charged
        if line.suspect_interviewed_under_caution
        and line.code.vrr_qualifying
        and not line.code.out_of_court
        and not line.code.victim_withdrew_support
    ]
    if not reviewable:
        if not any(line.suspect_interviewed_under_caution for line in not_charged):
            reasons.append("No suspect was interviewed under caution, so the scheme does not apply.")
        elif any(line.code.out_of_court for line in not_charged):
            reasons.append("An out-of-court disposal was given, which the scheme does not cover.")
        elif any(line.code.victim_withdrew_support for line in not_charged):
            reasons.append("The decision was taken because the victim did not support further action.")
        else:
            reasons.append("The outcome is not one the scheme covers.")
    if reasons:
        return Eligibility(NO_SCHEME, tuple(reasons))
    return Eligibility(
        POLICE_SCHEME,
        ("A suspect was interviewed under caution and the police decided not to bring proceedings.",),
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; a day the month does not have becomes its
    last day (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_window_closes_on(told_on: dt.date, summary_only_incident_on: dt.date | None = None) -> dt.date:
    """The last day the victim can ask for a police review as of right: 3 calendar months from the
    day they were told of the decision, that day included (told on 15 January: by 15 April; told
    on 31 January: by 30 April, April having 30 days). For a summary-only offence, also within 6
    months of the incident. Later requests are at the force's discretion."""
    closes = add_months(told_on, 3)
    if summary_only_incident_on is not None:
        closes = min(closes, add_months(summary_only_incident_on, 6))
    return closes


def request_in_time(
    received_on: dt.date, told_on: dt.date | None, summary_only_incident_on: dt.date | None = None
) -> bool:
    """A request is in time if it arrives by the day the window closes (or before the victim was
    even told: they asked as soon as they heard)."""
    if told_on is None:
        return True
    return received_on <= review_window_closes_on(told_on, summary_only_incident_on)


# --- New information on a closed case ----------------------------------------------------------------

# Kind: (label, working days for the named officer to review it). Local policy, not from the
# sources [U]: contact from the traffickers is a risk to the victim and is reviewed the next working day.
NEW_INFORMATION_KINDS: dict[str, tuple[str, int]] = {
    "trafficker_contact": ("The victim was contacted by the traffickers", 1),
    "conclusive_grounds": ("A positive conclusive grounds decision", 5),
    "new_witness": ("A new witness came forward", 5),
    "new_evidence": ("New evidence", 5),
    "victim_ready": ("The victim is now ready to give an account", 5),
    "other": ("Other new information", 5),
}


def new_information_problems(kind: str, summary: str, received_on: dt.date | None, today: dt.date) -> dict[str, str]:
    if kind not in NEW_INFORMATION_KINDS:
        return {"kind": "Choose what the new information is."}
    if received_on is None:
        return {"received_on": "Enter the date the information was received."}
    if received_on > today:
        return {"received_on": "The date received cannot be in the future."}
    if not summary.strip():
        return {"summary": "Describe the new information."}
    return {}
