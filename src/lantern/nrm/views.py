"""NRM referral pages: a referral with its cases, the force's alerts for referrals with no crime
recorded, and the three ways to clear an alert: link a case, record the crime, record why not."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.cases.access import visible_cases
from lantern.cases.models import Case, ExploitationType
from lantern.cases.services import NewCase
from lantern.core import access, audit
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import (
    current_user,
    form_page,
    own_force,
    page_view,
    paginate,
    record_page_read,
    require,
    take_prefill,
)
from lantern.nrm import passing, services, workflows
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
    waiting = passing.open_passing(referral)
    return render(
        request,
        "nrm/detail.html",
        {
            "referral": referral,
            "cases": cases,
            "unlinked": unlinked,
            "can_act": _handles_nrm(user) and referral.force_id == user.force_id,
            "passings": referral.passings.select_related("from_force", "to_force", "passed_by", "decided_by"),
            "waiting": waiting,
            "can_decide": waiting is not None
            and waiting.to_force_id == user.force_id
            and has_capability(user, Capability.TRIAGES),
            "person_visible": visible_persons(user).filter(pk=referral.person_id).exists(),
        },
    )


@page_view
def alerts(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(_handles_nrm(user), "NRM alerts are for investigators, SPOCs and supervisors.")
    force = own_force(user)
    now = timezone.now()
    overdue = services.unlinked_referrals(force, now)
    recent = (
        visible_nrm_referrals(user)
        .filter(force=force, no_crime_reason="", cases__isnull=True, received_at__gt=now - unlinked_alert_window())
        .select_related("person")
        .order_by("received_at")
    )
    page_obj = paginate(request, overdue)
    offered = passing.waiting_for(force) if has_capability(user, Capability.TRIAGES) else None
    return render(
        request,
        "nrm/alerts.html",
        {"page_obj": page_obj, "recent": recent, "force": force, "now": now, "offered": offered},
    )


@page_view
def link(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)

    def linked(case: Case) -> HttpResponse:
        messages.success(request, f"NRM referral {referral.reference} linked to {case.full_reference}.")
        return redirect("cases:detail", pk=case.pk)

    return form_page(
        request,
        LinkForm(request.POST or None),
        lambda data: workflows.link_by_reference(user, referral, data["crime_reference"]),
        linked,
        "nrm/link.html",
        {"referral": referral},
    )


@page_view
def no_crime(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)

    def recorded(_: object) -> HttpResponse:
        messages.success(request, f"Reason recorded. The alert for {referral.reference} is closed.")
        return redirect("nrm:detail", pk=referral.pk)

    return form_page(
        request,
        NoCrimeForm(request.POST or None, initial={"no_crime_reason": referral.no_crime_reason}),
        lambda data: services.record_no_crime(user, referral, data["no_crime_reason"]),
        recorded,
        "nrm/no_crime.html",
        {"referral": referral},
    )


@page_view
def record_crime(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)
    initial = {
        "summary": f"Crime recorded from NRM referral {referral.reference} "
        f"(first responder: {referral.first_responder}, referred {timezone.localtime(referral.referred_at):%d %B %Y}).",
    }
    if request.method == "GET":  # a first response's answers, when it sent the officer here
        offered = take_prefill(request, "nrm:record_crime")
        initial.update({k: offered[k] for k in ("crime_reference", "summary", "exploitation_types") if offered.get(k)})

    def record(data: dict[str, Any]) -> Case:
        return workflows.record_crime_for_referral(
            user,
            referral,
            NewCase(
                crime_reference=data["crime_reference"],
                summary=data["summary"],
                exploitation_types=tuple(data["exploitation_types"]),
            ),
        )

    def recorded(case: Case) -> HttpResponse:
        messages.success(
            request,
            f"Crime recorded as {case.full_reference} and linked to NRM referral "
            f"{referral.reference}. {referral.person.display_name} is recorded as the victim. "
            f"{case.officer_in_charge.display_name} holds it until the triage officer allocates the officer "
            "in charge: it is in the triage queue.",
        )
        return redirect("cases:detail", pk=case.pk)

    return form_page(
        request,
        RecordCrimeForm(request.POST or None, initial=initial),
        record,
        recorded,
        "nrm/record_crime.html",
        {"referral": referral, "exploitation_labels": dict(ExploitationType.choices)},
    )
