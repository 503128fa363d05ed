"""A case's immigration ledger: proposed shares, decisions, status events."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from lantern.core import access
from lantern.core.access import get_for
from lantern.core.web import current_user, page_view, require
from lantern.safeguarding import case_forms
from lantern.safeguarding.case_pages import case_form_page, case_of, party_person, people_of
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import (
    ImmigrationShare,
)
from lantern.safeguarding.sharing import ledger

# --- Immigration ledger ------------------------------------------------------------------------


SHARE_FIELDS = (
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


@page_view
def share_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    people = people_of(case, ("victim", "witness", "victim_suspect"))
    form = case_forms.ShareForm(posted(request), persons=people)

    def propose(data: dict[str, Any]) -> ImmigrationShare:
        person = party_person(case, data["person"])
        return ledger.propose(user, person=person, case=case, **{k: data[k] for k in SHARE_FIELDS})

    return case_form_page(
        request,
        case,
        form,
        propose,
        "safeguarding/case/share_new.html",
        "Recorded. Nothing is shared until a supervisor approves it.",
    )


@page_view
def share_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    related = ("person", "proposed_by", "approver")
    share = get_for(user, ImmigrationShare, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related))
    form = case_forms.ShareDecisionForm(posted(request))
    if request.method == "POST":
        require(access.can_review_safeguarding(user), "A supervisor approves sharing with the Home Office.")

    def decide(data: dict[str, Any]) -> ImmigrationShare:
        return ledger.decide(user, share, approve=data["decision"] == "approve", note=data["decision_note"])

    return case_form_page(
        request,
        case,
        form,
        decide,
        "safeguarding/case/share_detail.html",
        "Decision recorded in the ledger.",
        share=share,
        concerns=ledger.concerns(share),
        can_decide=access.can_review_safeguarding(user)
        and share.proposed_by_id != user.pk
        and share.status == ImmigrationShare.Status.PROPOSED,
    )


@page_view
def status_event_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    form = case_forms.StatusEventForm(posted(request), persons=people_of(case))

    def record(data: dict[str, Any]) -> int:
        person = party_person(case, data["person"])
        _event, alerts = ledger.record_status_change(
            user, person=person, kind=data["kind"], occurred_on=data["occurred_on"], source=data["source"]
        )
        return alerts

    return case_form_page(
        request,
        case,
        form,
        record,
        "safeguarding/case/status_event_new.html",
        lambda alerts: f"Recorded. {alerts} officer{'s' if alerts != 1 else ''} in charge alerted.",
    )
