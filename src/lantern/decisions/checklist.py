"""The closure gate as a checklist: pure, no I/O (the gate is computed by rules.closure_gate).

The sign-off page shows the gate's items as a task list, each with its state, and asks the
supervisor the question only once nothing but the sign-off and the letters is missing. A refused
sign-off names every missing item (not only the first) and, apart from them, every reason this
user may not sign off: the page and the API give the same two lists (`SignOffCheck.errors`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lantern.decisions.rules import OFFICER, SUPERVISOR, Gate, GateFacts, Missing

# Stages of the gate that must be complete before a closing decision is signed off.
BEFORE_SIGN_OFF = ("evidence", "decision")


@dataclass(frozen=True)
class Task:
    """One row of the checklist: a victim's account, the enquiries, a victim's credibility
    reasoning, the decision, the sign-off, the letters."""

    kind: str  # account, enquiries, credibility, decision, sign_off, letters
    name: str
    missing: tuple[Missing, ...]
    who: str = OFFICER
    victim_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.victim_id}" if self.victim_id is not None else self.kind

    @property
    def done(self) -> bool:
        return not self.missing


def _under(gate: Gate, *prefixes: str) -> tuple[Missing, ...]:
    return tuple(m for m in gate.missing if any(m.key == p or m.key.startswith(p + ":") for p in prefixes))


def _victim(gate: Gate, victim_id: int, *kinds: str) -> tuple[Missing, ...]:
    return tuple(m for m in gate.missing if m.key in {f"{kind}:{victim_id}" for kind in kinds})


def tasks(facts: GateFacts, gate: Gate) -> tuple[Task, ...]:
    """Every item of the gate as a task, in the order the work is done."""
    rows: list[Task] = []
    for victim in facts.victims:
        missing = _victim(gate, victim.victim_id, "account", "agreement")
        who = SUPERVISOR if any(m.who == SUPERVISOR for m in missing) else OFFICER
        rows.append(Task("account", f"{victim.name}'s account", missing, who, victim.victim_id))
    rows.append(Task("enquiries", "Lines of enquiry", _under(gate, "enquiry")))
    for victim in facts.victims:
        missing = _victim(gate, victim.victim_id, "credibility", "trauma")
        rows.append(Task("credibility", f"Credibility and trauma: {victim.name}", missing, OFFICER, victim.victim_id))
    rows.append(Task("decision", "The proposed decision", _under(gate, "decision")))
    rows.append(Task("sign_off", "Sign-off by a supervisor", _under(gate, "sign_off"), SUPERVISOR))
    rows.append(Task("letters", "Letters giving each victim the reasons", _under(gate, "letter")))
    return tuple(rows)


def before_sign_off(gate: Gate | None) -> tuple[Missing, ...]:
    """Every item still missing before the decision can be signed off (none for a decision that
    does not close the case: the gate is about closing)."""
    if gate is None:
        return ()
    return tuple(m for m in gate.missing if m.stage in BEFORE_SIGN_OFF)


@dataclass(frozen=True)
class SignOffCheck:
    """Whether this user may sign this decision off now, and if not, every reason, in two lists:
    what is missing on the case (the officer's work) and why this user may not (who they are)."""

    missing: tuple[Missing, ...]
    not_you: tuple[str, ...]
    not_waiting: str = ""  # the decision is not waiting for a sign-off (already signed off, ...)

    @property
    def ready(self) -> bool:
        """Nothing is missing before the sign-off."""
        return not self.missing

    @property
    def may_ask(self) -> bool:
        """The question is asked: this user may answer it and the decision is waiting."""
        return not self.not_you and not self.not_waiting

    def errors(self, first: str = "agreed") -> dict[str, list[str]]:
        """The refusal by field: `first` (a summary), `signer` (why not this user) and `missing`
        (every missing item), each only when it has something to say."""
        errors: dict[str, list[str]] = {}
        summary = summary_of(self.not_you, self.missing, self.not_waiting)
        if summary:
            errors[first] = [summary]
        if self.not_you:
            errors["signer"] = list(self.not_you)
        if self.missing:
            errors["missing"] = [m.message for m in self.missing]
        return errors


def summary_of(not_you: Sequence[str], missing: Sequence[Missing], not_waiting: str = "") -> str:
    """One sentence for the top of a refusal."""
    if not_waiting:
        return not_waiting
    if not_you:
        return not_you[0]
    if missing:
        count = len(missing)
        return f"Not ready to sign off: {count} item{'' if count == 1 else 's'} still missing (listed under missing)."
    return ""
