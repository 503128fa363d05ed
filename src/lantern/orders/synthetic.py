"""Orders for SYNTHETIC data only (`manage.py synthetic_orders`, called by `./lantern demo`).

Proportions. The reference supports one: 147 STPOs and 60 STROs were made in England and Wales
between July 2015 and March 2020 (seed 001, "2020 UK annual report on modern slavery") [S], so
71% of orders are STPOs. Everything else here is UNVERIFIED [U] (no figure in the reference), a
guess for a demonstration, named in PROPORTIONS: how many cases lead to an order (about 207 orders
over ~47,000 modern slavery crimes in 4.75 years, about 0.5%, derived from the same report and the
~10,000 crimes a year in DESIGN.md), the split of STPOs on conviction and on application, interim
orders, applications still open or refused, foreign travel prohibitions, orders managed by a force
other than the one that applied, notifications made on time, reviews done, breaches.

Every order goes through lantern.orders.services, so duties, audit entries and timeline entries are
the real ones. Idempotent: nothing is done once synthetic orders (reference SYN-...) exist.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from lantern.cases.models import CaseParty, PartyRole
from lantern.core import clock
from lantern.core.models import Force, User
from lantern.core.roles import Capability, roles_with
from lantern.orders import movement, services
from lantern.orders.models import Order, OrderKind

STPO_SHARE = 147 / (147 + 60)  # [S] seed 001: STPOs and STROs made July 2015 - March 2020
PROPORTIONS = {  # [U] all of these: demonstration values, not from the reference
    "cases_with_order": 0.005,
    "stpo_on_conviction": 0.8,
    "interim": 0.08,
    "open_application": 0.08,
    "refused": 0.06,
    "travel_prohibition": 0.3,
    "managed_elsewhere": 0.15,
    "until_further_order": 0.5,
    "notified_on_time": 0.85,
    "reviewed": 0.7,
    "breach": 0.05,
}
MINIMUM_ORDERS = 12


@dataclass
class Totals:
    orders: int = 0
    managed_elsewhere: int = 0
    breaches: int = 0
    missed_notifications: int = 0

    def __str__(self) -> str:
        return (
            f"{self.orders} orders ({self.managed_elsewhere} managed by a force other than the applicant), "
            f"{self.breaches} breaches, {self.missed_notifications} missed notifications"
        )


def _holders() -> dict[int, list[User]]:
    by_force: dict[int, list[User]] = {}
    holders = User.objects.filter(role__in=roles_with(Capability.HOLDS_CASES), is_active=True, force__isnull=False)
    for u in holders.order_by("pk"):
        by_force.setdefault(u.force_id, []).append(u)  # type: ignore[arg-type]
    return by_force


def _kind(rng: random.Random) -> str:
    stpo = rng.random() < STPO_SHARE
    if rng.random() < PROPORTIONS["interim"]:
        return OrderKind.INTERIM_STPO if stpo else OrderKind.INTERIM_STRO
    if not stpo:
        return OrderKind.STRO
    return OrderKind.STPO_CONVICTION if rng.random() < PROPORTIONS["stpo_on_conviction"] else OrderKind.STPO_APPLICATION


def generate(seed: int = 1) -> Totals:
    totals = Totals()
    if Order.objects.filter(reference__startswith="SYN-").exists():
        return totals
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    holders = _holders()
    forces = {f.pk: f for f in Force.objects.filter(pk__in=list(holders))}
    parties = list(
        CaseParty.objects.filter(role=PartyRole.SUSPECT, case__force_id__in=list(holders))
        .select_related("case", "person")
        .order_by("pk")
    )
    if not parties or not forces:
        return totals
    count = min(len(parties), max(MINIMUM_ORDERS, round(len(parties) * PROPORTIONS["cases_with_order"])))
    today = clock.today()
    for n, party in enumerate(rng.sample(parties, count)):
        case = party.case
        applicant = holders[case.force_id][0]
        elsewhere = (n == 0 or rng.random() < PROPORTIONS["managed_elsewhere"]) and len(forces) > 1
        managing_force = (
            forces[rng.choice([f for f in forces if f != case.force_id])] if elsewhere else forces[case.force_id]
        )
        officer = rng.choice(holders[managing_force.pk])
        kind = _kind(rng)
        made = today - dt.timedelta(days=rng.randint(10, 4 * 365))
        roll = rng.random()
        state = (
            Order.State.APPLIED
            if roll < PROPORTIONS["open_application"]
            else Order.State.REFUSED
            if roll < PROPORTIONS["open_application"] + PROPORTIONS["refused"]
            else Order.State.GRANTED
        )
        if kind in (OrderKind.INTERIM_STPO, OrderKind.INTERIM_STRO):
            ends: dt.date | None = made + dt.timedelta(days=rng.randint(60, 240))
        elif kind == OrderKind.STRO:
            ends = made + dt.timedelta(days=rng.randint(2 * 365 + 1, 5 * 365))
        else:
            ends = (
                None
                if rng.random() < PROPORTIONS["until_further_order"]
                else made + dt.timedelta(days=rng.randint(5 * 365 + 2, 10 * 365))
            )
        travel = rng.random() < PROPORTIONS["travel_prohibition"]
        order = services.create_order(
            applicant,
            services.NewOrder(
                kind=kind,
                subject=party.person,
                managing_force=managing_force,
                managing_officer=officer,
                court=f"{case.force.name.replace(' Police', '').replace(' Constabulary', '')} Magistrates' Court",
                state=Order.State.APPLIED if state != Order.State.GRANTED else state,
                reference=f"SYN-{n + 1:05d}",
                cases=[case],
                applied_on=made - dt.timedelta(days=rng.randint(14, 90)),
                made_on=made if state == Order.State.GRANTED else None,
                served_on=made if state == Order.State.GRANTED else None,
                ends_on=ends if state == Order.State.GRANTED else None,
                foreign_travel_prohibited=travel,
                travel_ends_on=made + dt.timedelta(days=3 * 365) if travel else None,
                passport_surrender=travel and rng.random() < 0.5,
                passport_station="Central Police Station",
            ),
        )
        totals.orders += 1
        totals.managed_elsewhere += int(managing_force.pk != case.force_id)
        if state == Order.State.REFUSED:
            services.decide_application(applicant, order, granted=False, decided_on=made)
            continue
        if state != Order.State.GRANTED:
            continue
        _manage(rng, order, officer, made, today, totals)
    return totals


def _manage(rng: random.Random, order: Order, officer: User, made: dt.date, today: dt.date, totals: Totals) -> None:
    services.add_prohibition(
        officer, order, kind="prohibition", text="Not to act as a gangmaster or supply workers to any business"
    )
    if rng.random() < PROPORTIONS["notified_on_time"] or made + dt.timedelta(days=3) >= today:
        services.record_notification(
            officer,
            order,
            kind="initial",
            names=order.subject.display_name,
            address="(synthetic address)",
            address_force=order.managing_force,
            notified_on=min(today, made + dt.timedelta(days=rng.randint(0, 3))),
        )
    else:
        totals.missed_notifications += 1
    if order.next_review_on and order.next_review_on < today and rng.random() < PROPORTIONS["reviewed"]:
        services.record_review(
            officer,
            order,
            reviewed_on=min(today, order.next_review_on),
            summary="(Synthetic) Compliant; risk reviewed.",
        )
    if rng.random() < PROPORTIONS["breach"]:
        movement.record_breach(
            officer,
            order,
            occurred_on=max(made, today - dt.timedelta(days=rng.randint(0, 60))),
            summary="(Synthetic) Seen working at a car wash against the order.",
            crime_reference=f"SYN-BR-{order.pk:05d}",
        )
        totals.breaches += 1
