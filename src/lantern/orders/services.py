"""Operations on orders. Each checks the rules (rules.py, figures from StatutoryRule), opens a
transaction, writes the change, a timeline entry on every case the order touches, and the audit
entry. Pages, the API and commands call these; none writes order records itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.cases.models import Case
from lantern.core import audit, clock
from lantern.core.access import AccessDenied, can_record_cases
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.orders import movement, rules, steps
from lantern.orders.access import require_manage
from lantern.orders.models import (
    CourtDecision,
    Notification,
    Order,
    OrderDuty,
    OrderOffer,
    Prohibition,
    Review,
    StatutoryRule,
)
from lantern.people.models import Person

State = Order.State


def limits_for(kind: str) -> rules.Limits:
    row = StatutoryRule.objects.filter(kind=kind).first()
    if row is None:
        raise invalid("kind", f"{kind!r} is not a kind of order.")
    return rules.Limits(
        minimum_years=row.minimum_years,
        discharge_protected_years=row.discharge_protected_years,
        travel_max_years=row.travel_max_years,
        notify_days=row.notify_days,
        change_notify_days=row.change_notify_days,
        fixed_period_required=row.fixed_period_required,
        section=row.duration_section,
        discharge_section=row.discharge_section,
    )


@dataclass
class NewOrder:
    kind: str
    subject: Person
    managing_force: Force
    managing_officer: User
    court: str
    state: str = State.DRAFT
    reference: str = ""
    cases: list[Case] = field(default_factory=list)
    main_order: Order | None = None
    applied_on: dt.date | None = None
    made_on: dt.date | None = None
    served_on: dt.date | None = None
    ends_on: dt.date | None = None
    notification_required: bool = True
    foreign_travel_prohibited: bool = False
    travel_countries: str = ""
    travel_ends_on: dt.date | None = None
    passport_surrender: bool = False
    passport_station: str = ""
    review_interval_months: int = 6


def _grant_errors(
    limits: rules.Limits,
    made_on: dt.date | None,
    served_on: dt.date | None,
    ends_on: dt.date | None,
    travel: bool,
    travel_ends_on: dt.date | None,
    today: dt.date,
) -> dict[str, str]:
    errors = rules.order_date_errors(limits, made_on, ends_on)
    if made_on is not None and made_on > today:
        errors.setdefault("made_on", "The date the order was made cannot be in the future.")
    if served_on is not None and made_on is not None and served_on < made_on:
        errors.setdefault("served_on", "The order cannot be served before it was made.")
    if travel:
        travel_found = rules.travel_errors(limits, made_on, travel_ends_on)
        errors.update({k: v for k, v in travel_found.items() if k not in errors})
    return errors


def create_order(actor: User, data: NewOrder) -> Order:
    """Record an application (draft or applied) in the actor's force, or an order already made
    (state granted: an order on conviction, or one obtained before Lantern)."""
    if not can_record_cases(actor) or actor.force is None or not actor.can_hold_cases:
        raise AccessDenied("Only investigators, SPOCs and supervisors of a force record orders.")
    if data.state not in (State.DRAFT, State.APPLIED, State.GRANTED):
        raise invalid("state", "A new order is a draft application, an application made, or an order granted.")
    limits = limits_for(data.kind)
    today = clock.today()
    errors: dict[str, str] = {}
    if not data.court.strip():
        errors["court"] = "Enter the court."
    try:
        steps.check_officer(data.managing_officer, data.managing_force)
    except ValidationError as exc:
        errors["managing_officer"] = exc.messages[0]
    if data.applied_on is not None and data.applied_on > today:
        errors["applied_on"] = "The date applied cannot be in the future."
    if data.main_order is not None and data.kind not in ("interim_stpo", "interim_stro"):
        errors["main_order"] = "Only an interim order stands in for a main application."
    if data.state == State.GRANTED:
        errors.update(
            _grant_errors(
                limits,
                data.made_on,
                data.served_on,
                data.ends_on,
                data.foreign_travel_prohibited,
                data.travel_ends_on,
                today,
            )
        )
    elif data.ends_on is not None and data.made_on is not None:
        errors.update(rules.order_date_errors(limits, data.made_on, data.ends_on))
    if data.passport_surrender and not data.passport_station.strip():
        errors["passport_station"] = "Name the police station where the passports are to be surrendered."
    if not 1 <= data.review_interval_months <= 24:
        errors["review_interval_months"] = "Set a review every 1 to 24 months."
    steps.refuse(errors)
    with transaction.atomic():
        order = Order.objects.create(
            kind=data.kind,
            state=data.state,
            subject=data.subject,
            applicant_force=actor.force,
            managing_force=data.managing_force,
            managing_officer=data.managing_officer,
            court=data.court.strip(),
            reference=data.reference.strip(),
            main_order=data.main_order,
            applied_on=data.applied_on,
            decided_on=data.made_on if data.state == State.GRANTED else None,
            made_on=data.made_on,
            served_on=data.served_on,
            ends_on=data.ends_on,
            notification_required=data.notification_required,
            foreign_travel_prohibited=data.foreign_travel_prohibited,
            travel_countries=data.travel_countries,
            travel_ends_on=data.travel_ends_on if data.foreign_travel_prohibited else None,
            passport_surrender=data.passport_surrender,
            passport_station=data.passport_station,
            review_interval_months=data.review_interval_months,
            recorded_by=actor,
        )
        order.cases.set(data.cases)
        if data.state == State.GRANTED:
            _start_management(order, today)
        audit.record(actor, audit.Action.COLLECTION, order, detail=f"state {order.state}")
        for case in data.cases:
            audit.record(actor, audit.Action.COMBINATION, order, detail=f"order {order.pk} with case {case.pk}")
        steps.timeline(order, f"{order.get_state_display()} ({order.court})", actor)
    return order


def _start_management(order: Order, today: dt.date) -> None:
    """An order now in force: the first notification is owed, the first review is scheduled."""
    if order.made_on is None:
        raise invalid("made_on", "An order in force has the date it was made.")
    limits = limits_for(order.kind)
    if order.notification_required:
        served = order.served_on or order.made_on
        due = rules.notification_due(
            served, limits.notify_days, count_event_day=settings.LANTERN_ORDERS_COUNT_DAY_OF_SERVICE
        )
        _open_duty(order, OrderDuty.Kind.NOTIFICATION, "initial", served, due)
    first_review = rules.add_months(order.made_on, order.review_interval_months)
    Order.objects.filter(pk=order.pk).update(next_review_on=first_review)
    order.next_review_on = first_review
    _open_duty(order, OrderDuty.Kind.REVIEW, f"review:{first_review.isoformat()}", order.made_on, first_review)


def _open_duty(order: Order, kind: str, key: str, arose_on: dt.date, due_on: dt.date) -> OrderDuty:
    duty, _ = OrderDuty.objects.get_or_create(
        order=order,
        kind=kind,
        source_key=key,
        defaults={"arose_on": arose_on, "due_on": due_on, "owner_id": order.managing_officer_id},
    )
    return duty


def _meet_duties(duties: Iterable[OrderDuty], on: dt.date) -> None:
    for duty in duties:
        state = OrderDuty.State.MET if on <= duty.due_on else OrderDuty.State.MET_LATE
        OrderDuty.objects.filter(pk=duty.pk).update(state=state, met_on=on)


def _close_open_duties(order: Order) -> None:
    OrderDuty.objects.filter(order=order, state=OrderDuty.State.OPEN).update(state=OrderDuty.State.CLOSED)


def submit_application(actor: User, order: Order, applied_on: dt.date) -> Order:
    require_manage(actor, order)
    if order.state != State.DRAFT:
        raise invalid("state", "Only a draft application can be submitted.")
    if applied_on > clock.today():
        raise invalid("applied_on", "The date applied cannot be in the future.")
    with transaction.atomic():
        Order.objects.filter(pk=order.pk).update(state=State.APPLIED, applied_on=applied_on)
        steps.bump(order)
        audit.record(actor, audit.Action.ALTERATION, order, detail="applied")
        steps.timeline(order, f"applied for at {order.court}", actor)
    return order


def decide_application(
    actor: User,
    order: Order,
    *,
    granted: bool,
    decided_on: dt.date,
    served_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    travel_ends_on: dt.date | None = None,
) -> Order:
    """The court's decision on an application: granted (made that day) or refused. Interim orders
    standing in for this application end with the decision (s21, s28)."""
    require_manage(actor, order)
    if order.state not in (State.DRAFT, State.APPLIED):
        raise invalid("state", f"This order is already {order.get_state_display().lower()}.")
    today = clock.today()
    if decided_on > today:
        steps.refuse({"decided_on": "The decision date cannot be in the future."})
    if order.applied_on is not None and decided_on < order.applied_on:
        steps.refuse({"decided_on": "The court cannot decide before the application was made."})
    if granted:
        steps.refuse(
            {
                ("decided_on" if k == "made_on" else k): v
                for k, v in _grant_errors(
                    limits_for(order.kind),
                    decided_on,
                    served_on,
                    ends_on,
                    order.foreign_travel_prohibited,
                    travel_ends_on or order.travel_ends_on,
                    today,
                ).items()
            }
        )
    with transaction.atomic():
        Order.objects.filter(pk=order.pk).update(
            state=State.GRANTED if granted else State.REFUSED,
            decided_on=decided_on,
            made_on=decided_on if granted else None,
            served_on=served_on if granted else None,
            ends_on=ends_on if granted else None,
            travel_ends_on=(travel_ends_on or order.travel_ends_on) if granted else order.travel_ends_on,
        )
        steps.bump(order)
        if granted:
            _start_management(order, today)
        for interim in order.interim_orders.filter(state=State.GRANTED):
            Order.objects.filter(pk=interim.pk).update(state=State.ENDED, ended_on=decided_on)
            _close_open_duties(interim)
            audit.record(actor, audit.Action.ALTERATION, interim, detail="ended: main application decided")
        audit.record(actor, audit.Action.ALTERATION, order, detail="granted" if granted else "refused")
        steps.timeline(order, "granted by the court" if granted else "refused by the court", actor)
    return order


def add_prohibition(
    actor: User, order: Order, *, kind: str, text: str, starts_on: dt.date | None = None, ends_on: dt.date | None = None
) -> Prohibition:
    require_manage(actor, order)
    if kind not in Prohibition.Kind.values:
        raise invalid("kind", "Choose prohibition or requirement.")
    if not text.strip():
        raise invalid("text", "Describe what the order prohibits or requires.")
    steps.refuse(rules.prohibition_date_errors(order.made_on, order.ends_on, starts_on, ends_on))
    with transaction.atomic():
        item = Prohibition.objects.create(
            order=order, kind=kind, text=text.strip(), starts_on=starts_on, ends_on=ends_on, recorded_by=actor
        )
        steps.bump(order)
        audit.record(actor, audit.Action.ALTERATION, order, detail=f"{kind} {item.pk} added")
    return item


def expect_change(actor: User, order: Order, changed_on: dt.date) -> OrderDuty:
    """The police learn the person changed name or address: a notification is owed within the
    change deadline (StatutoryRule.change_notify_days, [U] in the reference)."""
    require_manage(actor, order)
    steps.require_in_force(order)
    steps.refuse(rules.notification_date_errors(order.made_on, clock.today(), clock.today(), changed_on))
    due = rules.notification_due(
        changed_on,
        limits_for(order.kind).change_notify_days,
        count_event_day=settings.LANTERN_ORDERS_COUNT_DAY_OF_SERVICE,
    )
    with transaction.atomic():
        duty = _open_duty(order, OrderDuty.Kind.NOTIFICATION, f"change:{changed_on.isoformat()}", changed_on, due)
        audit.record(actor, audit.Action.ALTERATION, order, detail="change expected")
    return duty


def record_notification(
    actor: User,
    order: Order,
    *,
    kind: str,
    names: str,
    address: str,
    address_force: Force,
    notified_on: dt.date,
    changed_on: dt.date | None = None,
) -> Notification:
    """The person notified their name(s) and address. Meets the notification due; an address in
    another force's area offers the order to that force."""
    require_manage(actor, order)
    steps.require_in_force(order)
    if kind not in Notification.Kind.values:
        raise invalid("kind", "Choose the first notification or a change.")
    errors = rules.notification_date_errors(
        order.served_on or order.made_on,
        notified_on,
        clock.today(),
        changed_on if kind == Notification.Kind.CHANGE else None,
    )
    if not names.strip():
        errors["names"] = "Enter the name or names the person gave."
    if not address.strip():
        errors["address"] = "Enter the home address the person gave."
    if kind == Notification.Kind.CHANGE and changed_on is None:
        errors["changed_on"] = "Enter the date of the change."
    steps.refuse(errors)
    limits = limits_for(order.kind)
    with transaction.atomic():
        if kind == Notification.Kind.CHANGE and changed_on is not None:
            due = rules.notification_due(
                changed_on, limits.change_notify_days, count_event_day=settings.LANTERN_ORDERS_COUNT_DAY_OF_SERVICE
            )
            _open_duty(order, OrderDuty.Kind.NOTIFICATION, f"change:{changed_on.isoformat()}", changed_on, due)
        open_duties = list(
            OrderDuty.objects.filter(order=order, kind=OrderDuty.Kind.NOTIFICATION, state=OrderDuty.State.OPEN)
        )
        late = any(notified_on > d.due_on for d in open_duties)
        _meet_duties(open_duties, notified_on)
        note = Notification.objects.create(
            order=order,
            kind=kind,
            names=names.strip(),
            address=address.strip(),
            address_force=address_force,
            changed_on=changed_on,
            notified_on=notified_on,
            late=late,
            recorded_by=actor,
        )
        audit.record(actor, audit.Action.COLLECTION, order, detail=f"notification {note.pk}")
        if (
            address_force.pk != order.managing_force_id
            and not order.offers.filter(state=OrderOffer.State.OFFERED).exists()
        ):
            movement.make_offer(actor, order, address_force, f"The person notified an address in {address_force.name}.")
    return note


