"""Add a person to an existing case from its People tab (issue 16, item 4): a new person with a
role, through the same services as the API (people.services.create_person, cases.services.add_party)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.cases import services
from lantern.cases.access import get_case_for
from lantern.cases.models import Case, CaseParty, PartyRole
from lantern.cases.page import can_edit, case_context
from lantern.core.forms import GovukForm
from lantern.core.models import User
from lantern.core.web import INVALID, attempt, current_user, page_view, require
from lantern.people import services as people_services


class AddPersonForm(GovukForm):
    given_names = forms.CharField(label="Given names", max_length=160, required=False)
    family_name = forms.CharField(label="Family name", max_length=160, required=False)
    role = forms.ChoiceField(label="Their role in the case", choices=PartyRole.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Select their role in the case"
        self.fields["role"].error_messages["invalid_choice"] = "Select their role in the case"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_names", "") + data.get("family_name", "")).strip():
            self.add_error("given_names", "Enter a name, even a nickname or a name as they spell it")
        return data


def add_new_person(actor: User, case: Case, given_names: str, family_name: str, role: str) -> CaseParty:
    """Record the person and add them to the case in one transaction (both services audit)."""
    with transaction.atomic():
        person = people_services.create_person(
            actor,
            people_services.NewPerson(names=[people_services.NameInput(given_names.strip(), family_name.strip())]),
        )
        return services.add_party(actor, case, person, role)


@page_view
def add_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_case_for(user, pk)
    require(can_edit(user, case), "Only officers of the force holding the case can add people to it.")
    form = AddPersonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            party = attempt(
                form, lambda: add_new_person(user, case, data["given_names"], data["family_name"], data["role"])
            )
            if party is not None:
                messages.success(request, f"{party.person.display_name} added as {party.get_role_display().lower()}.")
                return redirect("cases:people", pk=case.pk)
        status = INVALID
    context = case_context(user, case, "people")
    context["form"] = form
    return render(request, "cases/add_person.html", context, status=status)
