"""Staff pages of the portal: the advocate's clients (their home page) and one client's case, the
police's "Victim access" tab on a case (consent and the victim's link), and the requests and
feedback measures. Thin: the work is in consent, requests, invitations, clients and feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases import access as cases_access
from lantern.cases.models import AdvocateAssignment, Case
from lantern.cases.page import Tab, case_context
from lantern.core import audit, clock
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import INVALID, current_user, page_view, record_list_consultation, record_page_read, require
from lantern.portal import clients, consent, feedback, forms, invitations, requests
from lantern.portal.access import advocate_client_on_case, can_manage_invitations, can_see_request_counts, is_advocate
from lantern.portal.models import VictimInvitation
from lantern.portal.rules import QUESTIONS
from lantern.victims_code import services as vc_services

TAB_KEY = "victim_access"


# --- The advocate ----------------------------------------------------------------------------


@page_view
def client_list(request: HttpRequest) -> HttpResponse:
    """Your clients: the advocate's home page."""
    user = current_user(request)
    require(is_advocate(user), "This page is for advocates.")
    sort = request.GET.get("sort", "next_due")
    force = request.GET.get("force", "")
    overdue = request.GET.get("overdue") == "1"
    q = request.GET.get("q", "")
    all_rows = clients.client_rows(user, clock.today())
    rows = clients.client_rows(user, clock.today(), sort=sort, force=force, overdue_only=overdue, q=q)
    record_list_consultation(user, "portal.clients", [r.case_id for r in rows])
    return render(
        request,
        "portal/clients.html",
        {
            "rows": rows,
            "total": len(all_rows),
            "forces": sorted({r.force for r in all_rows}),
            "sort": sort if sort in clients.SORTS else "next_due",
            "force": force,
            "overdue": overdue,
            "q": q,
            "today": clock.today(),
        },
    )


