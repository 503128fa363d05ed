"""Who may see and do what in triage (registered with lantern.core.access in TriageConfig.ready(),
so `get_for(user, TriageItem, pk)` fetches one item through this policy).

- the triage officer (Capability.TRIAGES: the SPOC) of the item's force: sees the queue, assesses
  and allocates;
- a supervisor (Capability.ALLOCATES_CASES) of the force: sees the queue and may allocate too;
- the force administrator (Capability.MANAGES_USERS): keeps officers' training records;
- operations: each force sees an operation it has a case in (or leads) and only its own cases.
Everyone else: nothing (404 for an item, 403 for a page).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lantern.core.access import get_for
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.triage.models import Operation, TriageItem


def can_see_queue(user: User) -> bool:
    return has_capability(user, Capability.TRIAGES) or has_capability(user, Capability.ALLOCATES_CASES)


def can_triage(user: User, item: TriageItem) -> bool:
    """Assess and allocate: a triage officer or supervisor of the item's force."""
    return can_see_queue(user) and user.force_id == item.force_id


def can_keep_skills(user: User) -> bool:
    return has_capability(user, Capability.MANAGES_USERS)


def can_see_skills(user: User) -> bool:
    return can_keep_skills(user) or can_see_queue(user)


def visible_items(user: User) -> QuerySet[TriageItem]:
    if not can_see_queue(user):
        return TriageItem.objects.none()
    return TriageItem.objects.filter(force=user.force)


def get_item_for(user: User, pk: int) -> TriageItem:
    related = ("force", "case", "case__officer_in_charge", "referral", "referral__person", "duty_to_notify")
    return get_for(user, TriageItem, pk, queryset=lambda qs: qs.select_related(*related))


def visible_operations(user: User) -> QuerySet[Operation]:
    if not can_see_queue(user):
        return Operation.objects.none()
    return Operation.objects.filter(Q(lead_force_id=user.force_id) | Q(parts__force_id=user.force_id)).distinct()


def get_operation_for(user: User, pk: int) -> Operation:
    return get_for(user, Operation, pk, queryset=lambda qs: qs.select_related("lead_force"))


def register() -> None:
    from lantern.core import access

    access.register(TriageItem, visible_items, noun="triage item")
    access.register(Operation, visible_operations, noun="operation")
