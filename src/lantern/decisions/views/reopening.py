"""New information on a closed case, its review task, and reopening."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.cases.access import case_header
from lantern.core.access import get_for
from lantern.core.models import User
from lantern.core.roles import Capability, roles_with
from lantern.core.web import current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import forms, reviews
from lantern.decisions.models import (
    NewInformation,
)
from lantern.decisions.views._common import (
    _readable_case,
    _simple_form,
)
from lantern.victims_code.working_days import london_day


@page_view
@require_http_methods(["GET", "POST"])
def new_information(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.is_case_police(user, case_obj), "Police of the force holding the case record this.")
    officers = list(
        User.objects.filter(
            force_id=case_obj.force_id, is_active=True, role__in=roles_with(Capability.POLICES_FORCE_CASES)
        ).order_by("last_name")
    )
    form = forms.NewInformationForm(
        request.POST or None, officers=officers, initial={"received_on": london_day(timezone.now())}
    )

    def action() -> Any:
        d = form.cleaned_data
        officer = next((o for o in officers if str(o.pk) == d["review_officer"]), None)
        return reviews.record_new_information(
            user, case_obj, kind=d["kind"], received_on=d["received_on"], summary=d["summary"], review_officer=officer
        )

    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "new_information.html",
        action,
        "New information recorded: the officer named must review it by the date shown.",
    )


@page_view
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    related = ("review_officer", "reviewed_by", *case_header())
    row = get_for(user, NewInformation, pk, queryset=lambda rows: rows.select_related(*related))
    case_obj = row.case
    require(dec_access.can_see_decisions(user), "Review tasks are for police.")
    form = forms.TaskForm(request.POST or None)
    can_complete = user.pk == row.review_officer_id or dec_access.can_sign_off(user, case_obj)
    if request.method == "POST":
        require(can_complete, "The officer named, or a supervisor of the force, reviews it.")
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "task.html",
        lambda: reviews.complete_review_task(
            user, row, reopen_case=forms.yes(form.cleaned_data["reopen"]), reasons=form.cleaned_data["reasons"]
        ),
        "Review recorded.",
        task=row,
        can_complete=can_complete,
        today=london_day(timezone.now()),
    )


@page_view
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_decide(user, case_obj), "The officer in charge, a supervisor or the SPOC reopens a case.")
    form = forms.ReopenForm(request.POST or None)
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "reopen.html",
        lambda: reviews.reopen(user, case_obj, form.cleaned_data["reason"]),
        "Case reopened. The contact plans start again and each victim is owed word of it.",
    )
