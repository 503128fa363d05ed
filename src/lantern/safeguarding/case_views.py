"""A case's safeguarding hub. The sub-domains' case pages are in their packages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.core.web import current_user, page_view
from lantern.nrm.access import visible_nrm_referrals
from lantern.safeguarding.access import (
    visible_protected_details,
)
from lantern.safeguarding.case_pages import case_of, page_context
from lantern.safeguarding.models import (
    Charge,
    ImmigrationShare,
    InterpreterBooking,
    Section45Consideration,
)
from lantern.safeguarding.section45 import considerations as section45


@page_view
def hub(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    return render(
        request,
        "safeguarding/case/hub.html",
        page_context(
            request,
            case,
            details=visible_protected_details(user).filter(case=case),
            bookings=InterpreterBooking.objects.filter(case=case)
            .select_related("interpreter", "person")
            .prefetch_related("person__names"),
            needing=section45.persons_needing(case),
            considerations=Section45Consideration.objects.filter(case=case)
            .select_related("person", "reviewer")
            .prefetch_related("person__names"),
            charges=Charge.objects.filter(case=case).select_related("person").prefetch_related("person__names"),
            shares=ImmigrationShare.objects.filter(case=case)
            .select_related("person", "approver")
            .prefetch_related("person__names"),
            exports=case.disclosure_exports.select_related("recorded_by")[:5],
            referrals=visible_nrm_referrals(user).filter(cases=case).distinct(),
        ),
    )
