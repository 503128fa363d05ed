"""Case pages: my cases, my team's cases, record a crime, and a case's overview, people,
timeline and edit pages. Ownership pages are in ownership_views, the search in search_views."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.cases import queries, services
from lantern.cases.access import get_case_for
from lantern.cases.forms import EditCaseForm, NewCaseForm
from lantern.cases.models import Case, ExploitationType, TimelineEvent
from lantern.cases.page import can_edit, case_context
from lantern.core import access, clock
from lantern.core.errors import Conflict
from lantern.core.roles import Capability, Scope, has_capability, scope_of
from lantern.core.web import (
    CONFLICT,
    INVALID,
    current_user,
    form_page,
    page_view,
    paginate,
    record_list_consultation,
    require,
    take_prefill,
)
from lantern.nrm.access import visible_nrm_referrals
from lantern.nrm.models import NrmReferral

# "My cases" shows open cases first; closed ones (and all) a click away.
MY_CASES_FILTERS = {"open": "Open", "closed": "Closed", "all": "All"}


@page_view
def my_cases(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(has_capability(user, Capability.HAS_CASE_LIST))
    is_cps = scope_of(user) is Scope.CPS_REFERRED
    chosen = request.GET.get("status", "open")
    chosen = chosen if chosen in MY_CASES_FILTERS else "open"
    cases = queries.cases_for_home(user)
    if not is_cps:
        cases = queries.by_open_or_closed(cases, chosen)
    page_obj = paginate(request, cases)
    record_list_consultation(user, "case list: my cases", (case.pk for case in page_obj))
    return render(
        request,
        "cases/my_cases.html",
        {
            "page_obj": page_obj,
            "handovers": queries.handovers_offered_to(user),
            "transfers": queries.transfers_awaiting(user),
            "can_record": access.can_record_cases(user),
            "is_cps": is_cps,
            "case_filter": chosen,
            "case_filters": MY_CASES_FILTERS.items(),
            "case_caption": {"open": "Your open cases", "closed": "Your closed cases"}.get(
                chosen, "Cases you are in charge of"
            ),
            "today": clock.today(),
            "is_frontline": scope_of(user) is Scope.OWN_CASES,
        },
    )


@page_view
def team(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(
        has_capability(user, Capability.HOLDS_CASES) and user.team_id is not None,
        "Only investigators, SPOCs and supervisors in a team have a team page.",
    )
    page_obj = paginate(request, queries.team_cases(user))
    record_list_consultation(user, "case list: team", (case.pk for case in page_obj))
    return render(request, "cases/team.html", {"page_obj": page_obj, "team": user.team})


def _prefill(request: HttpRequest) -> dict[str, Any]:
    """Answers offered by another page (a first response's "Record the crime now"): shown, not saved."""
    if request.method != "GET":
        return {}
    offered = take_prefill(request, "cases:new")
    return {k: offered[k] for k in ("crime_reference", "summary", "exploitation_types") if offered.get(k)}


@page_view
def new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.can_record_cases(user), "Only police officers and staff can record a crime.")

    def record(data: dict[str, Any]) -> Case:
        reported_at = None
        if data["reported_on"] is not None and data["reported_on"] != clock.today():
            reported_at = timezone.make_aware(datetime.datetime.combine(data["reported_on"], datetime.time.min))
        return services.record_case(
            user,
            services.NewCase(
                crime_reference=data["crime_reference"],
                summary=data["summary"],
                exploitation_types=tuple(data["exploitation_types"]),
                reported_at=reported_at,
            ),
        )

    def recorded(case: Case) -> HttpResponse:
        holder = "You are" if case.officer_in_charge_id == user.pk else f"{case.officer_in_charge.display_name} is"
        messages.success(request, f"Crime recorded as {case.full_reference}. {holder} the officer in charge.")
        return redirect("cases:detail", pk=case.pk)

    return form_page(
        request,
        NewCaseForm(request.POST or None, initial=_prefill(request)),
        record,
        recorded,
        "cases/new.html",
        {"holds_cases": user.can_hold_cases},
    )


@page_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    context = case_context(user, case, "overview")
    internal = context["internal"]
    labels = dict(ExploitationType.choices)
    context.update(
        {
            "exploitation": [labels.get(code, code) for code in case.exploitation_types],
            "offences": case.offences.all() if internal else [],
            "referrals": (
                visible_nrm_referrals(user).filter(cases=case).select_related("person")
                if internal
                else NrmReferral.objects.none()
            ),
            "clients": [] if internal else queries.parties_for(user, case),
            "recent": case.timeline.select_related("recorded_by", "force")[:5] if internal else [],
        }
    )
    return render(request, "cases/detail.html", context)


@page_view
def people(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    context = case_context(user, case, "people")
    context["parties"] = queries.parties_for(user, case)
    context["can_add_person"] = can_edit(user, case)
    return render(request, "cases/people.html", context)


@page_view
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    require(access.can_see_internal_detail(user), "The case timeline is for police and CPS users.")
    context = case_context(user, case, "timeline")
    events = TimelineEvent.objects.filter(case=case).select_related("recorded_by", "force")
    context["page_obj"] = paginate(request, events, per_page=50)
    return render(request, "cases/timeline.html", context)


@page_view
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    require(can_edit(user, case), "Only officers of the force holding the case can change it.")
    initial = {"summary": case.summary, "status": case.status, "version": case.version}
    form = EditCaseForm(request.POST or None, initial=initial)
    status = 200
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_case(
                    user, case, expected_version=data["version"], summary=data["summary"], status=data["status"]
                )
            except Conflict as exc:
                conflict = True
                case = get_case_for(user, pk)
                # Keep what the user typed; the next save starts from the version they have now seen.
                form = EditCaseForm({**request.POST.dict(), "version": case.version}, initial=initial)
                form.is_valid()
                form.add_error(None, f"{exc.message} Your text is kept below. Check the saved version and save again.")
                status = CONFLICT
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = INVALID
            else:
                messages.success(request, "Case details saved.")
                return redirect("cases:detail", pk=case.pk)
        else:
            status = INVALID
    context = case_context(user, case, "overview")
    context.update({"form": form, "conflict": conflict})
    return render(request, "cases/edit.html", context, status=status)