@page_view
@require_http_methods(["GET", "POST"])
def client_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """One client's case as their advocate may see it, with "Request an update"."""
    user = current_user(request)
    case, person, standing = advocate_client_on_case(user, case_id)
    form = forms.UpdateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requests.request_update(case, person, advocate=user, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Update requested. The officer in charge now has a deadline to answer it.")
            return redirect("portal:client_case", case_id=case.pk)
    row = next(r for r in clients.client_rows(user, clock.today()) if r.case_id == case.pk and r.client_id == person.pk)
    audit.record(user, audit.Action.CONSULTATION, case, detail="advocate client view")
    return render(
        request,
        "portal/client_case.html",
        {
            "row": row,
            "consent": standing,
            "form": form,
            "open_request": requests.open_request(case, person),
            "survey": feedback.open_occasion(case, person),
        },
        status=INVALID if form.errors else 200,
    )


@page_view
@require_POST
def advocate_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    """The victim told their advocate's organisation they withdraw consent."""
    user = current_user(request)
    _case, _person, standing = advocate_client_on_case(user, case_id)
    consent.withdraw_consent(user, standing, request.POST.get("reason", ""))
    messages.success(request, "Consent withdrawn. You no longer see this client's case.")
    return redirect("portal:clients")


@page_view
@require_http_methods(["GET", "POST"])
def advocate_feedback(request: HttpRequest, case_id: int) -> HttpResponse:
    user = current_user(request)
    case, person, _standing = advocate_client_on_case(user, case_id)
    record_page_read(request, user, case)
    from lantern.portal.victim_views import survey_page

    return survey_page(
        request,
        case,
        person,
        respondent="advocate",
        language="en",
        done_url=reverse("portal:client_case", args=[case.pk]),
    )


# --- The police: consent and the victim's link --------------------------------------------------


def _police_case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user = current_user(request)
    require(has_capability(user, Capability.POLICES_FORCE_CASES), "This page is for police officers.")
    case = cases_access.get_case_for(user, pk)
    require(user.force_id == case.force_id, "Only the force holding the case manages the victim's access.")
    return user, case


def _victims(case: Case) -> list[tuple[int, str]]:
    return [(v.pk, v.display_name) for v in vc_services.victims_of(case)]


def _access_page(request: HttpRequest, user: User, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    context = case_context(user, case, TAB_KEY)
    if not any(t.key == TAB_KEY for t in context["tabs"]):
        context["tabs"] = [
            *context["tabs"],
            Tab(TAB_KEY, "Victim access", reverse("portal:case_access", args=[case.pk]), True),
        ]
    victims = vc_services.victims_of(case)
    context.update(
        {
            "consents": [c for v in victims for c in consent.consents_for(v)],
            "invitations": invitations.for_case(case),
            "can_manage": can_manage_invitations(user, case),
            "consent_form": extra.pop("consent_form", None)
            or forms.ConsentForm(victims=_victims(case), initial={"shares": [k for k, _ in forms.SHARES]}),
            "invitation_form": extra.pop("invitation_form", None) or forms.InvitationForm(victims=_victims(case)),
            "now": clock.now(),
            **extra,
        }
    )
    return render(request, "portal/case_access.html", context, status=status)


@page_view
def case_access(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _police_case(request, pk)
    return _access_page(request, user, case)


@page_view
@require_POST
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _police_case(request, pk)
    form = forms.ConsentForm(request.POST, victims=_victims(case))
    if form.is_valid():
        data = form.cleaned_data
        victim = next(v for v in vc_services.victims_of(case) if v.pk == data["victim"])
        try:
            consent.record_consent(user, form.new_consent(victim))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Consent recorded.")
            return redirect("portal:case_access", pk=case.pk)
    return _access_page(request, user, case, INVALID, consent_form=form)


@page_view
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user, case = _police_case(request, pk)
    victims = [v.pk for v in vc_services.victims_of(case)]
    row = get_object_or_404(AdvocateAssignment, pk=consent_pk, person_id__in=victims)
    try:
        consent.withdraw_consent(user, row, request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Consent withdrawn. The advocate no longer sees the victim's cases.")
    return redirect("portal:case_access", pk=case.pk)


@page_view
@require_POST
def invitation_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _police_case(request, pk)
    require(can_manage_invitations(user, case), "The officer in charge, a supervisor or the SPOC issues the link.")
    form = forms.InvitationForm(request.POST, victims=_victims(case))
    if form.is_valid():
        victim = next(v for v in vc_services.victims_of(case) if v.pk == form.cleaned_data["victim"])
        try:
            issued = invitations.issue(user, case, victim, form.cleaned_data["language"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            link = request.build_absolute_uri(issued.path)
            return _access_page(request, user, case, issued=issued, issued_link=link)
    return _access_page(request, user, case, INVALID, invitation_form=form)


@page_view
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    user, case = _police_case(request, pk)
    row = get_object_or_404(VictimInvitation, pk=invitation_pk, case=case)
    try:
        invitations.revoke(user, row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Link revoked. It no longer opens the victim's page.")
    return redirect("portal:case_access", pk=case.pk)


# --- Measures: requests for updates and feedback ---------------------------------------------


@page_view
def request_measures(request: HttpRequest) -> HttpResponse:
    """Requests for updates (how many, how fast answered, the cases chased most) and what victims
    said in the survey (aggregates only, small numbers suppressed)."""
    user = current_user(request)
    require(can_see_request_counts(user), "This page is for police forces and national analysts.")
    today = clock.today()
    start = today.replace(month=1, day=1) if request.GET.get("period") == "year" else today.replace(day=1)
    scope = requests.requests_in(requests.scope_for(user), start, today)
    chased = requests.chased_most(scope) if user.force_id is not None else []
    record_list_consultation(user, "portal.requests", [c.case.pk for c in chased])
    return render(
        request,
        "portal/requests.html",
        {
            "start": start,
            "today": today,
            "times": requests.measures(scope, today),
            "by_requester": requests.by_requester(scope),
            "chased": chased,
            "survey": feedback.aggregate(feedback.scope_for(user), start, today),
            "questions": QUESTIONS,
            "year": request.GET.get("period") == "year",
        },
    )
