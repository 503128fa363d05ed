"""A case's section 45 considerations and charges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.cases.models import Case, CaseParty
from lantern.core import access
from lantern.core.access import get_for
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.safeguarding import case_forms, rules
from lantern.safeguarding.case_pages import case_form_page, case_of, page_context, people_of
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import (
    Section45Consideration,
)
from lantern.safeguarding.section45 import considerations as section45

# --- Section 45 and charges ----------------------------------------------------------------------


def _suspect(case: Case, raw: str | None) -> Any:
    """The suspect named in the request, or (none named) the first suspect of the case."""
    if not raw:
        first = CaseParty.objects.filter(case=case, role__in=["victim_suspect", "suspect"]).order_by("role", "pk")
        party = first.select_related("person").first()
        if party is None:
            raise Http404("This case has no suspect")
        return party.person
    if not raw.isdigit():
        raise Http404("Choose a suspect")
    party = (
        CaseParty.objects.filter(case=case, person_id=int(raw), role__in=["suspect", "victim_suspect"])
        .select_related("person")
        .first()
    )
    if party is None:
        raise Http404("No such suspect in this case")
    return party.person


@page_view
def section45_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    person = _suspect(case, request.GET.get("person") or request.POST.get("person"))
    # The test shown follows the age at the offence; until a date is given, the adult test is
    # shown for an adult by date of birth, and the officer may switch.
    test = request.POST.get("test") or request.GET.get("test") or "adult"
    if test not in rules.S45_ELEMENTS:
        test = "adult"
    form = case_forms.Section45Form(posted(request), test=test)
    status = 200
    if request.method == "POST" and request.POST.get("action") != "switch":
        if form.is_valid():
            data = form.cleaned_data
            offence_date = data["offence_date"]
            age = data["age_at_offence"]
            actual = (
                rules.s45_test(rules.age_on(person.date_of_birth, offence_date))
                if person.date_of_birth
                else (rules.s45_test(age) if age is not None else test)
            )
            if actual != test:
                form = case_forms.Section45Form(request.POST, test=actual)
                form.is_valid()
                form.add_error(
                    None,
                    "The person's age at the time of the offence means the "
                    f"{'under-18' if actual == 'under_18' else 'adult'} test applies: answer its "
                    "questions below.",
                )
                test = actual
            else:
                try:
                    section45.record(
                        user,
                        case=case,
                        person=person,
                        offence_description=data["offence_description"],
                        offence_date=offence_date,
                        schedule4_checked=data["schedule4_checked"],
                        schedule4_code=data["schedule4_code"],
                        age_at_offence=age,
                        elements=section45.elements_from(data, test),
                        conclusion=data["conclusion"],
                        reasoning=data["reasoning"],
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, "Section 45 consideration recorded and sent to a supervisor for review.")
                    return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request,
        "safeguarding/case/section45_new.html",
        page_context(request, case, form=form, person=person, test=test),
        status=status,
    )


@page_view
def section45_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    related = ("person", "recorded_by", "reviewer")
    s45 = get_for(
        user, Section45Consideration, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related)
    )
    form = case_forms.ReviewForm(posted(request))
    if request.method == "POST":
        require(access.can_review_safeguarding(user), "A supervisor reviews section 45 considerations.")

    def review(data: dict[str, Any]) -> Any:
        return section45.review(user, s45, agree=data["decision"] == "agree", note=data["review_note"])

    questions = dict(rules.S45_ELEMENTS.get(s45.test, ()))
    return case_form_page(
        request,
        case,
        form,
        review,
        "safeguarding/case/section45_detail.html",
        "Review recorded.",
        s45=s45,
        elements=[(questions.get(code, code), entry) for code, entry in s45.elements.items()],
        conclusion=rules.CONCLUSIONS.get(s45.conclusion, ""),
        schedule4=rules.schedule4().get(s45.schedule4_code),
        can_review=access.can_review_safeguarding(user)
        and s45.recorded_by_id != user.pk
        and s45.status == Section45Consideration.Status.AWAITING_REVIEW,
    )


@page_view
def charge_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    form = case_forms.ChargeForm(posted(request), persons=people_of(case, ("suspect", "victim_suspect")))

    def record(data: dict[str, Any]) -> Any:
        return section45.record_charge(
            user,
            case=case,
            person=_suspect(case, str(data["person"])),
            offence_description=data["offence_description"],
            charged_on=data["charged_on"],
        )

    return case_form_page(request, case, form, record, "safeguarding/case/charge_new.html", "Charge recorded.")
