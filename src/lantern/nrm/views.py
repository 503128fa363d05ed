"""NRM referral pages: a referral with its cases, the force's alerts for referrals with no crime
recorded, and the three ways to clear an alert: link a case, record the crime, record why not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.cases.access import visible_cases
from lantern.cases.models import ExploitationType
from lantern.cases.services import NewCase
from lantern.core import access, audit
from lantern.core.models import User
from lantern.core.web import INVALID, current_user, own_force, page_view, paginate, record_page_read, require
from lantern.nrm import services, workflows
from lantern.nrm.access import get_nrm_for, visible_nrm_referrals
from lantern.nrm.forms import LinkForm, NoCrimeForm, RecordCrimeForm
from lantern.nrm.models import NrmReferral
from lantern.nrm.rules import unlinked_alert_window
from lantern.people.access import visible_persons


def _handles_nrm(user: User) -> bool:
    return access.handles_nrm(user)


def _open_referral(user: User, pk: int) -> NrmReferral:
    """A referral the user's force received and may act on."""
    require(_handles_nrm(user), "Only investigators, SPOCs and supervisors handle NRM referrals.")
    referral = get_nrm_for(user, pk)
    require(referral.force_id == user.force_id, "Only the force that received the referral can act on it.")
    return referral


@page_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(access.can_see_internal_detail(user), "NRM referral details are for police and CPS users.")
    referral = get_nrm_for(user, pk)
    audit.record(user, audit.Action.CONSULTATION, referral)
    cases = visible_cases(user).filter(nrm_referrals=referral).with_header()
    unlinked = not referral.cases.exists()
    return render(request, "nrm/detail.html", {
        "referral": referral,
        "cases": cases,
        "unlinked": unlinked,
        "can_act": _handles_nrm(user) and referral.force_id == user.force_id,
        "person_visible": visible_persons(user).filter(pk=referral.person_id).exists(),
    })


@page_view
def alerts(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(_handles_nrm(user), "NRM alerts are for investigators, SPOCs and supervisors.")
    force = own_force(user)
    now = timezone.now()
    overdue = services.unlinked_referrals(force, now)
    recent = (
        visible_nrm_referrals(user)
        .filter(force=force, no_crime_reason="", cases__isnull=True,
                received_at__gt=now - unlinked_alert_window())
        .select_related("person").order_by("received_at")
    )
    page_obj = paginate(request, overdue)
    return render(request, "nrm/alerts.html", {"page_obj": page_obj, "recent": recent, "force": force, "now": now})


@page_view
def link(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = workflows.link_by_reference(user, referral, form.cleaned_data["crime_reference"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"NRM referral {referral.reference} linked to {case.full_reference}.")
            return redirect("cases:detail", pk=case.pk)
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "nrm/link.html", {"referral": referral, "form": form}, status=status)


@page_view
def no_crime(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)
    form = NoCrimeForm(request.POST or None, initial={"no_crime_reason": referral.no_crime_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_no_crime(user, referral, form.cleaned_data["no_crime_reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Reason recorded. The alert for {referral.reference} is closed.")
            return redirect("nrm:detail", pk=referral.pk)
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "nrm/no_crime.html", {"referral": referral, "form": form}, status=status)


@page_view
def record_crime(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)
    initial = {
        "summary": f"Crime recorded from NRM referral {referral.reference} "
        f"(first responder: {referral.first_responder}, referred {timezone.localtime(referral.referred_at):%d %B %Y}).",
    }
    form = RecordCrimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = workflows.record_crime_for_referral(user, referral, NewCase(
                crime_reference=data["crime_reference"], summary=data["summary"],
                exploitation_types=tuple(data["exploitation_types"]),
            ))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Crime recorded as {case.full_reference} and linked to NRM referral "
                             f"{referral.reference}. {referral.person.display_name} is recorded as the victim.")
            return redirect("cases:detail", pk=case.pk)
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "nrm/record_crime.html", {
        "referral": referral, "form": form, "exploitation_labels": dict(ExploitationType.choices),
    }, status=status)
