"""Officers' training and accreditation (kept by the force administrator) and the allocation
candidates: each officer who can hold cases in the force, whether qualified, and their caseload."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from lantern.cases.models import Case, CaseStatus
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, roles_with
from lantern.triage import access, rules
from lantern.triage.models import Skill, TrainingRecord
from lantern.victims_code.models import Duty


def required_skills() -> tuple[str, ...]:
    return rules.parse_required(settings.LANTERN_TRIAGE_REQUIRED_SKILLS)


def record_training(
    actor: User, officer: User, skill: str, achieved_on: dt.date, expires_on: dt.date | None = None
) -> TrainingRecord:
    """Record a course or accreditation for an officer of the administrator's force."""
    if not access.can_keep_skills(actor):
        raise AccessDenied("Only the force administrator keeps officers' training records.")
    if officer.force_id != actor.force_id:
        raise invalid("officer", f"{officer.display_name} is not a member of your force.")
    if skill not in Skill.values:
        raise invalid("skill", "Choose a course or accreditation from the list.")
    if achieved_on > clock.today():
        raise invalid("achieved_on", "The date achieved cannot be in the future.")
    if expires_on is not None and expires_on <= achieved_on:
        raise invalid("expires_on", "The expiry date must be after the date achieved.")
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            officer=officer, skill=skill, achieved_on=achieved_on, expires_on=expires_on, recorded_by=actor
        )
        audit.record(actor, audit.Action.COLLECTION, record, detail=f"training {skill} for user {officer.pk}")
    return record


def withdraw_training(actor: User, record: TrainingRecord) -> TrainingRecord:
    """A record entered in error is withdrawn (kept, no longer counted)."""
    if not access.can_keep_skills(actor) or record.officer.force_id != actor.force_id:
        raise AccessDenied("Only the force administrator of the officer's force can withdraw a training record.")
    if record.withdrawn_at is not None:
        raise invalid("record", "This record was already withdrawn.")
    with transaction.atomic():
        TrainingRecord.objects.filter(pk=record.pk).update(withdrawn_at=clock.now(), withdrawn_by=actor)
        audit.record(actor, audit.Action.ALTERATION, record, detail="training record withdrawn")
    record.refresh_from_db()
    return record


def current_skills_of(officer_ids: list[int], today: dt.date) -> dict[int, set[str]]:
    held: dict[int, list[rules.Held]] = defaultdict(list)
    for officer_id, skill, achieved, expires in TrainingRecord.objects.filter(
        officer_id__in=officer_ids, withdrawn_at__isnull=True
    ).values_list("officer_id", "skill", "achieved_on", "expires_on"):
        held[officer_id].append(rules.Held(skill, achieved, expires))
    return {pk: rules.current_skills(held.get(pk, []), today) for pk in officer_ids}


def missing_for(officer: User, today: dt.date) -> list[str]:
    return rules.missing_skills(required_skills(), current_skills_of([officer.pk], today)[officer.pk])


@dataclass(frozen=True)
class Candidate:
    officer: User
    skills: list[str]
    missing: list[str]
    open_cases: int
    overdue_duties: int

    @property
    def qualified(self) -> bool:
        return not self.missing

    @property
    def skill_labels(self) -> list[str]:
        return [Skill(s).label for s in self.skills]

    @property
    def missing_labels(self) -> list[str]:
        return [Skill(s).label for s in self.missing]


def candidates(force_id: int, today: dt.date | None = None) -> list[Candidate]:
    """Every active officer of the force who can hold cases: qualified first, then by caseload."""
    today = today or clock.today()
    officers = list(
        User.objects.filter(force_id=force_id, is_active=True, role__in=roles_with(Capability.HOLDS_CASES))
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    ids = [o.pk for o in officers]
    skills = current_skills_of(ids, today)
    open_cases = dict(
        Case.objects.filter(officer_in_charge_id__in=ids)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("officer_in_charge_id")
        .annotate(n=Count("id"))
        .values_list("officer_in_charge_id", "n")
    )
    overdue = dict(
        Duty.objects.filter(Q(owner_id__in=ids), state=Duty.State.OPEN, due_on__lt=today)
        .values_list("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    required = required_skills()
    found = [
        Candidate(
            officer=o,
            skills=sorted(skills[o.pk], key=Skill.values.index),
            missing=rules.missing_skills(required, skills[o.pk]),
            open_cases=open_cases.get(o.pk, 0),
            overdue_duties=overdue.get(o.pk, 0),
        )
        for o in officers
    ]
    return sorted(found, key=lambda c: (not c.qualified, c.overdue_duties, c.open_cases))
