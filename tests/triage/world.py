"""Triage on the shared test world: the WMP case's item (build_world records it through the
service, so CaseRecorded put it in the queue), training for the officer in charge."""

from __future__ import annotations

import datetime as dt

from tests.factories import World

from lantern.triage.models import Skill, TrainingRecord, TriageItem


def item(w: World) -> TriageItem:
    return TriageItem.objects.get(case=w.case, source=TriageItem.Source.CRIME)


def qualify(w: World, officer: object, *skills: str) -> None:
    for skill in skills or (Skill.PIP2, Skill.MS_INVESTIGATOR):
        TrainingRecord.objects.create(
            officer=officer, skill=skill, achieved_on=dt.date(2024, 1, 10), recorded_by=w.force_admin
        )


def fingerprint() -> tuple[int, ...]:
    from lantern.triage.models import Allocation, Assessment, Operation, OperationCase

    return (
        Assessment.objects.count(),
        Allocation.objects.count(),
        TrainingRecord.objects.count(),
        TrainingRecord.objects.filter(withdrawn_at__isnull=False).count(),
        Operation.objects.count(),
        OperationCase.objects.count(),
        TriageItem.objects.exclude(state="waiting").count(),
    )
