"""Decision records for SYNTHETIC data only (the benchmarks, and the demo if asked for).

The generator closes cases by writing their status and a timeline entry ("Status changed from ...
to Closed: outcome 16, ..."). This derives, in bulk and deterministically by seed, the decisions
behind them: for every closed case a closing decision in effect with its outcome line (naming the
case's first suspect where the code is about one), signed off by a supervisor of the force who is
not the officer in charge, and each victim's review right; for a share of open cases the evidence
and a proposed decision waiting for sign-off; and, on some closed cases, new information waiting
for review and requests for a review. It invents history, so it is refused in production (the
management command checks). Idempotent: cases that already have decisions are skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lantern.cases.models import Case, CaseParty, CaseStatus, PartyRole, TimelineEvent
from lantern.core.models import User
from lantern.core.roles import Capability, roles_with
from lantern.decisions import review_rules, rules
from lantern.decisions.models import (
    Decision,
    EnquiryAnswer,
    NewInformation,
    OutcomeCode,
    OutcomeLine,
    Requester,
    ReviewRequest,
    ReviewRight,
    SignOff,
)
from lantern.victims_code.working_days import ENGLAND_AND_WALES, london_day

CHUNK = 2000
CLOSED = re.compile(r"to Closed: outcome (\w+)")
REASONS = "(Synthetic) The evidence gathered was not enough to take the case further."


@dataclass
class Totals:
    closed: int = 0
    proposed: int = 0
    tasks: int = 0
    review_requests: int = 0

    def __str__(self) -> str:
        return (
            f"{self.closed} closing decisions, {self.proposed} waiting for sign-off, {self.tasks} review tasks, "
            f"{self.review_requests} review requests"
        )


def _supervisors() -> dict[int, list[int]]:
    by_force: dict[int, list[int]] = defaultdict(list)
    supervisors = User.objects.filter(role__in=roles_with(Capability.SIGNS_OFF), is_active=True)
    for pk, force_id in supervisors.values_list("pk", "force_id"):
        by_force[force_id].append(pk)
    return by_force


def derive(seed: int = 1, *, today: dt.date | None = None, open_share: float = 0.02) -> Totals:  # noqa: C901 - synthetic data: one branch per outcome mix; to split (issue 8 item 5)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    codes = {c.code: c for c in OutcomeCode.objects.all()}
    supervisors = _supervisors()
    has_decision = Decision.objects.filter(case=OuterRef("pk"))
    cases = list(
        Case.objects.filter(~Exists(has_decision)).values_list("pk", "force_id", "officer_in_charge_id", "status")
    )
    ids = [c[0] for c in cases]
    suspects: dict[int, int] = {}
    victims: dict[int, list[int]] = defaultdict(list)
    closed_at: dict[int, tuple[dt.datetime, str, int | None]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for case_id, person_id, role in CaseParty.objects.filter(case_id__in=chunk).values_list(
            "case_id", "person_id", "role"
        ):
            if role in PartyRole.suspect_roles():
                suspects.setdefault(case_id, person_id)
            if role in PartyRole.victim_roles() and person_id not in victims[case_id]:
                victims[case_id].append(person_id)
        for event_case, event_at, summary, event_actor in TimelineEvent.objects.filter(
            case_id__in=chunk, kind=TimelineEvent.Kind.STATUS_CHANGED, summary__contains="to Closed"
        ).values_list("case_id", "recorded_at", "summary", "recorded_by_id"):
            match = CLOSED.search(summary)
            if match:
                closed_at[event_case] = (event_at, match.group(1), event_actor)
    today = today or london_day(timezone.now())
    totals = Totals()
    decisions: list[Decision] = []
    pending: list[tuple[Decision, str, int | None, list[int], int, int]] = []
    for case_id, force_id, oic_id, status in cases:
        choices = [s for s in supervisors.get(force_id, []) if s != oic_id]
        if not choices:
            continue
        signer = rng.choice(choices)
        if status == CaseStatus.CLOSED and case_id in closed_at:
            at, code, actor = closed_at[case_id]
            row = codes.get(code)
            if row is None:
                continue
            suspect = suspects.get(case_id) if row.suspect == rules.SUSPECT_REQUIRED else None
            if row.suspect == rules.SUSPECT_REQUIRED and suspect is None:
                row = codes["18"]
            decided_by = actor or oic_id
            decision = Decision(
                case_id=case_id,
                kind=Decision.Kind.CLOSE,
                state=Decision.State.APPLIED,
                decided_on=london_day(at),
                decided_by_id=decided_by,
                reasons=REASONS,
                reopen_if="(Synthetic) New evidence.",
                proposed_by_id=decided_by,
                proposed_at=at,
                applied_by_id=decided_by,
                applied_at=at,
            )
            decisions.append(decision)
            pending.append((decision, row.code, suspect, victims.get(case_id, []), signer, oic_id))
            totals.closed += 1
        elif status != CaseStatus.CLOSED and rng.random() < open_share:
            decision = Decision(
                case_id=case_id,
                kind=Decision.Kind.CLOSE,
                state=Decision.State.PROPOSED,
                decided_on=today,
                decided_by_id=oic_id,
                reasons=REASONS,
                reopen_if="(Synthetic) New evidence.",
                proposed_by_id=oic_id,
            )
            decisions.append(decision)
            pending.append((decision, "18", None, victims.get(case_id, []), 0, oic_id))
            totals.proposed += 1
    for start in range(0, len(decisions), CHUNK):
        with transaction.atomic():
            Decision.objects.bulk_create(decisions[start : start + CHUNK])
    lines, sign_offs, rights, answers = [], [], [], []
    for decision, code, suspect, case_victims, signer, oic_id in pending:
        lines.append(OutcomeLine(decision=decision, code=codes[code], suspect_id=suspect))
        if decision.state == Decision.State.APPLIED:
            sign_offs.append(
                SignOff(decision=decision, recorded_by_id=signer, recorded_at=decision.proposed_at, agreed=True)
            )
            scheme = review_rules.POLICE_SCHEME if codes[code].vrr_qualifying and suspect else review_rules.NO_SCHEME
            reasons = "A suspect was interviewed under caution." if scheme != "none" else "No interview recorded."
            rights += [
                ReviewRight(decision=decision, victim_id=v, scheme=scheme, reasons=reasons) for v in case_victims
            ]
        else:
            answers += [
                EnquiryAnswer(
                    case_id=decision.case_id,
                    item=item.code,
                    answer=rules.NOT_POSSIBLE,
                    note="(Synthetic) Checked.",
                    answered_by_id=oic_id,
                )
                for item in rules.ENQUIRY_ITEMS
            ]
    with transaction.atomic():
        OutcomeLine.objects.bulk_create(lines, batch_size=CHUNK)
        SignOff.objects.bulk_create(sign_offs, batch_size=CHUNK)
        ReviewRight.objects.bulk_create(rights, batch_size=CHUNK)
        EnquiryAnswer.objects.bulk_create(answers, batch_size=CHUNK)
    tasks, requests = [], []
    applied = [
        (d, v, oic, codes[c].vrr_qualifying and s is not None)
        for d, c, s, v, _sg, oic in pending
        if d.state == Decision.State.APPLIED
    ]
    for decision, case_victims, oic_id, reviewable in applied:
        roll = rng.random()
        if roll < 0.02:
            received = min(today, decision.decided_on + dt.timedelta(days=rng.randint(20, 400)))
            kind = rng.choice(list(review_rules.NEW_INFORMATION_KINDS))
            days = review_rules.NEW_INFORMATION_KINDS[kind][1]
            tasks.append(
                NewInformation(
                    case_id=decision.case_id,
                    kind=kind,
                    received_on=received,
                    summary="(Synthetic) New information.",
                    review_officer_id=oic_id,
                    due_on=ENGLAND_AND_WALES.add_working_days(received, days),
                )
            )
        elif roll < 0.2 and reviewable and case_victims:
            received = min(today, decision.decided_on + dt.timedelta(days=rng.randint(5, 80)))
            requests.append(
                ReviewRequest(
                    decision=decision,
                    victim_id=case_victims[0],
                    scheme="police",
                    received_on=received,
                    requester=Requester.VICTIM,
                    recorded_by_id=oic_id,
                )
            )
    NewInformation.objects.bulk_create(tasks, batch_size=CHUNK)
    ReviewRequest.objects.bulk_create(requests, batch_size=CHUNK)
    totals.tasks, totals.review_requests = len(tasks), len(requests)
    return totals
