"""Operations: linked cases across forces grouped as one, with a lead force. A force adds its own
cases; each force sees the operation, its own cases in it, and of the other forces only which
forces take part and how many cases each holds (never their content)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from lantern.cases import services as case_services
from lantern.cases.access import visible_cases
from lantern.cases.models import Case
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.triage import access
from lantern.triage.models import Operation, OperationCase


def _check(actor: User) -> None:
    if not access.can_see_queue(actor) or actor.force_id is None:
        raise AccessDenied("Only a triage officer or supervisor of a force can group cases as an operation.")


def create_operation(actor: User, name: str, lead_force: Force) -> Operation:
    _check(actor)
    if not name.strip():
        raise invalid("name", "Enter the operation's name.")
    with transaction.atomic():
        operation = Operation.objects.create(name=name.strip()[:120], lead_force=lead_force, recorded_by=actor)
        audit.record(actor, audit.Action.COLLECTION, operation)
    return operation


def add_case(actor: User, operation: Operation, case: Case) -> OperationCase:
    """Add one of the actor's own force's cases to the operation."""
    _check(actor)
    if case.force_id != actor.force_id or not visible_cases(actor).filter(pk=case.pk).exists():
        raise invalid("case", "Add only your own force's cases; the other force adds its own.")
    try:
        with transaction.atomic():
            part = OperationCase.objects.create(
                operation=operation, case=case, force_id=case.force_id, recorded_by=actor
            )
            case_services.add_timeline(
                case, case_services.Kind.CASE_EDITED, f"Linked as part of operation {operation.name}", actor
            )
            audit.record(actor, audit.Action.COMBINATION, case, detail=f"operation {operation.pk}")
    except IntegrityError as exc:
        raise invalid("case", "This case is already part of an operation.") from exc
    return part


@dataclass(frozen=True)
class OperationView:
    operation: Operation
    own_cases: list[Case]
    other_forces: list[tuple[str, int]]  # (force name, number of cases)


def view_for(user: User, operation: Operation) -> OperationView:
    parts = OperationCase.objects.filter(operation=operation).select_related("force")
    own = list(
        visible_cases(user)
        .filter(pk__in=parts.filter(force=user.force).values("case_id"))
        .select_related("officer_in_charge")
    )
    others = Counter(p.force.name for p in parts if p.force_id != user.force_id)
    return OperationView(operation, own, sorted(others.items()))
