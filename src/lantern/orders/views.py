"""Orders pages: the register, an order, recording one from a case, and one page per operation
(court decision on the application, prohibition, notification, review, variation/renewal/
discharge, breach, the decision on an offer from another force). Thin: services do the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.cases import access as cases_access
from lantern.core import audit, clock
from lantern.core.models import Force, User
from lantern.core.web import INVALID, current_user, page_view, paginate, record_page_read, require
from lantern.orders import access as orders_access
from lantern.orders import forms, movement, queries, services
from lantern.orders.models import Order, OrderOffer
from lantern.people import access as people_access


def _officer(username: str) -> User | None:
    return User.objects.filter(username=username.strip()).first()


def _see(user: User) -> None:
    require(orders_access.can_see_orders(user), "Orders are for investigators, SPOCs and supervisors of a force.")


@page_view
def register(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    _see(user)
    shown = request.GET.get("shown", "")
    shown = shown if shown in queries.REGISTER_FILTERS else ""
    page_obj = paginate(request, queries.register(user, shown))
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="orders.order",
        object_id="",
        detail=("orders register " + ",".join(str(o.pk) for o in page_obj))[:255],
    )
    return render(
        request,
        "orders/register.html",
        {
            "page_obj": page_obj,
            "shown": shown,
            "filters": queries.REGISTER_FILTERS,
            "today": clock.today(),
        },
    )


@page_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    _see(user)
    order = orders_access.get_order_for(user, pk)
    audit.record(user, audit.Action.CONSULTATION, order)
    today = clock.today()
    limits = services.limits_for(order.kind)
    from lantern.orders import rules

    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            **queries.order_page(order),
            "cases": cases_access.visible_cases(user).filter(orders=order).select_related("force"),
            "other_cases": order.cases.exclude(pk__in=cases_access.visible_cases(user).values("pk")).count(),
            "can_manage": orders_access.can_manage(user, order),
            "can_breach": orders_access.can_record_breach(user, order),
            "person_visible": people_access.visible_persons(user).filter(pk=order.subject_id).exists(),
            "protected_until": rules.protected_until(order.made_on, limits) if order.made_on else None,
            "limits": limits,
            "today": today,
            "open_offer_for_me": order.offers.filter(state=OrderOffer.State.OFFERED, to_force_id=user.force_id).first(),
        },
    )


def _form_page(
    request: HttpRequest,
    template_ctx: dict[str, Any],
    form: forms.OrdersForm,
    save: Callable[[dict[str, Any]], str],
    done: str,
) -> HttpResponse:
    """Validate the form, call the service, redirect with a message; or show the refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, message)
            return redirect(done)
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "orders/form.html", {**template_ctx, "form": form}, status=status)


def _managed(request: HttpRequest, pk: int) -> tuple[User, Order]:
    user = current_user(request)
    _see(user)
    order = orders_access.get_order_for(user, pk)
    orders_access.require_manage(user, order)
    if request.method == "GET":
        audit.record(user, audit.Action.CONSULTATION, order, detail="form page")
    return user, order


def _force(value: str) -> Force | None:
    return Force.objects.filter(pk=int(value)).first() if value.isdigit() else None


@page_view
def new(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = current_user(request)
    _see(user)
    case = cases_access.get_case_for(user, case_pk)
    record_page_read(request, user, case)
    parties = case.parties.suspects().select_related("person")
    subjects = [(str(p.person_id), p.person.display_name) for p in parties.prefetch_related("person__names")]
    form = forms.NewOrderForm(
        request.POST or None,
        subjects=subjects,
        initial={"managing_force": str(user.force_id), "managing_officer": user.username, "state": Order.State.DRAFT},
    )
    created: dict[str, Order] = {}

    def save(data: dict[str, Any]) -> str:
        officer = _officer(data["managing_officer"])
        force = _force(data["managing_force"])
        if officer is None or force is None:
            raise ValidationError(
                {"managing_officer": ["No user with that username."]}
                if officer is None
                else {"managing_force": ["Choose a force."]}
            )
        order = services.create_order(
            user,
            services.NewOrder(
                kind=data["kind"],
                subject=people_access.get_person_for(user, int(data["subject"])),
                managing_force=force,
                managing_officer=officer,
                court=data["court"],
                state=data["state"],
                reference=data["reference"],
                cases=[case],
                applied_on=data["applied_on"],
                made_on=data["made_on"],
                served_on=data["served_on"],
                ends_on=data["ends_on"],
                notification_required=form.flag("notification_required"),
                foreign_travel_prohibited=form.flag("foreign_travel_prohibited"),
                travel_countries=data["travel_countries"],
                travel_ends_on=data["travel_ends_on"],
                passport_surrender=form.flag("passport_surrender"),
                passport_station=data["passport_station"],
                review_interval_months=data["review_interval_months"],
            ),
        )
        created["order"] = order
        return f"{order.short_kind} {order.pk} recorded."

    response = _form_page(
        request,
        {
            "title": "Record a prevention or risk order",
            "case": case,
            "back": reverse("cases:detail", args=[case.pk]),
            "button": "Record the order",
        },
        form,
        save,
        reverse("orders:register"),
    )
    if "order" in created:
        return redirect("orders:detail", pk=created["order"].pk)
    return response


def _order_form(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.OrdersForm],
    title: str,
    button: str,
    save: Callable[[User, Order, forms.OrdersForm, dict[str, Any]], str],
) -> HttpResponse:
    user, order = _managed(request, pk)
    form = form_class(request.POST or None)
    return _form_page(
        request,
        {"title": title, "order": order, "button": button, "back": reverse("orders:detail", args=[order.pk])},
        form,
        lambda data: save(user, order, form, data),
        reverse("orders:detail", args=[order.pk]),
    )


