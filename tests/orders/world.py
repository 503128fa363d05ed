"""Orders for the test world (tests.factories.World), made on demand; each builder returns the
record already made for this world. The permission matrices call these from their rows.

- granted(w): an STPO applied for by the MPS (other_force_officer's force) against the WMP case's
  suspect, who lives in the West Midlands: managed by WMP (w.oic). MPS sees it read-only.
- draft(w): a WMP draft application against the same suspect, from the WMP case.
- mps_offer(w): an MPS order whose subject moved to the West Midlands, offered to WMP.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import World, person

from lantern.core import clock
from lantern.orders import movement, services
from lantern.orders.models import Order, OrderOffer


def today() -> dt.date:
    return clock.today()


def granted(w: World, **overrides: Any) -> Order:
    existing = Order.objects.filter(reference="MATRIX-GRANTED").first()
    if existing is not None and not overrides:
        return existing
    made = today() - dt.timedelta(days=30)
    data: dict[str, Any] = {
        "kind": "stpo_conviction",
        "subject": w.suspect,
        "managing_force": w.wmp,
        "managing_officer": w.oic,
        "court": "Southwark Crown Court",
        "state": Order.State.GRANTED,
        "reference": "MATRIX-GRANTED",
        "cases": [w.other_case],
        "made_on": made,
        "served_on": made,
        "ends_on": None,
    }
    data.update(overrides)
    return services.create_order(w.other_force_officer, services.NewOrder(**data))


def draft(w: World) -> Order:
    existing = Order.objects.filter(reference="MATRIX-DRAFT").first()
    if existing is not None:
        return existing
    return services.create_order(
        w.oic,
        services.NewOrder(
            kind="stro",
            subject=w.suspect,
            managing_force=w.wmp,
            managing_officer=w.oic,
            court="Birmingham Magistrates' Court",
            reference="MATRIX-DRAFT",
            cases=[w.case],
        ),
    )


def mps_offer(w: World) -> OrderOffer:
    existing = OrderOffer.objects.filter(order__reference="MATRIX-MPS").first()
    if existing is not None:
        return existing
    made = today() - dt.timedelta(days=400)
    order = services.create_order(
        w.other_force_officer,
        services.NewOrder(
            kind="stro",
            subject=person("Marek", "Nowak"),
            managing_force=w.met,
            managing_officer=w.other_force_officer,
            court="Westminster Magistrates' Court",
            state=Order.State.GRANTED,
            reference="MATRIX-MPS",
            made_on=made,
            served_on=made,
            ends_on=made + dt.timedelta(days=3 * 365),
            cases=[w.other_case],
        ),
    )
    return movement.offer_to_force(w.other_force_officer, order, w.wmp, "He moved to Wolverhampton.")


def made_on(order: Order) -> dt.date:
    """The day a granted order was made (always set once granted)."""
    assert order.made_on is not None
    return order.made_on
