"""Who may see and change an order (registered with lantern.core.access in OrdersConfig.ready(), so
`get_for(user, Order, pk)` fetches one through this policy).

- investigators, SPOCs and supervisors of the managing force: see and manage it;
- of the applicant force: see it read-only (and edit its own application until the court decides);
- of a force that managed it before (an accepted offer moved it on): read-only;
- of a force it is offered to: read-only while it decides;
- frontline officers, advocates, CPS, administrators and analysts: no orders (analysts get counts only).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.core.access import AccessDenied, get_for
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.orders.models import Order, OrderOffer


def _is_force_police(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and has_capability(user, Capability.POLICES_FORCE_CASES))


def order_condition(user: User, path: str = "") -> Q:
    """The condition an order (reached through `path`, "" for Order itself) meets for `user`."""
    if not _is_force_police(user):
        return Q(pk__in=[])
    ref = OuterRef(path[:-2] if path else "pk")
    offers = OrderOffer.objects.filter(order=ref).filter(
        Q(from_force_id=user.force_id) | Q(to_force_id=user.force_id, state=OrderOffer.State.OFFERED)
    )
    return (
        Q(**{f"{path}managing_force_id": user.force_id})
        | Q(**{f"{path}applicant_force_id": user.force_id})
        | Q(Exists(offers))
    )


def visible_orders(user: User) -> QuerySet[Order]:
    if not _is_force_police(user):
        return Order.objects.none()
    return Order.objects.filter(order_condition(user))


def get_order_for(user: User, pk: int) -> Order:
    """One order through the policy: 404 for an order the user may not see."""
    related = ("subject", "applicant_force", "managing_force", "managing_officer")
    return get_for(user, Order, pk, queryset=lambda qs: qs.select_related(*related))


def can_see_orders(user: User) -> bool:
    return _is_force_police(user)


def can_manage(user: User, order: Order) -> bool:
    """Record notifications, reviews, court decisions, prohibitions: the managing force; while the
    application is undecided, the applicant force."""
    if not _is_force_police(user):
        return False
    if order.state in (Order.State.DRAFT, Order.State.APPLIED):
        return user.force_id == order.applicant_force_id
    return user.force_id == order.managing_force_id


def can_record_breach(user: User, order: Order) -> bool:
    """Any police officer who can see the order (the breach case opens in their force)."""
    return _is_force_police(user) and order.state == Order.State.GRANTED


def can_decide_offer(user: User, offer: OrderOffer) -> bool:
    return user.is_active and user.force_id == offer.to_force_id and has_capability(user, Capability.ALLOCATES_CASES)


def require_manage(user: User, order: Order) -> None:
    if not can_manage(user, order):
        raise AccessDenied(
            "Only the force managing this order can change it (the applicant force, until the court decides)."
        )


def register() -> None:
    """Called from OrdersConfig.ready()."""
    from lantern.core import access

    access.register(Order, visible_orders, noun="order")
