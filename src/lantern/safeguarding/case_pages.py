"""What a case's safeguarding pages share: the case through the policy, its people, the context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from lantern.cases.access import get_case_for
from lantern.cases.models import Case, CaseParty
from lantern.cases.page import case_context
from lantern.core.errors import invalid
from lantern.core.web import current_user, form_page, require
from lantern.people.models import Person
from lantern.safeguarding.access import (
    handles_case_safeguarding,
)


def case_of(request: HttpRequest, case_id: int) -> Case:
    user = current_user(request)
    case = get_case_for(user, case_id)
    require(handles_case_safeguarding(user, case), "Safeguarding records are for police of the force holding the case.")
    return case


def people_of(
    case: Case, roles: tuple[str, ...] = ("victim", "witness", "victim_suspect", "suspect")
) -> list[tuple[int, str]]:
    parties = (
        CaseParty.objects.filter(case=case, role__in=roles).select_related("person").prefetch_related("person__names")
    )
    seen: dict[int, str] = {}
    for party in parties:
        seen.setdefault(party.person_id, f"{party.person.display_name} ({party.get_role_display().lower()})")
    return list(seen.items())


def party_person(case: Case, person_id: int) -> Person:
    """A person in the case, or a refusal on the person field."""
    party = CaseParty.objects.filter(case=case, person_id=person_id).select_related("person").first()
    if party is None:
        raise invalid("person", "Choose a person in this case.")
    return party.person


def page_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    context = case_context(current_user(request), case, "safeguarding")
    context.update(extra)
    return context


def case_form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    template: str,
    success: str | Callable[[Any], str],
    **extra: Any,
) -> HttpResponse:
    """A form page of a case's safeguarding: core.web.form_page with the case's context; on success
    the message (or success(result)) and back to the case's Safeguarding page."""

    def done(result: Any) -> HttpResponse:
        messages.success(request, success(result) if callable(success) else success)
        return redirect("safeguarding:case", case_id=case.pk)

    return form_page(request, form, action, done, template, page_context(request, case, **extra))