@page_view
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, order: Order, form: forms.OrdersForm, d: dict[str, Any]) -> str:
        services.decide_application(
            user,
            order,
            granted=form.flag("granted"),
            decided_on=d["decided_on"],
            served_on=d["served_on"],
            ends_on=d["ends_on"],
            travel_ends_on=d["travel_ends_on"],
        )
        return "The court's decision is recorded."

    return _order_form(
        request, pk, forms.DecisionForm, "Record the court's decision on the application", "Record the decision", save
    )


@page_view
def prohibition(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, order: Order, form: forms.OrdersForm, d: dict[str, Any]) -> str:
        services.add_prohibition(
            user, order, kind=d["kind"], text=d["text"], starts_on=d["starts_on"], ends_on=d["ends_on"]
        )
        return "Added to the order."

    return _order_form(request, pk, forms.ProhibitionForm, "Add a prohibition or requirement", "Add it", save)


@page_view
def notification(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, order: Order, form: forms.OrdersForm, d: dict[str, Any]) -> str:
        force = _force(d["address_force"])
        if force is None:
            raise ValidationError({"address_force": ["Choose the police force area of the address."]})
        note = services.record_notification(
            user,
            order,
            kind=d["kind"],
            names=d["names"],
            address=d["address"],
            address_force=force,
            notified_on=d["notified_on"],
            changed_on=d["changed_on"],
        )
        return "Notification recorded" + (" (late)." if note.late else ".")

    return _order_form(
        request,
        pk,
        forms.NotificationForm,
        "Record a notification of name and address",
        "Record the notification",
        save,
    )


@page_view
def review(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, order: Order, form: forms.OrdersForm, d: dict[str, Any]) -> str:
        r = services.record_review(
            user, order, reviewed_on=d["reviewed_on"], summary=d["summary"], next_review_on=d["next_review_on"]
        )
        return f"Review recorded. Next review due {r.next_review_on:%d %B %Y}."

    return _order_form(request, pk, forms.ReviewForm, "Record a review of the order", "Record the review", save)


@page_view
def court_decision(request: HttpRequest, pk: int) -> HttpResponse:
    def save(user: User, order: Order, form: forms.OrdersForm, d: dict[str, Any]) -> str:
        services.record_court_decision(
            user,
            order,
            kind=d["kind"],
            decided_on=d["decided_on"],
            court=d["court"],
            summary=d["summary"],
            new_ends_on=d["new_ends_on"],
            defendant_consent=form.flag("defendant_consent"),
            chief_officer_consent=form.flag("chief_officer_consent"),
        )
        return "The court's decision is recorded."

    return _order_form(
        request, pk, forms.CourtDecisionForm, "Record a variation, renewal or discharge", "Record the decision", save
    )


@page_view
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    _see(user)
    order = orders_access.get_order_for(user, pk)
    require(orders_access.can_record_breach(user, order), "A breach can be recorded only for an order in force.")
    audit.record(user, audit.Action.CONSULTATION, order, detail="breach page")
    form = forms.BreachForm(request.POST or None)
    created: dict[str, Any] = {}

    def save(d: dict[str, Any]) -> str:
        b = movement.record_breach(
            user, order, occurred_on=d["occurred_on"], summary=d["summary"], crime_reference=d["crime_reference"]
        )
        created["case"] = b.case_id
        return f"Breach recorded: case {b.case.full_reference} opened for the s30 offence."

    response = _form_page(
        request,
        {
            "title": "Record a suspected breach",
            "order": order,
            "button": "Record the breach",
            "back": reverse("orders:detail", args=[order.pk]),
        },
        form,
        save,
        reverse("orders:detail", args=[order.pk]),
    )
    if "case" in created:
        return redirect("cases:detail", pk=created["case"])
    return response


@page_view
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    _see(user)
    item = OrderOffer.objects.select_related("order", "from_force", "to_force").filter(pk=pk).first()
    if item is None:  # the same answer as an offer of an order one may not see, and audited as it is
        audit.record_refusal(user, "orders.orderoffer", str(pk), "no such record")
        raise Http404("No order found")
    order = orders_access.get_order_for(user, item.order_id)
    require(orders_access.can_decide_offer(user, item), "A supervisor or SPOC of the force it is offered to decides.")
    audit.record(user, audit.Action.CONSULTATION, order, detail="offer page")
    form = forms.OfferDecisionForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        if form.flag("accept"):
            officer = _officer(d["officer"] or "")
            if officer is None:
                raise ValidationError({"officer": ["Enter the username of the officer who will manage it."]})
            movement.accept_offer(user, item, officer)
            return f"{item.to_force.name} now manages the order."
        movement.decline_offer(user, item, d["note"] or "")
        return "Offer declined."

    return _form_page(
        request,
        {
            "title": f"Order offered by {item.from_force.name}",
            "order": order,
            "offer": item,
            "button": "Save the decision",
            "back": reverse("orders:detail", args=[order.pk]),
        },
        form,
        save,
        reverse("orders:detail", args=[order.pk]),
    )
