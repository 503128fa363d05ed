"""Triage on the shared test world: the WMP case's item (build_world records it through the
service, so CaseRecorded put it in the queue), training for the officer in charge."""

from __future__ import annotations

import datetime as dt

from tests.factories import World

from lantern.core.models import User
from lantern.triage.models import Operation, Skill, TrainingRecord, TriageItem


def item(w: World) -> TriageItem:
    return TriageItem.objects.get(case=w.case, source=TriageItem.Source.CRIME)


def qualify(w: World, officer: User, *skills: str) -> None:
    for skill in skills or (Skill.PIP2, Skill.MS_INVESTIGATOR):
        TrainingRecord.objects.create(
            officer=officer, skill=skill, achieved_on=dt.date(2024, 1, 10), recorded_by=w.force_admin
        )


def assessed_item(w: World) -> TriageItem:
    """The WMP case's item with an assessment (allocation needs one)."""
    from lantern.triage import services

    found = item(w)
    if not found.assessments.exists():
        services.assess(
            w.spoc,
            found,
            services.AssessmentIn(
                risk_to_victim="high", risk_to_others="low", organised_crime="none_known", safeguarding_done=True
            ),
        )
    return found


def operation(w: World) -> Operation:
    from lantern.triage import operations

    existing = Operation.objects.filter(name="Operation Matrix").first()
    return existing or operations.create_operation(w.spoc, "Operation Matrix", w.wmp)
