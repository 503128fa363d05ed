"""Pages for recording an NRM referral (for an existing or a new person) or a Duty to Notify, and
for passing a referral to another force: offer it with a reason, and the other force's SPOC
accepts or returns it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from lantern.core import access, clock
from lantern.core.roles import Capability, has_capability
from lantern.core.web import current_user, form_page, own_force, page_view, record_page_read, require
from lantern.nrm import passing, services, workflows
from lantern.nrm.forms import DecidePassingForm, PassReferralForm, RecordDtnForm, RecordReferralForm
from lantern.nrm.models import DutyToNotify, NrmReferral, ReferralPassing
from lantern.nrm.views import _open_referral
from lantern.people import services as people_services
from lantern.people.access import get_person_for
from lantern.people.models import Person


def _person_from_query(request: HttpRequest) -> Person | None:
    raw = request.GET.get("person", "")
    if not raw:
        return None
    require(raw.isdigit(), "No person found.")
    return get_person_for(current_user(request), int(raw))


@page_view
def record_referral(request: HttpRequest) -> HttpResponse:
    """Record an NRM referral received by the user's force; `?person=ID` records it for a person
    the user may already see, otherwise the person is created with it."""
    user = current_user(request)
    require(access.handles_nrm(user), "Only investigators, SPOCs and supervisors record NRM referrals.")
    own_force(user)
    person = _person_from_query(request)
    form = RecordReferralForm(request.POST or None, new_person=person is None)

    def record(data: dict[str, Any]) -> NrmReferral:
        subject: Person | people_services.NewPerson = person or people_services.NewPerson(
            names=[people_services.NameInput(data["given_names"], data["family_name"])],
            date_of_birth=data["date_of_birth"],
        )
        referred_at = min(_london_midnight(data["referred_on"]), clock.now())
        return workflows.receive_referral_for(
            user,
            subject,
            reference=data["reference"],
            first_responder=data["first_responder"],
            referred_at=referred_at,
            competent_authority=data["competent_authority"],
            child_at_exploitation=data["child_at_exploitation"] == "yes",
        )

    def recorded(referral: NrmReferral) -> HttpResponse:
        messages.success(request, f"NRM referral {referral.reference} recorded for {referral.person.display_name}.")
        return redirect("nrm:detail", pk=referral.pk)

    return form_page(request, form, record, recorded, "nrm/record_referral.html", {"person": person})


def _london_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


@page_view
def record_dtn(request: HttpRequest) -> HttpResponse:
    """Record an anonymous Duty to Notify received by the user's force."""
    user = current_user(request)
    require(access.handles_nrm(user), "Only investigators, SPOCs and supervisors record Duty to Notify records.")
    own_force(user)

    def record(data: dict[str, Any]) -> DutyToNotify:
        return services.record_duty_to_notify(
            user,
            reference=data["reference"],
            notified_at=min(_london_midnight(data["notified_on"]), clock.now()),
            exploitation_types=list(data["exploitation_types"]),
        )

    def recorded(dtn: DutyToNotify) -> HttpResponse:
        messages.success(request, f"Duty to Notify {dtn.reference} recorded. Its reference now finds it in the search.")
        return redirect("nrm:alerts")

    return form_page(request, RecordDtnForm(request.POST or None), record, recorded, "nrm/record_dtn.html")


@page_view
def pass_referral(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    referral = _open_referral(user, pk)
    record_page_read(request, user, referral)

    def passed(row: ReferralPassing) -> HttpResponse:
        messages.success(
            request,
            f"NRM referral {referral.reference} passed to {row.to_force.name}. "
            "It stays with your force until their SPOC accepts it.",
        )
        return redirect("nrm:detail", pk=referral.pk)

    return form_page(
        request,
        PassReferralForm(request.POST or None),
        lambda data: passing.pass_referral(user, referral, data["to_force"], data["reason"]),
        passed,
        "nrm/pass.html",
        {"referral": referral, "waiting": passing.open_passing(referral)},
    )


@page_view
def decide_passing(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiving force's SPOC accepts the referral or returns it with a reason."""
    user = current_user(request)
    row = access.get_for(
        user, ReferralPassing, pk, queryset=lambda rows: rows.select_related("referral", "from_force", "to_force")
    )
    require(
        has_capability(user, Capability.TRIAGES) and row.to_force_id == user.force_id,
        f"Only a modern slavery SPOC of {row.to_force.name} can decide on this referral.",
    )
    record_page_read(request, user, row)

    def decide(data: dict[str, Any]) -> object:
        if data["decision"] == "accept":
            return passing.accept_passing(user, row)
        return passing.return_passing(user, row, data["return_reason"])

    def decided(result: object) -> HttpResponse:
        if isinstance(result, NrmReferral):
            messages.success(
                request,
                f"NRM referral {result.reference} is now held by {result.force.name}. "
                "Record the crime or link it to a case.",
            )
            return redirect("nrm:detail", pk=result.pk)
        messages.success(request, f"NRM referral {row.referral.reference} returned to {row.from_force.name}.")
        return redirect("nrm:alerts")

    return form_page(
        request,
        DecidePassingForm(request.POST or None),
        decide,
        decided,
        "nrm/decide_passing.html",
        {"passing": row, "referral": row.referral},
    )
