"""An order moving between forces (offered when the person notifies an address elsewhere, accepted
with a managing officer, or declined) and breaches (recorded, with every force that holds the order
or the person's cases told). Same shape as services.py: rules, one transaction, timeline, audit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Offence, PartyRole
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.notify import outbox
from lantern.orders import steps
from lantern.orders.access import can_decide_offer, can_record_breach, require_manage
from lantern.orders.models import Breach, Order, OrderDuty, OrderOffer

State = Order.State


def make_offer(actor: User, order: Order, to_force: Force, reason: str) -> OrderOffer:
    offer = OrderOffer.objects.create(
        order=order, from_force=order.managing_force, to_force=to_force, reason=reason[:500], offered_by=actor
    )
    audit.record(actor, audit.Action.DISCLOSURE, order, recipients=to_force.name, reason=reason[:200])
    steps.timeline(order, f"offered to {to_force.name} to manage", actor)
    return offer


def offer_to_force(actor: User, order: Order, to_force: Force, reason: str) -> OrderOffer:
    require_manage(actor, order)
    steps.require_in_force(order)
    if to_force.pk == order.managing_force_id:
        raise invalid("to_force", f"{to_force.name} already manages this order.")
    if not reason.strip():
        raise invalid("reason", "Say why the order should move to another force.")
    if order.offers.filter(state=OrderOffer.State.OFFERED).exists():
        raise invalid("to_force", "This order already has an offer waiting.")
    with transaction.atomic():
        return make_offer(actor, order, to_force, reason)


def _open_offer(offer: OrderOffer, actor: User) -> None:
    if offer.state != OrderOffer.State.OFFERED:
        raise invalid("offer", f"This offer was already {offer.get_state_display().lower()}.")
    if not can_decide_offer(actor, offer):
        raise AccessDenied("A supervisor or SPOC of the force it is offered to decides.")


def accept_offer(actor: User, offer: OrderOffer, officer: User) -> Order:
    """The new force manages the order with a named officer; open duties move to them. The old
    force keeps read access (access.order_condition)."""
    _open_offer(offer, actor)
    steps.check_officer(officer, offer.to_force, "officer")
    order = offer.order
    with transaction.atomic():
        OrderOffer.objects.filter(pk=offer.pk).update(
            state=OrderOffer.State.ACCEPTED, decided_by=actor, decided_at=timezone.now()
        )
        Order.objects.filter(pk=order.pk).update(managing_force=offer.to_force, managing_officer=officer)
        OrderDuty.objects.filter(order=order, state=OrderDuty.State.OPEN).update(owner=officer)
        steps.bump(order)
        audit.record(actor, audit.Action.ALTERATION, order, detail=f"managed by {offer.to_force.code}")
        steps.timeline(order, f"now managed by {offer.to_force.name} ({officer.display_name})", actor)
    offer.refresh_from_db()
    return order


def decline_offer(actor: User, offer: OrderOffer, note: str) -> OrderOffer:
    _open_offer(offer, actor)
    if not note.strip():
        raise invalid("note", "Say why the offer is declined.")
    with transaction.atomic():
        OrderOffer.objects.filter(pk=offer.pk).update(
            state=OrderOffer.State.DECLINED, decided_by=actor, decided_at=timezone.now(), decision_note=note[:500]
        )
        audit.record(actor, audit.Action.ALTERATION, offer.order, detail="offer declined")
        steps.timeline(offer.order, f"{offer.to_force.name} declined to manage the order", actor)
    offer.refresh_from_db()
    return offer


def record_breach(actor: User, order: Order, *, occurred_on: dt.date, summary: str, crime_reference: str) -> Breach:
    """A suspected breach opens a new case for the s30 offence in the actor's force (where it
    happened), through the cases app's services; the applicant and managing forces are told."""
    if not can_record_breach(actor, order):
        raise AccessDenied("Only police officers who can see an order in force record a breach of it.")
    errors: dict[str, str] = {}
    if occurred_on > clock.today():
        errors["occurred_on"] = "The breach cannot be in the future."
    elif order.made_on and occurred_on < order.made_on:
        errors["occurred_on"] = f"A breach cannot happen before the order was made ({order.made_on:%d %B %Y})."
    if not summary.strip():
        errors["summary"] = "Describe what happened."
    steps.refuse(errors)
    with transaction.atomic():
        case = case_services.record_case(
            actor,
            case_services.NewCase(
                crime_reference=crime_reference,
                summary=f"Suspected breach of {order.short_kind} {order.pk} (s30 Modern Slavery Act 2015): {summary}",
            ),
        )
        case_services.add_offence(actor, case, Offence.Legislation.MSA_S30, f"Breach of {order.short_kind} {order.pk}")
        case_services.add_party(actor, case, order.subject, PartyRole.SUSPECT)
        breach = Breach.objects.create(
            order=order,
            case=case,
            force_id=case.force_id,
            occurred_on=occurred_on,
            summary=summary.strip(),
            recorded_by=actor,
        )
        order.cases.add(case)
        audit.record(actor, audit.Action.COMBINATION, order, detail=f"breach {breach.pk}: case {case.pk}")
        steps.timeline(order, f"suspected breach recorded; case {case.full_reference} opened", actor)
        _tell_forces(order, breach)
    return breach


def _tell_forces(order: Order, breach: Breach) -> None:
    """E-mail the managing officer and the applicant force's modern slavery lead, naming no person."""
    from lantern.victims_code.sweep import leads_for

    recipients = {order.managing_officer_id}
    recipients |= {pk for pk in leads_for({order.applicant_force_id, order.managing_force_id}).values() if pk}
    link = settings.LANTERN_SERVICE_URL.rstrip("/") + f"/orders/{order.pk}/"
    for user in User.objects.filter(pk__in=recipients, is_active=True).exclude(email=""):
        outbox.enqueue(
            outbox.NewMessage(
                idempotency_key=f"order-breach:{breach.pk}:{user.pk}",
                purpose="order_breach",
                channel="email",
                recipient=user.email,
                subject=f"Lantern: suspected breach of {order.short_kind} {order.pk}",
                body=(
                    f"A suspected breach of {order.short_kind} {order.pk} was recorded by {breach.force.name} "
                    f"and a case opened for the offence under section 30 of the Modern Slavery Act 2015.\n\n"
                    f"Sign in to Lantern to see it: {link}\n\nThis e-mail names no person on purpose."
                ),
            )
        )
