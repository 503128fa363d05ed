"""The small steps every order operation shares (services.py and movement.py): refusing with
field-named errors, the timeline note on each case the order touches, the version bump, and the
checks that an officer may manage it and that it is in force."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import TimelineEvent
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.orders.models import Order

State = Order.State


def refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def timeline(order: Order, summary: str, actor: User | None) -> None:
    """Where an order touches a case, the case's timeline says so (as a note: cases has no order kind)."""
    for case in order.cases.all():
        case_services.add_timeline(case, TimelineEvent.Kind.NOTE, f"{order.short_kind} {order.pk}: {summary}", actor)


def bump(order: Order) -> None:
    Order.objects.filter(pk=order.pk).update(version=F("version") + 1, updated_at=timezone.now())
    order.refresh_from_db()


def check_officer(officer: User, force: Force, name: str = "managing_officer") -> None:
    if not officer.can_hold_cases or officer.force_id != force.pk:
        raise invalid(name, f"{officer.display_name} is not an investigator, SPOC or supervisor of {force.name}.")


def require_in_force(order: Order) -> None:
    if order.state != State.GRANTED:
        raise invalid("order", f"This order is {order.get_state_display().lower()}: it is not in force.")
