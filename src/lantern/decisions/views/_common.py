"""Shared pieces of the decisions pages: the page frame, fetching a case or decision through the
access policy, and the form-page and post-action shapes every section uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.cases.access import case_header, get_case_for
from lantern.cases.models import Case
from lantern.cases.page import case_context
from lantern.core.access import get_for
from lantern.core.forms import GovukForm
from lantern.core.models import User
from lantern.core.web import INVALID, attempt, current_user, require
from lantern.decisions import access as dec_access
from lantern.decisions import facts, forms, services
from lantern.decisions.models import (
    Decision,
)
from lantern.people.models import Person

TAB = "decisions"


def _page(request: HttpRequest, user: User, case: Case, template: str, status: int = 200, **extra: Any) -> HttpResponse:
    context = case_context(user, case, TAB, record=status == 200 and request.method == "GET")
    context.update(extra)
    return render(request, f"decisions/{template}", context, status=status)


def _case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user = current_user(request)
    return user, get_case_for(user, pk)


def _readable_case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user, case = _case(request, pk)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    return user, case


def _decision(request: HttpRequest, pk: int) -> tuple[User, Decision]:
    user = current_user(request)
    decision = get_for(user, Decision, pk, queryset=lambda rows: rows.select_related(*case_header()))
    return user, decision


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("decisions:case", args=[case.pk]))


def _to(decision: Decision) -> HttpResponse:
    return redirect(reverse("decisions:detail", args=[decision.pk]))


_attempt = attempt


def _simple_form(
    request: HttpRequest,
    user: User,
    case_obj: Case,
    form: GovukForm,
    template: str,
    action: Callable[[], Any],
    success: str,
    done: Callable[[Any], HttpResponse] | None = None,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        result = _attempt(form, action)
        if result is not None:
            messages.success(request, success)
            return done(result) if done else _back(case_obj)
    status = INVALID if form.errors else 200
    return _page(request, user, case_obj, template, status, form=form, **extra)


def _victim(case_obj: Case, victim_pk: int) -> Person:
    for victim in facts.victims_of(case_obj):
        if victim.pk == victim_pk:
            return victim
    raise Http404("No such victim in this case")


def _decision_data(form: forms.DecisionForm) -> services.DecisionIn:
    d = form.cleaned_data
    return services.DecisionIn(
        kind=d["kind"],
        lines=form.lines(),
        decided_on=d["decided_on"],
        reasons=d["reasons"],
        what_was_done=d["what_was_done"],
        reopen_if=d["reopen_if"],
        investigated=d["investigated"] != "no",
        decided_by_cps=d["decided_by_cps"] == "yes",
        translation_language=d["translation_language"],
        reasons_translated=d["reasons_translated"],
        what_was_done_translated=d["what_was_done_translated"],
        reopen_if_translated=d["reopen_if_translated"],
        translated_by=d["translated_by"],
    )


def _post_action(request: HttpRequest, pk: int, action: Callable[[User, Decision], Any], success: str) -> HttpResponse:
    user, decision = _decision(request, pk)
    try:
        action(user, decision)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return _to(decision)
