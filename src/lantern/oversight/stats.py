"""Operational counts for the force dashboard (the force's own, exact: they do not leave it)."""

from __future__ import annotations

from django.db.models import Count

from lantern.cases.models import Case, CaseStatus, Handover


def open_handover_count(force_id: int) -> int:
    return Handover.objects.filter(case__force_id=force_id, state=Handover.State.OFFERED).count()


def open_cases_by_status(force_id: int) -> list[tuple[str, str, int]]:
    counts = dict(
        Case.objects.filter(force_id=force_id)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in CaseStatus.choices if value != CaseStatus.CLOSED]
