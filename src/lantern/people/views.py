"""A person's page: every name they are known by, date of birth or age, nationalities, languages,
and the cases and NRM referrals the user may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.cases.access import case_condition
from lantern.cases.models import CaseParty
from lantern.core import access, audit
from lantern.core.roles import Scope, scope_of
from lantern.core.web import current_user, page_view
from lantern.nrm.access import visible_nrm_referrals
from lantern.people.access import get_person_for


@page_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    person = get_person_for(user, pk)
    audit.record(user, audit.Action.CONSULTATION, person)
    parties = (
        CaseParty.objects.filter(case_condition(user, "case__"), person=person)
        .select_related("case", "case__force", "case__officer_in_charge")
        .order_by("-case__reported_at")
    )
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        parties = parties.victims()
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "languages": person.languages.all(),
            "parties": parties,
            "referrals": visible_nrm_referrals(user).filter(person=person).select_related("force"),
            "internal": access.can_see_internal_detail(user),
            "handles_nrm": access.handles_nrm(user),
        },
    )
