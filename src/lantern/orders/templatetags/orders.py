"""Order panels for other apps' pages, each one line in their template: `{% load orders %}` then
`{% orders_for_person person %}`, `{% orders_for_case case %}` or `{% orders_dashboard %}`."""

from __future__ import annotations

from typing import Any

from django import template

from lantern.core import audit, clock
from lantern.core.models import User
from lantern.orders import queries
from lantern.orders.access import can_see_orders, visible_orders

register = template.Library()


def _user(context: template.Context) -> User | None:
    user = getattr(context.get("request"), "user", None)
    return user if isinstance(user, User) and can_see_orders(user) else None


def _audited(user: User, orders: list[Any], where: str) -> list[Any]:
    if orders:
        audit.record(
            user,
            audit.Action.CONSULTATION,
            object_type="orders.order",
            object_id="",
            detail=(f"orders on {where}: " + ",".join(str(o.pk) for o in orders))[:255],
        )
    return orders


@register.inclusion_tag("orders/_panel.html", takes_context=True)
def orders_for_person(context: template.Context, person: Any) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"show": False}
    orders = list(visible_orders(user).filter(subject=person).select_related("managing_force").order_by("-id"))
    shown = _audited(user, orders, f"person {person.pk}")
    return {"show": True, "orders": shown, "heading": "Orders against this person"}


@register.inclusion_tag("orders/_panel.html", takes_context=True)
def orders_for_case(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"show": False}
    orders = list(visible_orders(user).filter(cases=case).select_related("managing_force").order_by("-id"))
    return {
        "show": True,
        "orders": _audited(user, orders, f"case {case.pk}"),
        "heading": "Prevention and risk orders",
        "new_for_case": case if user.force_id == case.force_id else None,
    }


@register.inclusion_tag("orders/_dashboard.html", takes_context=True)
def orders_dashboard(context: template.Context) -> dict[str, Any]:
    user = _user(context)
    if user is None or user.force is None:
        return {"show": False}
    board = queries.dashboard(user.force, clock.today())
    shown = board.expiring + [d.order for d in board.missed_notifications + board.overdue_reviews]
    _audited(user, shown, "force dashboard")
    return {"show": True, "board": board}
