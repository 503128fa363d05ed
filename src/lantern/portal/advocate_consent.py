"""The advocate organisation's consent page (issue 11, item 1): an advocate records a client's
consent to share with their organisation (what may be shared, given how, from and until) and
records its withdrawal, which takes effect at once everywhere (the access policy reads the standing
consents on every request). The work is in lantern.portal.consent, as for the police and the API.

Whom for: only the people the advocate's organisation already supports or supported (a consent
row of the organisation, past or present, as the API's side_of allows). The list is never built
from cases, and a person id that is not one of them gets the same "choose your client" answer as an
empty one, so the page cannot be used to discover a person or a case.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.models import AdvocateAssignment
from lantern.core import audit, clock
from lantern.core.models import Organisation, User
from lantern.core.roles import Capability, roles_with
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.people.models import Person
from lantern.portal import consent, forms, rules
from lantern.portal.access import is_advocate


def _organisation_id(user: User) -> int:
    """The user's organisation (0, which matches nothing, for none)."""
    return user.organisation_id or 0


def organisation_clients(user: User) -> list[Person]:
    """The people the user's organisation supports or supported, by name."""
    ids = AdvocateAssignment.objects.filter(organisation_id=_organisation_id(user)).values("person")
    return sorted(Person.objects.filter(pk__in=ids), key=lambda p: p.display_name.casefold())


def consent_form(user: User, people: list[Person], *args: Any, **kwargs: Any) -> forms.ConsentForm:
    """The police's consent form, narrowed to the advocate's organisation and its advocates."""
    form = forms.ConsentForm(*args, victims=[(p.pk, p.display_name) for p in people], **kwargs)
    form.fields["victim"].label = "Client"
    # The same words whatever id was sent: a stranger's and a missing one are not told apart.
    form.fields["victim"].error_messages["invalid_choice"] = "Choose your client from the list."
    form.fields["organisation"].queryset = Organisation.objects.filter(pk=_organisation_id(user))  # type: ignore[attr-defined]
    form.fields["advocate"].queryset = User.objects.filter(  # type: ignore[attr-defined]
        organisation_id=_organisation_id(user), role__in=roles_with(Capability.SUPPORTS_VICTIMS), is_active=True
    ).select_related("organisation")
    return form


def _initial(user: User, people: list[Person], wanted: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"shares": [k for k, _ in forms.SHARES], "advocate": user.pk}
    if user.organisation_id is not None:
        initial["organisation"] = user.organisation_id
    if wanted.isdigit() and int(wanted) in {p.pk for p in people}:
        initial["victim"] = int(wanted)
    return initial


def _record(user: User, people: list[Person], form: forms.ConsentForm) -> AdvocateAssignment | None:
    data = form.cleaned_data
    if data["organisation"] is None:  # before the service, which would refuse it as not this side's
        form.add_error("organisation", rules.NO_ORGANISATION)
        return None
    person = next(p for p in people if p.pk == data["victim"])
    try:
        return consent.record_consent(user, form.new_consent(person))
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


@page_view
@require_http_methods(["GET", "POST"])
def advocate_consent(request: HttpRequest) -> HttpResponse:
    """Record a client's consent, and see and withdraw the organisation's consents."""
    user = current_user(request)
    require(is_advocate(user), "This page is for advocates.")
    require(user.organisation_id is not None, "Your account has no organisation: ask your administrator.")
    people = organisation_clients(user)
    if request.method == "POST":
        form = consent_form(user, people, request.POST)
        if form.is_valid() and _record(user, people, form) is not None:
            messages.success(request, "Consent recorded. It applies at once.")
            return redirect("portal:advocate_consent")
    else:
        form = consent_form(user, people, initial=_initial(user, people, request.GET.get("client", "")))
    rows = list(
        AdvocateAssignment.objects.filter(organisation_id=_organisation_id(user), person__in=people)
        .select_related("person", "advocate", "organisation")
        .order_by("-recorded_at", "-id")
    )
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="portal.consents",
        object_id="",
        detail=("people " + ",".join(str(p.pk) for p in people))[:255] if people else "no people",
    )
    standing = set(
        AdvocateAssignment.objects.standing(clock.now())
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    context = {"form": form, "rows": rows, "has_clients": bool(people), "standing": standing}
    return render(request, "portal/advocate_consent.html", context, status=INVALID if form.errors else 200)


@page_view
@require_POST
def advocate_consent_withdraw(request: HttpRequest, consent_pk: int) -> HttpResponse:
    """The client withdrew consent, telling the organisation: from now the advocate sees nothing."""
    user = current_user(request)
    require(is_advocate(user), "This page is for advocates.")
    row = AdvocateAssignment.objects.filter(pk=consent_pk, organisation_id=_organisation_id(user)).first()
    if row is None:
        audit.record_refusal(user, "cases.advocateassignment", str(consent_pk), "not a consent of your organisation")
        raise Http404("Not found")
    try:
        consent.withdraw_consent(user, row, request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Consent withdrawn. From now the advocate sees nothing of this client's cases.")
    return redirect("portal:advocate_consent")
