"""The victim's contact plan, contact details (and viewing protected ones, with a reason), and
the decision on their enhanced rights."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lantern.cases.access import standing_consent
from lantern.core.models import User
from lantern.core.web import INVALID, attempt, page_view, require
from lantern.victims_code import forms, plans, services
from lantern.victims_code.code import can_waive, holds_case
from lantern.victims_code.views._common import case_for, case_form, context_for, first_victim_language, no_victims


@page_view
@require_http_methods(["GET", "POST"])
def contact_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(holds_case(user, case), "Only the officer in charge can agree a contact plan with the victim.")
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    advocates = User.objects.filter(
        pk__in=standing_consent().filter(person__in=victims).values("advocate")
    ).select_related("organisation")
    current = plans.current_plan(case, victims[0]) if len(victims) == 1 else None
    initial: dict[str, Any] = {"interval_days": settings.LANTERN_VC_DEFAULT_PLAN_INTERVAL_DAYS}
    if current is not None:
        initial.update(
            {
                "interval_days": current.interval_days,
                "channel": current.channel,
                "interpreter_needed": "yes" if current.interpreter_needed else "no",
                "advocate": current.advocate_id,
                "notes": current.notes,
            }
        )
    form = forms.ContactPlanForm(
        request.POST or None,
        initial=initial,
        victims=victims,
        language=current.language if current else first_victim_language(case, victims),
        advocates=advocates,
    )

    def action(data: dict[str, Any]) -> int:
        plans.set_contact_plan(
            user,
            case,
            plans.NewPlan(
                victim=form.victim(victims),
                interval_days=data["interval_days"],
                channel=data["channel"],
                language=data["language"],
                interpreter_needed=data["interpreter_needed"] == "yes",
                advocate=data["advocate"],
                notes=data["notes"],
            ),
        )
        return int(data["interval_days"])

    def said(interval: int) -> str:
        return f"Contact plan recorded: an update is due every {interval} days, even with no news."

    return case_form(request, user, case, form, action, said, "contact_plan.html", current=current)


@page_view
@require_http_methods(["GET", "POST"])
def contact_details(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(holds_case(user, case), "Only the officer in charge can change the victim's contact details.")
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    form = forms.ContactDetailsForm(request.POST or None, victims=victims)

    def action(data: dict[str, Any]) -> Any:
        return plans.set_contact_details(
            user,
            case,
            form.victim(victims),
            plans.ContactDetails(
                email=data["email"],
                mobile=data["mobile"],
                postal_address=data["postal_address"],
                protected=data["protected"],
                protected_reason=data["protected_reason"],
            ),
        )

    return case_form(request, user, case, form, action, "Contact details saved.", "contact_details.html")


@page_view
@require_http_methods(["GET", "POST"])
def reveal_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Not a redirect on success: the details are shown on this page, once, after the reason."""
    user, case = case_for(request, pk)
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    form = forms.RevealForm(request.POST or None, victims=victims)
    shown = None
    if request.method == "POST" and form.is_valid():
        victim = form.victim(victims)
        reason = form.cleaned_data["reason"]
        shown = attempt(form, lambda: (victim, plans.reveal_contact_details(user, case, victim, reason)))
    context = context_for(user, case, record=False)
    context.update({"form": form, "shown": shown, "summaries": [(v, plans.contact_summary(v)) for v in victims]})
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "victims_code/reveal_contact.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def enhanced_rights(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(
        can_waive(user, case), "Only the officer in charge, a supervisor or the SPOC can decide on enhanced rights."
    )
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    form = forms.EnhancedRightsForm(request.POST or None, victims=victims)
    return case_form(
        request,
        user,
        case,
        form,
        lambda data: services.decide_enhanced_rights(
            user, case, form.victim(victims), data["enhanced"] == "yes", data["reason"]
        ),
        "Decision recorded. The victim's open duties are re-timed to it.",
        "enhanced_rights.html",
        current=[(v, services.enhanced_rights(case, v)) for v in victims],
    )
