"""API for prevention and risk orders: the register, an order, its application and court
decisions, prohibitions, notifications, reviews, offers to another force, breaches. Every read
and change is audited; refusals are 422 naming the field (decision 0001)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.api_schemas import InputSchema, Limit
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.core.web import current_user as _user
from lantern.orders import movement, queries, services
from lantern.orders.access import can_manage, can_see_orders, get_order_for, visible_orders
from lantern.orders.models import Order, OrderKind, OrderOffer
from lantern.people.access import get_person_for

router = Router(tags=["orders"])


class OrderIn(InputSchema):
    kind: OrderKind
    subject_id: int
    managing_force_code: str
    managing_officer_id: int
    court: str
    state: Order.State = Order.State.DRAFT
    reference: str = ""
    case_ids: list[int] = []
    main_order_id: int | None = None
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


class ProhibitionOut(Schema):
    id: int
    kind: str
    text: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class OrderDutyOut(Schema):
    id: int
    kind: str
    due_on: dt.date
    state: str
    owner_id: int
    escalation_level: int


class OrderOut(Schema):
    id: int
    kind: str
    state: str
    subject_id: int
    applicant_force_code: str
    managing_force_code: str
    managing_officer_id: int
    court: str
    reference: str
    case_ids: list[int]
    applied_on: dt.date | None
    made_on: dt.date | None
    served_on: dt.date | None
    ends_on: dt.date | None
    foreign_travel_prohibited: bool
    travel_ends_on: dt.date | None
    passport_surrender: bool
    next_review_on: dt.date | None
    version: int
    can_manage: bool
    prohibitions: list[ProhibitionOut]
    duties: list[OrderDutyOut]


def _out(order: Order, user: User) -> OrderOut:
    return OrderOut(
        id=order.pk,
        kind=order.kind,
        state=order.state,
        subject_id=order.subject_id,
        applicant_force_code=order.applicant_force.code,
        managing_force_code=order.managing_force.code,
        managing_officer_id=order.managing_officer_id,
        court=order.court,
        reference=order.reference,
        case_ids=list(order.cases.values_list("pk", flat=True)),
        applied_on=order.applied_on,
        made_on=order.made_on,
        served_on=order.served_on,
        ends_on=order.ends_on,
        foreign_travel_prohibited=order.foreign_travel_prohibited,
        travel_ends_on=order.travel_ends_on,
        passport_surrender=order.passport_surrender,
        next_review_on=order.next_review_on,
        version=order.version,
        can_manage=can_manage(user, order),
        prohibitions=[
            ProhibitionOut(id=p.pk, kind=p.kind, text=p.text, starts_on=p.starts_on, ends_on=p.ends_on)
            for p in order.prohibitions.all()
        ],
        duties=[
            OrderDutyOut(
                id=d.pk,
                kind=d.kind,
                due_on=d.due_on,
                state=d.state,
                owner_id=d.owner_id,
                escalation_level=d.escalation_level,
            )
            for d in order.duties.order_by("due_on")
        ],
    )


def _force(code: str, field: str) -> Force:
    force = Force.objects.filter(code__iexact=code.strip()).first()
    if force is None:
        raise invalid(field, f"No force with code {code!r}.")
    return force


def _officer(pk: int, field: str) -> User:
    officer = User.objects.filter(pk=pk).first()
    if officer is None:
        raise invalid(field, "No such officer.")
    return officer


def _load(user: User, order_id: int) -> Order:
    order = get_order_for(user, order_id)
    audit.record(user, audit.Action.CONSULTATION, order, detail="api")
    return order


@router.get("/orders", response=list[OrderOut], summary="The orders register your force can see")
def list_orders(request: HttpRequest, shown: str = "", limit: Limit = 100) -> list[OrderOut]:
    user = _user(request)
    if not can_see_orders(user):
        raise AccessDenied("The orders register is for investigators, SPOCs and supervisors of a force.")
    if shown and shown not in queries.REGISTER_FILTERS:
        raise invalid("shown", f"Choose one of {', '.join(queries.REGISTER_FILTERS)}.")
    orders = list(queries.register(user, shown)[:limit])
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="orders.order",
        object_id="",
        detail=("orders " + ",".join(str(o.pk) for o in orders))[:255],
    )
    return [_out(o, user) for o in orders]


@router.post("/orders", response={201: OrderOut}, summary="Record an application or an order made")
def create_order(request: HttpRequest, payload: OrderIn) -> Status[OrderOut]:
    user = _user(request)
    if not can_see_orders(user):
        raise AccessDenied("Only investigators, SPOCs and supervisors of a force record orders.")
    main = get_order_for(user, payload.main_order_id) if payload.main_order_id else None
    order = services.create_order(
        user,
        services.NewOrder(
            kind=payload.kind,
            subject=get_person_for(user, payload.subject_id),
            managing_force=_force(payload.managing_force_code, "managing_force_code"),
            managing_officer=_officer(payload.managing_officer_id, "managing_officer"),
            court=payload.court,
            state=payload.state,
            reference=payload.reference,
            cases=[get_case_for(user, pk) for pk in payload.case_ids],
            main_order=main,
            applied_on=payload.applied_on,
            made_on=payload.made_on,
            served_on=payload.served_on,
            ends_on=payload.ends_on,
            notification_required=payload.notification_required,
            foreign_travel_prohibited=payload.foreign_travel_prohibited,
            travel_countries=payload.travel_countries,
            travel_ends_on=payload.travel_ends_on,
            passport_surrender=payload.passport_surrender,
            passport_station=payload.passport_station,
            review_interval_months=payload.review_interval_months,
        ),
    )
    return Status(201, _out(order, user))


@router.get("/orders/{order_id}", response=OrderOut)
def get_order(request: HttpRequest, order_id: int) -> OrderOut:
    user = _user(request)
    return _out(_load(user, order_id), user)


class OrderDecisionIn(InputSchema):
    granted: bool
    decided_on: dt.date
    served_on: dt.date | None = None
    ends_on: dt.date | None = None
    travel_ends_on: dt.date | None = None


@router.post("/orders/{order_id}/decision", response=OrderOut, summary="The court granted or refused the application")
def decide_order(request: HttpRequest, order_id: int, payload: OrderDecisionIn) -> OrderOut:
    user = _user(request)
    order = services.decide_application(user, _load(user, order_id), **payload.dict())
    return _out(order, user)


class ProhibitionIn(InputSchema):
    kind: str = "prohibition"
    text: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@router.post("/orders/{order_id}/prohibitions", response={201: ProhibitionOut})
def add_prohibition(request: HttpRequest, order_id: int, payload: ProhibitionIn) -> Status[ProhibitionOut]:
    user = _user(request)
    p = services.add_prohibition(user, _load(user, order_id), **payload.dict())
    return Status(201, ProhibitionOut(id=p.pk, kind=p.kind, text=p.text, starts_on=p.starts_on, ends_on=p.ends_on))


class NotificationIn(InputSchema):
    kind: str = "initial"
    names: str
    address: str
    address_force_code: str
    notified_on: dt.date
    changed_on: dt.date | None = None


class CreatedOut(Schema):
    id: int
    order_id: int


@router.post(
    "/orders/{order_id}/notifications", response={201: CreatedOut}, summary="The person notified their name and address"
)
def record_notification(request: HttpRequest, order_id: int, payload: NotificationIn) -> Status[CreatedOut]:
    user = _user(request)
    order = _load(user, order_id)
    note = services.record_notification(
        user,
        order,
        kind=payload.kind,
        names=payload.names,
        address=payload.address,
        address_force=_force(payload.address_force_code, "address_force_code"),
        notified_on=payload.notified_on,
        changed_on=payload.changed_on,
    )
    return Status(201, CreatedOut(id=note.pk, order_id=order.pk))


class OrderReviewIn(InputSchema):
    reviewed_on: dt.date
    summary: str
    next_review_on: dt.date | None = None


@router.post("/orders/{order_id}/reviews", response={201: CreatedOut})
def record_review(request: HttpRequest, order_id: int, payload: OrderReviewIn) -> Status[CreatedOut]:
    user = _user(request)
    order = _load(user, order_id)
    review = services.record_review(user, order, **payload.dict())
    return Status(201, CreatedOut(id=review.pk, order_id=order.pk))


class CourtDecisionIn(InputSchema):
    kind: str
    decided_on: dt.date
    court: str
    summary: str
    new_ends_on: dt.date | None = None
    defendant_consent: bool = False
    chief_officer_consent: bool = False


@router.post(
    "/orders/{order_id}/court-decisions",
    response={201: CreatedOut},
    summary="A variation, renewal or discharge decided by the court",
)
def record_court_decision(request: HttpRequest, order_id: int, payload: CourtDecisionIn) -> Status[CreatedOut]:
    user = _user(request)
    order = _load(user, order_id)
    decision = services.record_court_decision(user, order, **payload.dict())
    return Status(201, CreatedOut(id=decision.pk, order_id=order.pk))


class BreachIn(InputSchema):
    occurred_on: dt.date
    summary: str
    crime_reference: str


class BreachOut(Schema):
    id: int
    order_id: int
    case_id: int


@router.post(
    "/orders/{order_id}/breaches",
    response={201: BreachOut},
    summary="Record a suspected breach: opens a s30 case in your force",
)
def record_breach(request: HttpRequest, order_id: int, payload: BreachIn) -> Status[BreachOut]:
    user = _user(request)
    order = _load(user, order_id)
    breach = movement.record_breach(user, order, **payload.dict())
    return Status(201, BreachOut(id=breach.pk, order_id=order.pk, case_id=breach.case_id))


class OfferIn(InputSchema):
    to_force_code: str
    reason: str


@router.post("/orders/{order_id}/offers", response={201: CreatedOut}, summary="Offer the order to another force")
def offer_order(request: HttpRequest, order_id: int, payload: OfferIn) -> Status[CreatedOut]:
    user = _user(request)
    order = _load(user, order_id)
    offer = movement.offer_to_force(user, order, _force(payload.to_force_code, "to_force_code"), payload.reason)
    return Status(201, CreatedOut(id=offer.pk, order_id=order.pk))


def _offer(user: User, offer_id: int) -> OrderOffer:
    offer = get_object_or_404(OrderOffer.objects.select_related("order"), pk=offer_id)
    if not visible_orders(user).filter(pk=offer.order_id).exists():
        raise Http404("No offer found")  # not disclosed
    return offer


class AcceptOfferIn(InputSchema):
    officer_id: int


class OrderNoteIn(InputSchema):
    note: str


@router.post("/order-offers/{offer_id}/accept", response=OrderOut)
def accept_order_offer(request: HttpRequest, offer_id: int, payload: AcceptOfferIn) -> OrderOut:
    user = _user(request)
    order = movement.accept_offer(user, _offer(user, offer_id), _officer(payload.officer_id, "officer_id"))
    return _out(order, user)


@router.post("/order-offers/{offer_id}/decline", response=CreatedOut)
def decline_order_offer(request: HttpRequest, offer_id: int, payload: OrderNoteIn) -> CreatedOut:
    user = _user(request)
    offer = movement.decline_offer(user, _offer(user, offer_id), payload.note)
    return CreatedOut(id=offer.pk, order_id=offer.order_id)
