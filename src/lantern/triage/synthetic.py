"""Triage items and officers' training for GENERATED data (`manage.py synthetic_triage`, run by
`./lantern demo`). The generator writes cases in bulk, without the services, so no event put them
in a queue: this puts each force's most recent open crimes and its NRM referrals still waiting for
a crime in its triage queue (some past their day), and gives case-holding officers training records
in realistic proportions (the demo sign-in "investigator" qualified, "investigator2" not, so both
allocation paths can be shown). Idempotent: nothing is added once synthetic records exist.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from lantern.cases.models import Case, CaseStatus
from lantern.core import clock
from lantern.core.models import User
from lantern.core.roles import Capability, roles_with
from lantern.nrm.models import NrmReferral
from lantern.triage import queue
from lantern.triage.models import Skill, TrainingRecord, TriageItem

ITEMS_PER_FORCE = 5  # recent crimes waiting for triage in each force with a triage officer
REFERRALS_PER_FORCE = 3
# Share of case-holding officers with each record (synthetic; not a published figure).
SHARES = {
    Skill.PIP1: 0.9,
    Skill.PIP2: 0.6,
    Skill.PIP3: 0.1,
    Skill.MS_INVESTIGATOR: 0.45,
    Skill.VICTIM_LIAISON: 0.3,
    Skill.VULNERABLE_WITNESS: 0.35,
    Skill.FIRST_RESPONDER: 0.5,
}


@dataclass
class Totals:
    training_records: int = 0
    items: int = 0

    def __str__(self) -> str:
        return f"{self.training_records} training records, {self.items} triage items"


def _skills_for(rng: random.Random, username: str) -> list[str]:
    if username == "investigator":
        return [Skill.PIP2, Skill.MS_INVESTIGATOR, Skill.VICTIM_LIAISON]
    if username == "investigator2":
        return [Skill.PIP1, Skill.VULNERABLE_WITNESS]
    return [skill for skill, share in SHARES.items() if rng.random() < share]


def _training(rng: random.Random, today: dt.date) -> int:
    if TrainingRecord.objects.exists():
        return 0
    officers = User.objects.filter(
        role__in=roles_with(Capability.HOLDS_CASES), is_active=True, force__isnull=False
    ).order_by("pk")
    admins: dict[int | None, int] = dict(
        User.objects.filter(role__in=roles_with(Capability.MANAGES_USERS), force__isnull=False)
        .order_by("-pk")
        .values_list("force_id", "pk")
    )
    rows = []
    for officer in officers:
        for skill in _skills_for(rng, officer.username):
            achieved = today - dt.timedelta(days=rng.randint(60, 8 * 365))
            expires = achieved + dt.timedelta(days=3 * 365) if skill == Skill.MS_INVESTIGATOR else None
            rows.append(
                TrainingRecord(
                    officer=officer,
                    skill=skill,
                    achieved_on=achieved,
                    expires_on=expires,
                    recorded_by_id=admins.get(officer.force_id, officer.pk),
                )
            )
    TrainingRecord.objects.bulk_create(rows)
    return len(rows)


def _items(rng: random.Random, now: dt.datetime) -> int:
    if TriageItem.objects.exists():
        return 0
    forces = set(
        User.objects.filter(role__in=roles_with(Capability.TRIAGES), is_active=True).values_list("force_id", flat=True)
    )
    made = 0
    for force_id in sorted(f for f in forces if f is not None):
        cases = (
            Case.objects.filter(force_id=force_id)
            .exclude(status=CaseStatus.CLOSED)
            .order_by("-reported_at", "-pk")[:ITEMS_PER_FORCE]
        )
        for case in cases:
            queue.enter(force_id, TriageItem.Source.CRIME, at=now - dt.timedelta(hours=rng.randint(1, 80)), case=case)
            made += 1
        referrals = NrmReferral.objects.filter(force_id=force_id, cases__isnull=True, no_crime_reason="").order_by(
            "-received_at"
        )[:REFERRALS_PER_FORCE]
        for referral in referrals:
            queue.enter(force_id, TriageItem.Source.NRM_REFERRAL, at=referral.received_at, referral=referral)
            made += 1
    return made


def generate(seed: int = 1) -> Totals:
    rng = random.Random(f"{seed}:triage")  # noqa: S311 - synthetic data, not security
    totals = Totals()
    with transaction.atomic():
        totals.training_records = _training(rng, clock.today())
        totals.items = _items(rng, clock.now())
    return totals
