"""The one search: any reference or a name in any spelling, optionally with a date of birth."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.cases.forms import SearchForm
from lantern.cases.lookup import LookupResult, lookup
from lantern.core import access
from lantern.core.roles import Scope, scope_of
from lantern.core.web import INVALID, current_user, page_view, require


@page_view
def search(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.can_search(user), "Your role does not include searching for cases.")
    asked = "q" in request.GET or any(key.startswith("dob_") for key in request.GET)
    form = SearchForm(request.GET if asked else None)
    result: LookupResult | None = None
    status = 200
    if asked:
        if form.is_valid():
            try:
                result = lookup(user, form.cleaned_data["q"], form.cleaned_data["dob"])
            except ValidationError as exc:
                form.add_service_errors(exc)
        if form.errors:
            status = INVALID
    return render(
        request,
        "cases/search.html",
        {
            "form": form,
            "result": result,
            "internal": access.can_see_internal_detail(user),
            "handles_nrm": access.handles_nrm(user),
            "is_advocate": scope_of(user) is Scope.CONSENTING_CLIENTS,
        },
        status=status,
    )


@page_view
def legacy_search(request: HttpRequest) -> HttpResponse:
    """/cases/search/ -> /search/, keeping the query."""
    query = request.GET.urlencode()
    return redirect(reverse("core:search") + (f"?{query}" if query else ""))
