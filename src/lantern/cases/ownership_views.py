"""Ownership pages: the case's handover, transfer and sharing history with the forms to offer a
handover, request a transfer or share the case; and the pages to decide a handover or a transfer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.cases import queries, services
from lantern.cases.access import allocates_for, can_manage_ownership, get_case_for, visible_cases
from lantern.cases.forms import DeclineForm, HandoverOfferForm, ShareForm, TransferAcceptForm, TransferRequestForm
from lantern.cases.models import Case, Handover, Transfer
from lantern.cases.page import case_context
from lantern.core import access, audit
from lantern.core.forms import GovukForm
from lantern.core.models import User
from lantern.core.web import INVALID, attempt, current_user, page_view, require


def _ownership_forms(case: Case, data: Any = None, which: str = "") -> dict[str, GovukForm]:
    """The three forms; only the one that was sent is bound."""
    return {
        "handover_form": HandoverOfferForm(
            data if which == "offer" else None,
            officers=queries.officers_who_can_hold(case.force, exclude=case.officer_in_charge),
        ),
        "transfer_form": TransferRequestForm(
            data if which == "transfer" else None, forces=queries.other_forces(case.force)
        ),
        "share_form": ShareForm(data if which == "share" else None, forces=queries.other_forces(case.force)),
    }


def _act(user: User, case: Case, which: str, form: GovukForm) -> str:
    """Run the service for the form that was sent; return the confirmation message."""
    data = form.cleaned_data
    if which == "offer":
        services.offer_handover(user, case, data["to_officer"], data["reason"])
        return f"Handover offered to {data['to_officer'].display_name}. You stay in charge until they accept."
    if which == "transfer":
        services.request_transfer(user, case, data["to_force"], data["reason"])
        return f"Transfer to {data['to_force'].name} requested."
    services.share_case(user, case, data["force"], data["reason"])
    return f"Case shared with {data['force'].name}."


@page_view
@require_http_methods(["GET", "POST"])
def ownership(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    require(access.can_see_internal_detail(user), "Ownership history is for police and CPS users.")
    which = request.POST.get("action", "") if request.method == "POST" else ""
    status = 200
    if which:
        require(which in {"offer", "transfer", "share"}, "Unknown action.")
        require(
            can_manage_ownership(user, case),
            "Only the officer in charge, a supervisor or the SPOC can hand over, transfer or share this case.",
        )
    forms = _ownership_forms(case, request.POST, which)
    by_action = {"offer": "handover_form", "transfer": "transfer_form", "share": "share_form"}
    sent = forms[by_action[which]] if which else None
    if sent is not None:
        if sent.is_valid():
            message = attempt(sent, lambda: _act(user, case, which, sent))
            if message is not None:
                messages.success(request, message)
                return redirect("cases:ownership", pk=case.pk)
        status = INVALID
    context = case_context(user, case, "ownership")
    context.update(forms)
    context.update(
        {
            "sent_form": sent,
            "handovers": case.handovers.select_related("from_officer", "to_officer", "offered_by"),
            "transfers": case.transfers.select_related("from_force", "to_force", "requested_by", "decided_by"),
            "shares": case.shares.select_related("force", "granted_by"),
        }
    )
    return render(request, "cases/ownership.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(access.can_see_internal_detail(user), "Handovers are for police users.")
    item = queries.get_handover_for(user, pk)
    case = get_case_for(user, item.case_id)
    is_recipient = item.to_officer_id == user.pk
    can_withdraw = can_manage_ownership(user, case)
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                services.accept_handover(user, item)
                messages.success(request, f"You are now the officer in charge of {case.full_reference}.")
                return redirect("cases:detail", pk=case.pk)
            if action == "withdraw":
                services.withdraw_handover(user, item)
                messages.success(request, "Handover withdrawn.")
                return redirect("cases:ownership", pk=case.pk)
            if action == "decline":
                if decline_form.is_valid():
                    services.decline_handover(user, item, decline_form.cleaned_data["note"])
                    messages.success(request, "Handover declined. The officer who offered it can see your reason.")
                    return redirect("cases:my_cases")
            else:
                require(False, "Unknown action.")
        except ValidationError as exc:
            decline_form.add_service_errors(exc)
        status = INVALID
    context = case_context(user, case, "ownership")
    context.update(
        {
            "handover": item,
            "is_recipient": is_recipient,
            "can_withdraw": can_withdraw,
            "decline_form": decline_form,
            "is_open": item.state == Handover.State.OFFERED,
        }
    )
    return render(request, "cases/handover.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    item = queries.get_transfer_for(user, pk)
    deciding = item.state == Transfer.State.REQUESTED and allocates_for(user, item.to_force_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    accept_form = TransferAcceptForm(
        request.POST if action == "accept" else None, officers=queries.officers_who_can_hold(item.to_force)
    )
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    status = 200
    withdraw_error = ""
    if action == "withdraw":
        try:
            services.withdraw_transfer(user, item)
        except ValidationError as exc:
            withdraw_error = " ".join(exc.messages)
            status = INVALID
        else:
            messages.success(request, "Transfer request withdrawn. Your force keeps the case.")
            return redirect("cases:ownership", pk=item.case_id)
        action = ""
    if action:
        require(deciding, "A supervisor or SPOC of the receiving force decides a transfer.")
        form: GovukForm = accept_form if action == "accept" else decline_form
        require(action in {"accept", "decline"}, "Unknown action.")
        if form.is_valid():
            try:
                if action == "accept":
                    case = services.accept_transfer(
                        user,
                        item,
                        accept_form.cleaned_data["new_crime_reference"],
                        accept_form.cleaned_data["new_officer"],
                    )
                    messages.success(request, f"Case accepted as {case.full_reference}.")
                    return redirect("cases:detail", pk=case.pk)
                services.decline_transfer(user, item, decline_form.cleaned_data["note"])
                messages.success(request, "Transfer declined. The sending force keeps the case.")
                return redirect("cases:my_cases")
            except ValidationError as exc:
                form.add_service_errors(exc)
        status = INVALID
    audit.record(user, audit.Action.CONSULTATION, item)
    case_visible = visible_cases(user).filter(pk=item.case_id).exists()
    return render(
        request,
        "cases/transfer.html",
        {
            "transfer": item,
            "deciding": deciding,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "case_visible": case_visible,
            "withdraw_error": withdraw_error,
            "can_withdraw": item.state == Transfer.State.REQUESTED
            and user.force_id == item.from_force_id
            and can_manage_ownership(user, item.case),
        },
        status=status,
    )
