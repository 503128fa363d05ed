"""The orders' oversight measures, registered in the one registry (core.measure_registry) from
OrdersConfig.ready(): oversight computes and shows them like its own (it may not import orders)."""

from __future__ import annotations

from django.db.models import Case, F, QuerySet, When

from lantern.core.measure_registry import Measure, Source, register
from lantern.orders.models import Breach, Order

TABLE = "Slavery and Trafficking Prevention and Risk Orders in force and breaches, by force"
MADE = [Order.State.GRANTED, Order.State.DISCHARGED, Order.State.ENDED]  # made by a court at some time


def _orders() -> QuerySet[Order]:
    """Orders a court made (interim orders too), with the last day each was in force: the day it was
    discharged or ended early, else its end date (empty: until further order)."""
    return Order.objects.filter(made_on__isnull=False, state__in=MADE).annotate(
        last_day=Case(When(ended_on__isnull=False, then=F("ended_on")), default=F("ends_on"))
    )


ORDERS_IN_FORCE = Measure(
    "orders_in_force",
    "Orders in force",
    "Slavery and Trafficking Prevention and Risk Orders (interim orders included) in force on the last day of "
    "the period (or today, for a period not yet over), counted in the force that manages them now.",
    "orders in force",
    "",
    "orders made by a court, from the day made to the day they ended or were discharged (inclusive), "
    "on the period's last day",
    "count",
    Source(_orders, "made_on", "managing_force_id", None, None, in_force=("made_on", "last_day")),
    breakdowns=frozenset({"force", "region", "month"}),
    table=TABLE,
    column="Orders in force at the end of the period",
)
ORDER_BREACHES = Measure(
    "order_breaches",
    "Breaches of orders",
    "Suspected breaches of a prevention or risk order recorded in the period (each a new case for the "
    "section 30 offence), in the force where the breach happened.",
    "breaches recorded",
    "",
    "breaches, by the day the breach happened",
    "count",
    Source(Breach.objects.all, "occurred_on", "force_id", "case_id", "case__exploitation_types"),
    table=TABLE,
    column="Breaches recorded",
)


def register_measures() -> None:
    register(ORDERS_IN_FORCE, ORDER_BREACHES)
