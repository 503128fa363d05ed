"""A case's immigration ledger: proposed shares, decisions, status events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.core import access
from lantern.core.access import get_for
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.safeguarding import case_forms
from lantern.safeguarding.case_pages import case_of, page_context, party_person, people_of
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import (
    ImmigrationShare,
)
from lantern.safeguarding.sharing import ledger

# --- Immigration ledger ------------------------------------------------------------------------


@page_view
def share_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    people = people_of(case, ("victim", "witness", "victim_suspect"))
    form = case_forms.ShareForm(posted(request), persons=people)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ledger.propose(
                    user,
                    person=party_person(case, data["person"]),
                    case=case,
                    **{
                        k: data[k]
                        for k in (
                            "subject_role",
                            "recipient",
                            "shared_what",
                            "purpose",
                            "purpose_detail",
                            "legal_basis",
                            "legal_basis_detail",
                            "victim_told",
                            "victim_told_on",
                            "victim_not_told_reason",
                        )
                    },
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Recorded. Nothing is shared until a supervisor approves it.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(request, "safeguarding/case/share_new.html", page_context(request, case, form=form), status=status)


@page_view
def share_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    related = ("person", "proposed_by", "approver")
    share = get_for(user, ImmigrationShare, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related))
    form = case_forms.ShareDecisionForm(posted(request))
    status = 200
    if request.method == "POST":
        require(access.can_review_safeguarding(user), "A supervisor approves sharing with the Home Office.")
        if form.is_valid():
            try:
                ledger.decide(
                    user,
                    share,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["decision_note"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Decision recorded in the ledger.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request,
        "safeguarding/case/share_detail.html",
        page_context(
            request,
            case,
            share=share,
            form=form,
            concerns=ledger.concerns(share),
            can_decide=access.can_review_safeguarding(user)
            and share.proposed_by_id != user.pk
            and share.status == ImmigrationShare.Status.PROPOSED,
        ),
        status=status,
    )


@page_view
def status_event_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    form = case_forms.StatusEventForm(posted(request), persons=people_of(case))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                _event, alerts = ledger.record_status_change(
                    user,
                    person=party_person(case, data["person"]),
                    kind=data["kind"],
                    occurred_on=data["occurred_on"],
                    source=data["source"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"Recorded. {alerts} officer{'s' if alerts != 1 else ''} in charge alerted.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request, "safeguarding/case/status_event_new.html", page_context(request, case, form=form), status=status
    )
