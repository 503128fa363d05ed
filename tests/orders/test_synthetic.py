"""synthetic_orders: seeded, idempotent, at least one order managed outside the applicant force."""

from __future__ import annotations

import pytest
from tests.factories import build_world

from lantern.orders import synthetic
from lantern.orders.models import Order

pytestmark = pytest.mark.django_db


def test_generates_once_with_a_cross_force_order() -> None:
    build_world()
    totals = synthetic.generate(seed=3)
    assert totals.orders == Order.objects.count() >= 1
    assert totals.managed_elsewhere >= 1
    order = Order.objects.get()
    assert order.applicant_force_id != order.managing_force_id
    assert order.reference.startswith("SYN-")
    assert str(synthetic.generate(seed=3)).startswith("0 orders")  # idempotent
    assert round(synthetic.STPO_SHARE, 2) == 0.71