def record_review(
    actor: User, order: Order, *, reviewed_on: dt.date, summary: str, next_review_on: dt.date | None = None
) -> Review:
    require_manage(actor, order)
    steps.require_in_force(order)
    errors: dict[str, str] = {}
    if reviewed_on > clock.today():
        errors["reviewed_on"] = "The review date cannot be in the future."
    elif order.made_on and reviewed_on < order.made_on:
        errors["reviewed_on"] = "A review cannot be before the order was made."
    if not summary.strip():
        errors["summary"] = "Summarise the review: compliance, risk, whether to apply to vary."
    following = next_review_on or rules.add_months(reviewed_on, order.review_interval_months)
    if following <= reviewed_on:
        errors["next_review_on"] = "The next review must be after this one."
    steps.refuse(errors)
    with transaction.atomic():
        review = Review.objects.create(
            order=order, reviewed_on=reviewed_on, summary=summary.strip(), next_review_on=following, recorded_by=actor
        )
        _meet_duties(
            OrderDuty.objects.filter(order=order, kind=OrderDuty.Kind.REVIEW, state=OrderDuty.State.OPEN), reviewed_on
        )
        Order.objects.filter(pk=order.pk).update(next_review_on=following)
        steps.bump(order)
        _open_duty(order, OrderDuty.Kind.REVIEW, f"review:{following.isoformat()}", reviewed_on, following)
        audit.record(actor, audit.Action.ALTERATION, order, detail=f"review {review.pk}")
    return review


