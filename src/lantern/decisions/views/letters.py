"""Decision letters: the PDF and recording how each reached the victim."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.cases.access import case_header
from lantern.core import audit
from lantern.core.access import get_for
from lantern.core.models import User
from lantern.core.web import current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import forms, services
from lantern.decisions.models import (
    DecisionLetter,
)
from lantern.decisions.views._common import (
    _simple_form,
    _to,
)
from lantern.victims_code.forms import now_hhmm
from lantern.victims_code.working_days import london_day


def _letter(request: HttpRequest, pk: int) -> tuple[User, DecisionLetter]:
    user = current_user(request)
    row = get_for(
        user,
        DecisionLetter,
        pk,
        queryset=lambda rows: rows.select_related("letter", "update", "review_request", *case_header("decision__case")),
    )
    require(dec_access.can_see_decisions(user), "Letters are for police and the CPS.")
    return user, row


@page_view
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _letter(request, pk)
    audit.record(user, audit.Action.CONSULTATION, row.letter, detail="decision letter viewed")
    response = HttpResponse(bytes(row.letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{row.kind}-{row.pk}.pdf"'
    return response


@page_view
@require_http_methods(["GET", "POST"])
def delivered(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _letter(request, pk)
    case_obj = row.decision.case
    reviewer_id = row.review_request.reviewer_id if row.review_request is not None else None
    require(dec_access.can_decide(user, case_obj) or user.pk == reviewer_id, "Only those who sent it record this.")
    form = forms.DeliveryForm(
        request.POST or None, initial={"delivered_on": london_day(timezone.now()), "delivered_time": now_hhmm()}
    )
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "delivered.html",
        lambda: services.record_delivery(
            user, row, form.cleaned_data["method"], form.moment(), form.cleaned_data["note"]
        ),
        "Delivery recorded: the duty to tell the victim is met.",
        done=lambda _r: _to(row.decision),
        letter=row,
    )
