"""Shared pieces of the Victims' Code pages: the page frame (the case header with its "Victim
updates" tab), fetching the case through the access policy, and the form-page shape every page
uses (lantern.core.web.form_page with a success message and the way back to the case's duties)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.cases.access import get_case_for
from lantern.cases.models import Case
from lantern.cases.page import Tab, case_context
from lantern.core.forms import GovukForm
from lantern.core.models import User
from lantern.core.web import current_user, form_page, record_page_read, require
from lantern.people.models import Person
from lantern.victims_code import services
from lantern.victims_code.code import can_see_duties
from lantern.victims_code.models import Duty

TAB_KEY = "duties"


def case_for(request: HttpRequest, pk: int) -> tuple[User, Case]:
    """The signed-in police user and the case, through the access policy (404 alike for missing
    and not yours)."""
    user = current_user(request)
    require(can_see_duties(user), "Victims' Code duties are for police users.")
    case = get_case_for(user, pk)
    record_page_read(request, user, case)
    return user, case


def context_for(user: User, case: Case, *, record: bool = True) -> dict[str, Any]:
    """The case page frame with the Victim updates tab selected."""
    context = case_context(user, case, TAB_KEY, record=record)
    tabs: list[Tab] = context["tabs"]
    if not any(tab.key == TAB_KEY for tab in tabs):
        tabs = [*tabs, Tab(TAB_KEY, "Victim updates", reverse("victims_code:case_duties", args=[case.pk]), True)]
    context["tabs"] = tabs
    context["victims_code_tab"] = True
    return context


def back(case: Case) -> HttpResponse:
    return redirect(reverse("victims_code:case_duties", args=[case.pk]))


def open_duties(case: Case) -> list[Duty]:
    # Sorted here: ordering in SQL would make the database walk every open duty by due date.
    duties = Duty.objects.filter(case=case, state=Duty.State.OPEN).order_by()
    return sorted(duties.select_related("victim").prefetch_related("victim__names"), key=lambda d: (d.due_on, d.pk))


def first_victim_language(case: Case, victims: list[Person]) -> str:
    return services.preferred_language(case, victims[0]) if victims else "en"


def no_victims(request: HttpRequest, user: User, case: Case) -> HttpResponse:
    context = context_for(user, case, record=False)
    return render(request, "victims_code/no_victims.html", context, status=400)


def case_form(
    request: HttpRequest,
    user: User,
    case: Case,
    form: GovukForm,
    action: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    template: str,
    **extra: Any,
) -> HttpResponse:
    """A case's form page on lantern.core.web.form_page: a valid POST runs the service, says what
    happened and goes back to the case's duties; otherwise the page with the form (and the
    service's refusal on the field it names)."""

    def done(result: Any) -> HttpResponse:
        messages.success(request, success(result) if callable(success) else success)
        return back(case)

    context = {**context_for(user, case, record=False), **extra}
    return form_page(request, form, action, done, f"victims_code/{template}", context)
