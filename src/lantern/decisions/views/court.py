"""CPS referrals and decisions, court hearings and their results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.cases.access import case_header
from lantern.core.access import get_for
from lantern.core.models import Organisation
from lantern.core.web import current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import cps, facts, forms
from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
)
from lantern.decisions.views._common import (
    _readable_case,
    _simple_form,
)
from lantern.victims_code.working_days import london_day


@page_view
@require_http_methods(["GET", "POST"])
def cps_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case refer it.")
    organisations = list(Organisation.objects.filter(kind=Organisation.Kind.CPS))
    form = forms.SubmissionForm(
        request.POST or None, organisations=organisations, initial={"submitted_on": london_day(timezone.now())}
    )

    def action() -> Any:
        d = form.cleaned_data
        org = next((o for o in organisations if str(o.pk) == d["organisation"]), None)
        return cps.submit_to_cps(user, case_obj, cps.NewSubmission(d["kind"], org, d["submitted_on"], d["summary"]))

    return _simple_form(request, user, case_obj, form, "cps_new.html", action, "Sent to the CPS.")


@page_view
@require_http_methods(["GET", "POST"])
def cps_decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    row = get_for(user, CpsSubmission, pk, queryset=lambda rows: rows.select_related("organisation", *case_header()))
    case_obj = row.case
    require(dec_access.can_record_cps_decision(user, case_obj, row.organisation_id), "The CPS or police record this.")
    form = forms.CpsDecisionForm(request.POST or None, initial={"decided_on": london_day(timezone.now())})
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "cps_decision.html",
        lambda: cps.record_cps_decision(
            user,
            row,
            decision=form.cleaned_data["decision"],
            decided_on=form.cleaned_data["decided_on"],
            note=form.cleaned_data["note"],
            reference=form.cleaned_data["reference"],
        ),
        "The CPS's decision is recorded.",
        submission=row,
    )


@page_view
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record court dates.")
    suspects = facts.suspects_of(case_obj)
    form = forms.HearingForm(request.POST or None, suspects=suspects)

    def action() -> Any:
        d = form.cleaned_data
        defendant = next(s for s in suspects if str(s.pk) == d["defendant"])
        return cps.record_hearing(user, case_obj, cps.NewHearing(defendant, d["kind"], form.moment(), d["court"]))

    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "hearing_new.html",
        action,
        "Hearing recorded: each victim is owed its date, time and place.",
    )


@page_view
@require_http_methods(["GET", "POST"])
def hearing_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    hearing = get_for(user, CourtHearing, pk, queryset=lambda rows: rows.select_related(*case_header()))
    case_obj = hearing.case
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record results.")
    form = forms.HearingResultForm(request.POST or None, initial={"result_on": london_day(timezone.now())})
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "hearing_result.html",
        lambda: cps.record_hearing_result(user, hearing, form.cleaned_data["result"], form.cleaned_data["result_on"]),
        "Result recorded: each victim is owed it.",
        hearing=hearing,
    )
