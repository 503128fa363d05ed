"""Cases the demo sign-ins can take through closure, the letter, its delivery and a review (issue
10 item 2), made through the decisions services so every record, timeline entry and audit entry is
as the pages would write it.

Run by `./lantern demo` (`manage.py demo_closures`) after the generator, at the present moment,
never inside it: the generator's content depends only on its seed and its "today".

On open West Midlands cases held by `investigator`:

- two ready for sign-off: every line of enquiry answered, each victim's account taken and the
  credibility reasoning recorded, and a closing decision (outcome 18) proposed by the
  investigator. `supervisor` opens the decision's sign-off checklist and presses "Sign off and
  close"; `investigator` then records how the letter reached the victim; a request for a review
  (or for the reasons in writing) can be recorded on the closed case.
- one still missing the victim's account and the credibility reasoning: the checklist shows what
  is missing and does not ask the question.

A case the services refuse (an unusual generated history) is skipped; the count says how many
were made."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError

from lantern.cases.models import Case, CaseStatus, Offence
from lantern.core import clock
from lantern.core.access import AccessDenied
from lantern.core.models import User
from lantern.decisions import facts, rules, services
from lantern.decisions.models import Decision

log = logging.getLogger(__name__)

READY, NOT_READY = 2, 1
REASONS = (
    "We searched for the men you described and asked other forces, but we could not find out who they are. "
    "Without knowing who they are, we cannot take the case further now."
)
REOPEN_IF = "A name, a phone number, a vehicle or a place where they can be found."


def _evidence(actor: User, case: Case, *, complete: bool) -> None:
    for item in rules.ENQUIRY_ITEMS:
        answer = rules.NOT_APPLICABLE if item.code in rules.DONE_BY_RECORD else rules.DONE
        note = (
            "(Demo) No suspect identified to interview or refer." if answer == rules.NOT_APPLICABLE else "(Demo) Done."
        )
        services.answer_enquiry(actor, case, item.code, answer, note)
    if not complete:
        return
    for victim in facts.victims_of(case):
        services.record_account(actor, case, services.NewAccount(victim, True, clock.today(), "abe_interview"))
        services.record_credibility(actor, case, victim, False, [], "")


def _propose(actor: User, case: Case) -> None:
    offences = list(Offence.objects.filter(case=case).order_by("id"))
    lines = tuple(rules.LineIn("18", o.pk) for o in offences) or (rules.LineIn("18"),)
    data = services.DecisionIn("close", lines, clock.today(), REASONS, reopen_if=REOPEN_IF)
    services.propose(actor, case, data)


def add_closure_journeys() -> int:
    """Up to three cases with a closing decision waiting for `supervisor`: two ready, one not.
    Nothing when the demo sign-ins are missing or a closing decision already waits (re-runnable)."""
    investigator = User.objects.filter(username="investigator").first()
    if investigator is None or not User.objects.filter(username="supervisor").exists():
        return 0
    held = Case.objects.filter(officer_in_charge=investigator).exclude(status=CaseStatus.CLOSED)
    if Decision.objects.filter(case__in=held, kind=Decision.Kind.CLOSE, state=Decision.State.PROPOSED).exists():
        return 0
    made = 0
    for case in held.order_by("-reported_at", "pk"):
        if made == READY + NOT_READY:
            break
        if facts.open_decision(case) is not None or not facts.victims_of(case):
            continue
        try:
            _evidence(investigator, case, complete=made < READY)
            _propose(investigator, case)
        except (ValidationError, AccessDenied) as exc:
            log.info("demo closure journey skipped a case: %s", exc)
            continue
        made += 1
    return made
