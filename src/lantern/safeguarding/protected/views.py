"""A case's protected details (labels only; the value with a reason) and the disclosure export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.core.access import get_for
from lantern.core.web import INVALID, current_user, page_view
from lantern.safeguarding import case_forms
from lantern.safeguarding.case_pages import case_of, page_context, party_person, people_of
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import (
    ProtectedDetail,
)
from lantern.safeguarding.protected import protection

# --- Protected details -------------------------------------------------------------------------


@page_view
def protect_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    form = case_forms.ProtectForm(posted(request))
    people = people_of(case, ("victim", "witness", "victim_suspect"))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            person_id = request.POST.get("person")
            person = None
            if person_id and person_id.isdigit() and int(person_id) in dict(people):
                person = party_person(case, int(person_id))
            try:
                protection.protect(
                    user,
                    kind=data["kind"],
                    label=data["label"],
                    value=data["value"],
                    reason=data["reason"],
                    case=case,
                    person=person,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Protected detail saved. It is encrypted and withheld from exports.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request, "safeguarding/case/protect.html", page_context(request, case, form=form, people=people), status=status
    )


@page_view
def protected_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    """A protected detail: its label; the value only after a reason is given (audited), shown
    once on the response to that POST and never stored in the page's URL."""
    case = case_of(request, case_id)
    user = current_user(request)
    detail = get_for(user, ProtectedDetail, pk, queryset=lambda rows: rows.filter(case=case))
    form = case_forms.RevealForm(posted(request))
    value = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            value = protection.reveal(user, detail, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
            status = INVALID
    response = render(
        request,
        "safeguarding/case/protected_detail.html",
        page_context(request, case, detail=detail, form=form, value=value),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Disclosure export -------------------------------------------------------------------------


@page_view
def disclosure(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    form = case_forms.DisclosureForm(posted(request))
    refused: list[protection.Found] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "redact":
        found = protection.scan_case(case)
        changed = protection.redact_found(user, case, found)
        messages.success(request, f"Protected values removed from {changed} pieces of text. Make the export again.")
        return redirect("safeguarding:disclosure", case_id=case.pk)
    if request.method == "POST":
        if form.is_valid():
            try:
                document, withheld = protection.export(
                    user, case, recipient=form.cleaned_data["recipient"], reason=form.cleaned_data["reason"]
                )
            except protection.DisclosureRefused as exc:
                refused = exc.found
                status = 409
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = INVALID
            else:
                response = HttpResponse(document, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = (
                    f'attachment; filename="disclosure-{case.force.code}-{case.crime_reference_normalised}.json"'
                )
                response["Cache-Control"] = "no-store"
                return response
        else:
            status = INVALID
    return render(
        request,
        "safeguarding/case/disclosure.html",
        page_context(
            request,
            case,
            form=form,
            refused=refused,
            withheld=protection.build_export(case)["withheld"],
        ),
        status=status,
    )
