"""Read-side queries of orders: the register, an order's page, the force dashboard's panels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from lantern.core.models import Force, User
from lantern.orders.access import visible_orders
from lantern.orders.models import Breach, Order, OrderDuty

REGISTER_FILTERS = {
    "in_force": "In force",
    "applications": "Applications",
    "managed": "Managed by my force",
    "applied": "Applied for by my force",
    "ended": "Refused, discharged or ended",
}


def register(user: User, shown: str = "", today: dt.date | None = None) -> QuerySet[Order]:
    orders = visible_orders(user).select_related("subject", "applicant_force", "managing_force", "managing_officer")
    if shown == "in_force":
        orders = orders.filter(state=Order.State.GRANTED)
    elif shown == "applications":
        orders = orders.filter(state__in=[Order.State.DRAFT, Order.State.APPLIED])
    elif shown == "managed":
        orders = orders.filter(managing_force_id=user.force_id)
    elif shown == "applied":
        orders = orders.filter(applicant_force_id=user.force_id)
    elif shown == "ended":
        orders = orders.filter(state__in=[Order.State.REFUSED, Order.State.DISCHARGED, Order.State.ENDED])
    return orders.prefetch_related("subject__names").order_by("-made_on", "-id")


def live_order(today: dt.date, path: str = "") -> Q:
    """An order in force today (granted, not past its end date)."""
    return Q(**{f"{path}state": Order.State.GRANTED}) & (
        Q(**{f"{path}ends_on__isnull": True}) | Q(**{f"{path}ends_on__gte": today})
    )


@dataclass
class Dashboard:
    expiring: list[Order]
    expiring_count: int
    missed_notifications: list[OrderDuty]
    missed_notification_count: int
    overdue_reviews: list[OrderDuty]
    overdue_review_count: int
    breaches: list[Breach]
    breach_count: int
    window_days: int


def dashboard(force: Force, today: dt.date, limit: int = 20) -> Dashboard:
    """What the managing (or applicant) force must act on: orders nearing their end, missed
    notifications, overdue reviews, breaches in the last 90 days."""
    window = settings.LANTERN_ORDERS_EXPIRY_WARNING_DAYS
    expiring = (
        Order.objects.filter(
            managing_force=force,
            state=Order.State.GRANTED,
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=window),
        )
        .select_related("managing_officer")
        .order_by("ends_on")
    )
    overdue = (
        OrderDuty.objects.filter(
            live_order(today, "order__"),
            order__managing_force=force,
            state=OrderDuty.State.OPEN,
            due_on__lt=today,
        )
        .select_related("order", "owner")
        .order_by("due_on")
    )
    notes = overdue.filter(kind=OrderDuty.Kind.NOTIFICATION)
    reviews = overdue.filter(kind=OrderDuty.Kind.REVIEW)
    breaches = Breach.objects.filter(
        order__managing_force=force, occurred_on__gte=today - dt.timedelta(days=90)
    ) | Breach.objects.filter(order__applicant_force=force, occurred_on__gte=today - dt.timedelta(days=90))
    breaches = breaches.select_related("order", "case", "case__force", "force").order_by("-occurred_on")
    return Dashboard(
        list(expiring[:limit]),
        expiring.count(),
        list(notes[:limit]),
        notes.count(),
        list(reviews[:limit]),
        reviews.count(),
        list(breaches[:limit]),
        breaches.count(),
        window,
    )


def order_page(order: Order) -> dict[str, Any]:
    return {
        "prohibitions": order.prohibitions.all(),
        "notifications": order.notifications.select_related("address_force"),
        "duties": order.duties.select_related("owner", "escalated_to").order_by("-due_on", "-id"),
        "reviews": order.reviews.all(),
        "court_decisions": order.court_decisions.all(),
        "offers": order.offers.select_related("from_force", "to_force", "decided_by"),
        "breaches": order.breaches.select_related("case", "case__force", "force"),
        "interim_orders": order.interim_orders.all(),
    }
