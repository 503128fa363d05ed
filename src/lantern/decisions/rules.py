"""The rules of accountable decisions: pure functions, no I/O, the clock passed in.

Sources: shared/reference/domain.md section 2 (the police Victims' Right to Review, VRR) and
section 3 (Home Office outcome codes; the codes themselves are data, a table loaded by a
migration, because their sub-codes and groupings are partly unverified); issue 4; seed 000 points
2, 4 and 5 and cases 1, 3, 7 and 8 (cases closed without enquiry, without speaking to the victim,
with credibility judged without regard to trauma, and without written reasons).

What is here:

- the enquiry checklist, the victim's account and credibility (in evidence_rules.py, re-exported here);
- which outcome codes fit a case and a decision (`outcome_problems`);
- the closure gate (`closure_gate`): what is still missing, in words a busy officer understands;
- who may sign a decision off (ranks are used by review_rules for who may review it).

The Victims' Right to Review (eligibility, the 3-month window, the reviewer) and new information on
a closed case are in review_rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lantern.core.roles import Capability, role_has
from lantern.decisions.evidence_rules import (  # the checklist, the account and credibility rules, re-exported
    ACCOUNT_METHODS as ACCOUNT_METHODS,
)
from lantern.decisions.evidence_rules import (
    ANSWERS as ANSWERS,
)
from lantern.decisions.evidence_rules import (
    DONE as DONE,
)
from lantern.decisions.evidence_rules import (
    DONE_BY_RECORD as DONE_BY_RECORD,
)
from lantern.decisions.evidence_rules import (
    ENQUIRY_BY_CODE as ENQUIRY_BY_CODE,
)
from lantern.decisions.evidence_rules import (
    ENQUIRY_ITEMS as ENQUIRY_ITEMS,
)
from lantern.decisions.evidence_rules import (
    NOT_APPLICABLE as NOT_APPLICABLE,
)
from lantern.decisions.evidence_rules import (
    NOT_POSSIBLE as NOT_POSSIBLE,
)
from lantern.decisions.evidence_rules import (
    NOT_TAKEN_REASONS as NOT_TAKEN_REASONS,
)
from lantern.decisions.evidence_rules import (
    TRAUMA_FACTORS as TRAUMA_FACTORS,
)
from lantern.decisions.evidence_rules import (
    EnquiryItem as EnquiryItem,
)
from lantern.decisions.evidence_rules import (
    NotTakenReason as NotTakenReason,
)
from lantern.decisions.evidence_rules import (
    account_problems as account_problems,
)
from lantern.decisions.evidence_rules import (
    answer_problems as answer_problems,
)
from lantern.decisions.evidence_rules import (
    credibility_problems as credibility_problems,
)
from lantern.decisions.evidence_rules import (
    needs_supervisor_agreement as needs_supervisor_agreement,
)

# --- Ranks ------------------------------------------------------------------------------------

# Police ranks in order (uniform and detective ranks side by side). Police staff hold no rank.
RANK_LEVEL: dict[str, int] = {
    "PC": 1,
    "DC": 1,
    "PS": 2,
    "DS": 2,
    "Insp": 3,
    "DI": 3,
    "CI": 4,
    "DCI": 4,
    "Supt": 5,
    "DSupt": 5,
}


def rank_level(rank: str) -> int | None:
    """The level of a police rank, None for police staff or a rank not recorded."""
    return RANK_LEVEL.get(rank)


# --- Outcome codes ------------------------------------------------------------------------------------

SUSPECT_REQUIRED, SUSPECT_NONE, SUSPECT_EITHER = "required", "none", "either"
POLICE, CPS, EITHER = "police", "cps", "either"


@dataclass(frozen=True)
class OutcomeCodeRow:
    """One Home Office outcome code as the rules need it (a row of decisions.OutcomeCode)."""

    code: str
    label: str
    suspect: str = SUSPECT_EITHER
    ends_without_charge: bool = True  # ends the investigation without a charge: gated
    charge: bool = False
    out_of_court: bool = False
    vrr_qualifying: bool = False  # a police decision not to bring proceedings
    victim_withdrew_support: bool = False
    decided_by: str = EITHER
    fits_modern_slavery: bool = True
    in_force_from: dt.date | None = None


@dataclass(frozen=True)
class LineIn:
    code: str
    offence_id: int | None = None
    suspect_id: int | None = None


CLOSE, CHARGE = "close", "charge"


def outcome_problems(  # noqa: C901 - the closure gate's per-line checks, one branch per rule; to split (issue 8 item 5)
    kind: str,
    lines: Sequence[LineIn],
    codes: Mapping[str, OutcomeCodeRow],
    offence_ids: Iterable[int],
    suspect_ids: Iterable[int],
    decided_by_cps: bool,
    decided_on: dt.date,
    other_offence_ids: Iterable[int] = (),
) -> dict[str, str]:
    """What is wrong with the outcomes of a decision, by field ("lines" for the outcome lines).

    A closing decision gives every offence of the case an outcome that ends the investigation
    without a charge; a charging decision charges at least one suspect (other suspects may be given
    other outcomes at the same time). Each code must exist, be in force on the day, fit a modern
    slavery case, be one the decision maker (police or CPS) can give, and name a suspect exactly
    when the code is about a suspect. Some codes (a penalty notice, the NFIB) are not available for
    a Modern Slavery Act offence, only for the other offences of a case (`other_offence_ids`)."""
    offences, suspects, others = set(offence_ids), set(suspect_ids), set(other_offence_ids)
    if not lines:
        return {"lines": "Give at least one outcome."}
    seen: set[tuple[int | None, int | None]] = set()
    for line in lines:
        row = codes.get(line.code.strip().upper())
        if row is None:
            return {"lines": f"There is no Home Office outcome {line.code!r}. Choose one from the list."}
        name = f"Outcome {row.code} ({row.label})"
        if not row.fits_modern_slavery and line.offence_id not in others:
            return {"lines": f"{name} is not available for a modern slavery offence."}
        if row.in_force_from is not None and decided_on < row.in_force_from:
            return {"lines": f"{name} only exists from {row.in_force_from:%-d %B %Y}."}
        if row.decided_by == CPS and not decided_by_cps:
            return {"lines": f"{name} is a decision of the CPS: record it as the CPS's decision."}
        if row.decided_by == POLICE and decided_by_cps:
            return {"lines": f"{name} is a police decision, not the CPS's."}
        if line.suspect_id is None and row.suspect == SUSPECT_REQUIRED:
            if not suspects:
                return {"lines": f"{name} needs a named suspect, and this case has no suspect: add the suspect first."}
            return {"lines": f"{name} needs a named suspect: say which suspect it applies to."}
        if line.suspect_id is not None:
            if row.suspect == SUSPECT_NONE:
                return {"lines": f"{name} means no suspect was identified: do not name a suspect."}
            if line.suspect_id not in suspects:
                return {"lines": "That person is not a suspect in this case."}
        if line.offence_id is not None and line.offence_id not in offences:
            return {"lines": "That offence is not recorded on this case."}
        if offences and line.offence_id is None:
            return {"lines": "Say which offence each outcome is for."}
        key = (line.offence_id, line.suspect_id)
        if key in seen:
            return {"lines": "Each offence and suspect can have one outcome in a decision."}
        seen.add(key)
        if kind == CLOSE and not row.ends_without_charge:
            return {"lines": f"{name} does not close a case: record it as a charging decision."}
    rows = [codes[line.code.strip().upper()] for line in lines]
    if kind == CHARGE and not any(row.charge for row in rows):
        return {"lines": "A charging decision charges at least one suspect (outcome 1)."}
    if kind == CLOSE:
        missing = offences - {line.offence_id for line in lines}
        if missing:
            return {"lines": "Give an outcome for every offence recorded on the case."}
    if kind not in (CLOSE, CHARGE):
        return {"kind": "Choose whether the decision closes the case or charges a suspect."}
    return {}


# --- The closure gate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerFact:
    answer: str
    note: str


@dataclass(frozen=True)
class AccountFact:
    taken: bool
    reason: str = ""
    supervisor_agreed: bool = False


@dataclass(frozen=True)
class CredibilityFact:
    a_factor: bool
    trauma_factors: tuple[str, ...] = ()
    how_considered: str = ""


@dataclass(frozen=True)
class VictimFact:
    victim_id: int
    name: str
    account: AccountFact | None = None
    credibility: CredibilityFact | None = None
    letter_made: bool = False


@dataclass(frozen=True)
class DecisionFact:
    decided_on: dt.date
    signed_off: bool = False


@dataclass(frozen=True)
class GateFacts:
    """Everything the gate looks at, as plain values (services.gate_facts reads them)."""

    answers: Mapping[str, AnswerFact] = field(default_factory=dict)
    interviews_under_caution: int = 0
    early_advice_sought: bool = False
    victims: tuple[VictimFact, ...] = ()
    decision: DecisionFact | None = None


OFFICER, SUPERVISOR = "officer in charge", "supervisor"


@dataclass(frozen=True)
class Missing:
    key: str
    message: str
    who: str = OFFICER
    stage: str = "evidence"  # evidence, decision, sign_off or letter


@dataclass(frozen=True)
class Gate:
    missing: tuple[Missing, ...]

    @property
    def closable(self) -> bool:
        return not self.missing

    @property
    def ready_for_sign_off(self) -> bool:
        """Everything but the sign-off and the letters is there."""
        return all(m.stage in ("sign_off", "letter") for m in self.missing)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(m.key for m in self.missing)

    def at_stage(self, stage: str) -> list[Missing]:
        return [m for m in self.missing if m.stage == stage]


def enquiry_satisfied(item: str, facts: GateFacts) -> bool:
    if item == "suspect_interviewed" and facts.interviews_under_caution > 0:
        return True
    if item == "cps_early_advice" and facts.early_advice_sought:
        return True
    answer = facts.answers.get(item)
    return answer is not None and not answer_problems(item, answer.answer, answer.note)


def closure_gate(facts: GateFacts, today: dt.date) -> Gate:
    """What is still missing before the case can be given an outcome that ends the investigation
    without a charge. Empty when it can be closed.

    1. Every victim's account was taken, or the reason it was not is recorded; "not spoken to"
       needs a supervisor's agreement.
    2. Every line of enquiry is answered: done, not applicable or not possible, with a reason (the
       interview and CPS advice lines are answered by their records).
    3. For every victim, it is recorded whether a judgment about their credibility affected the
       decision, and if it did, how the effects of trauma were considered.
    4. The decision is proposed (not dated in the future), and
    5. signed off by a supervisor who is not the officer in charge,
    6. then the written-reasons letter to each victim is made.

    Adding any missing fact never adds a missing item (the property tests check it)."""
    missing: list[Missing] = []
    for victim in facts.victims:
        account = victim.account
        if account is None:
            missing.append(
                Missing(f"account:{victim.victim_id}", f"Take {victim.name}'s account, or record why it was not taken.")
            )
        elif not account.taken and needs_supervisor_agreement(account.reason) and not account.supervisor_agreed:
            missing.append(
                Missing(
                    f"agreement:{victim.victim_id}",
                    f"{victim.name} was not spoken to: a supervisor (not the officer in charge) must agree to "
                    "closing the case without speaking to them.",
                    SUPERVISOR,
                )
            )
    for item in ENQUIRY_ITEMS:
        if not enquiry_satisfied(item.code, facts):
            missing.append(
                Missing(
                    f"enquiry:{item.code}",
                    f"Answer “{item.question}”: done, not applicable or not possible, with a reason.",
                )
            )
    for victim in facts.victims:
        cred = victim.credibility
        if cred is None:
            missing.append(
                Missing(
                    f"credibility:{victim.victim_id}",
                    f"Say whether a judgment about {victim.name}'s credibility affected the decision.",
                )
            )
        elif credibility_problems(cred.a_factor, cred.trauma_factors, cred.how_considered):
            missing.append(
                Missing(
                    f"trauma:{victim.victim_id}",
                    f"{victim.name}'s credibility was a factor: record how the effects of trauma were considered.",
                )
            )
    decision = facts.decision
    if decision is None or decision.decided_on > today:
        missing.append(
            Missing(
                "decision",
                "Propose the decision: the outcome for each offence, why, what was done, and what would reopen "
                "the case."
                if decision is None
                else "The decision is dated in the future: correct it.",
                stage="decision",
            )
        )
    if decision is None or not decision.signed_off:
        missing.append(
            Missing(
                "sign_off",
                "A supervisor who is not the officer in charge must sign the decision off.",
                SUPERVISOR,
                stage="sign_off",
            )
        )
    for victim in facts.victims:
        if not victim.letter_made:
            missing.append(
                Missing(
                    f"letter:{victim.victim_id}",
                    f"Make the letter to {victim.name} giving the reasons in writing (after the sign-off).",
                    stage="letter",
                )
            )
    return Gate(tuple(missing))


# --- Sign-off: who may -------------------------------------------------------------------------


@dataclass(frozen=True)
class Officer:
    id: int
    role: str
    force_id: int | None
    rank: str = ""
    active: bool = True


def sign_off_problems(signer: Officer, case_force_id: int, officer_in_charge_id: int, decided_by_id: int) -> list[str]:
    """A decision is signed off by an active supervisor of the force holding the case who is
    neither the officer in charge nor the person who made the decision."""
    problems = []
    if not signer.active or not role_has(signer.role, Capability.SIGNS_OFF) or signer.force_id != case_force_id:
        problems.append("A supervisor of the force holding the case signs a decision off.")
    if signer.id == officer_in_charge_id:
        problems.append("The officer in charge cannot sign off their own case's decision: ask another supervisor.")
    elif signer.id == decided_by_id:
        problems.append("The person who made the decision cannot sign it off: ask another supervisor.")
    return problems