def record_court_decision(
    actor: User,
    order: Order,
    *,
    kind: str,
    decided_on: dt.date,
    court: str,
    summary: str,
    new_ends_on: dt.date | None = None,
    defendant_consent: bool = False,
    chief_officer_consent: bool = False,
) -> CourtDecision:
    """A variation, renewal or discharge as the court decided it."""
    require_manage(actor, order)
    steps.require_in_force(order)
    if order.made_on is None:
        raise invalid("order", "This order has no date made.")
    limits = limits_for(order.kind)
    errors: dict[str, str] = {}
    if kind not in CourtDecision.Kind.values:
        errors["kind"] = "Choose variation, renewal or discharge."
    if decided_on > clock.today():
        errors["decided_on"] = "The decision date cannot be in the future."
    elif decided_on < order.made_on:
        errors["decided_on"] = "The court cannot decide on an order before it was made."
    if not court.strip():
        errors["court"] = "Enter the court."
    if not summary.strip():
        errors["summary"] = "Say what the court decided."
    if kind == CourtDecision.Kind.RENEWAL and new_ends_on is None:
        errors["new_ends_on"] = "A renewal sets a new end date."
    if kind in (CourtDecision.Kind.RENEWAL, CourtDecision.Kind.VARIATION) and new_ends_on is not None:
        errors.update(
            {
                ("new_ends_on" if k == "ends_on" else k): v
                for k, v in rules.order_date_errors(limits, order.made_on, new_ends_on).items()
            }
        )
    if kind == CourtDecision.Kind.DISCHARGE and "decided_on" not in errors:
        travel_only = order.foreign_travel_prohibited and not order.prohibitions.exists()
        errors.update(
            rules.discharge_errors(
                limits,
                order.made_on,
                decided_on,
                defendant_consent=defendant_consent,
                chief_officer_consent=chief_officer_consent,
                travel_only=travel_only,
            )
        )
    steps.refuse(errors)
    with transaction.atomic():
        decision = CourtDecision.objects.create(
            order=order,
            kind=kind,
            decided_on=decided_on,
            court=court.strip(),
            summary=summary.strip(),
            new_ends_on=new_ends_on,
            defendant_consent=defendant_consent,
            chief_officer_consent=chief_officer_consent,
            recorded_by=actor,
        )
        if kind == CourtDecision.Kind.DISCHARGE:
            Order.objects.filter(pk=order.pk).update(state=State.DISCHARGED, ended_on=decided_on)
            _close_open_duties(order)
        elif new_ends_on is not None:
            Order.objects.filter(pk=order.pk).update(ends_on=new_ends_on)
        steps.bump(order)
        audit.record(actor, audit.Action.ALTERATION, order, detail=f"court decision: {kind}")
        steps.timeline(order, f"{decision.get_kind_display().lower()} decided by {decision.court}", actor)
    return decision
