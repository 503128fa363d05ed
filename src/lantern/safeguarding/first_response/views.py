"""Pages of the guided first response: one question page at a time, no JavaScript needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.cases.access import get_case_for
from lantern.core import access, audit
from lantern.core.access import get_for, handles_nrm
from lantern.core.clock import now
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import INVALID, current_user, offer_prefill, page_view, record_page_read, require
from lantern.safeguarding import guidance, rules
from lantern.safeguarding.access import visible_first_responses, visible_immigration_shares, visible_section45
from lantern.safeguarding.first_response import flow, forms, referral_form, services, summary
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import FirstResponse, SafeguardingAlert
from lantern.safeguarding.section45.considerations import Status as S45Status


def _first_response_for(request: HttpRequest, pk: int) -> FirstResponse:
    user = current_user(request)
    first_response = get_for(
        user, FirstResponse, pk, queryset=lambda rows: rows.select_related("case", "case__force", "recorded_by")
    )
    record_page_read(request, user, first_response)
    return first_response


@page_view
def index(request: HttpRequest) -> HttpResponse:
    """Safeguarding: start a first response, drafts to finish, alerts, guidance."""
    user = current_user(request)
    require(
        access.can_record_cases(user) or access.can_see_safeguarding_counts(user),
        "Safeguarding pages are for police officers and staff.",
    )
    drafts = (
        visible_first_responses(user)
        .filter(stage=FirstResponse.Stage.DRAFT, recorded_by=user)
        .select_related("case", "case__force")[:20]
    )
    alerts = SafeguardingAlert.objects.filter(officer=user, seen_at__isnull=True).select_related("case", "case__force")[
        :20
    ]
    awaiting = []
    if access.can_review_safeguarding(user):
        awaiting = list(
            visible_section45(user).filter(status=S45Status.AWAITING_REVIEW).select_related("case", "case__force")[:20]
        )
    shares = []
    if access.can_review_safeguarding(user):
        shares = list(
            visible_immigration_shares(user).filter(status="proposed").select_related("case", "case__force")[:20]
        )
    return render(
        request,
        "safeguarding/index.html",
        {
            "drafts": [(fr, summary.person_name(fr)) for fr in drafts],
            "alerts": alerts,
            "awaiting": awaiting,
            "shares": shares,
            "pages": guidance.PAGES,
            "can_start": access.can_record_cases(user),
            "can_see_counts": access.can_see_safeguarding_counts(user),
            "can_see_register": access.can_handle_safeguarding(user)
            or has_capability(user, Capability.MANAGES_INTERPRETERS),
        },
    )


@page_view
def start(request: HttpRequest) -> HttpResponse:
    """ "I think this person may be a victim": what happens next, then a button that starts."""
    user = current_user(request)
    require(access.can_record_cases(user), "Only police officers and staff make a first response.")
    case = None
    case_id = request.POST.get("case") or request.GET.get("case")
    if case_id and str(case_id).isdigit():
        case = get_case_for(user, int(case_id))
    if request.method == "POST":
        fr = services.start(user, case=case)
        return redirect("safeguarding:step", pk=fr.pk, step=flow.STEPS[0].slug)
    return render(request, "safeguarding/first_response/start.html", {"case": case, "steps": flow.STEPS})


@page_view
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = current_user(request)
    fr = _first_response_for(request, pk)
    if fr.stage != FirstResponse.Stage.DRAFT:
        return redirect("safeguarding:done", pk=fr.pk)
    current = flow.BY_SLUG.get(step)
    if current is None:
        raise Http404("No such question")
    back_to_check = request.GET.get("from") == "check" or request.POST.get("from") == "check"
    form_class = current.form
    form = form_class(posted(request), initial=form_class.initial_for(fr))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notes = services.update(user, fr, form.to_service())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                for note in notes:
                    messages.info(request, note)
                target = "check" if back_to_check else flow.next_slug(fr, current.slug)
                if target == "check":
                    return redirect("safeguarding:check", pk=fr.pk)
                return redirect("safeguarding:step", pk=fr.pk, step=target)
        status = INVALID
    applicable = flow.steps_for(fr)
    number = next((i for i, s in enumerate(applicable, start=1) if s.slug == current.slug), len(applicable))
    previous = flow.previous_slug(fr, current.slug)
    back = (
        reverse("safeguarding:check", args=[fr.pk])
        if back_to_check
        else reverse("safeguarding:step", args=[fr.pk, previous])
        if previous
        else reverse("safeguarding:start")
    )
    return render(
        request,
        "safeguarding/first_response/step.html",
        {
            "fr": fr,
            "step": current,
            "form": form,
            "number": number,
            "total": len(applicable) + 1,
            "back": back,
            "from_check": back_to_check,
            "guide": guidance.BY_SLUG[current.guidance],
            "child": rules.treated_as_child(fr.age_now),
            "focused_flow": True,
        },
        status=status,
    )


@page_view
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers: every missing item named with a link to its question; once complete,
    the Home Office reference marks it sent."""
    user = current_user(request)
    fr = _first_response_for(request, pk)
    if fr.stage != FirstResponse.Stage.DRAFT:
        return redirect("safeguarding:done", pk=fr.pk)
    form = forms.CompleteForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.complete(user, fr, form.cleaned_data["reference"])
        except services.Incomplete:
            status = INVALID
        except ValidationError as exc:
            form.add_service_errors(exc)
            status = INVALID
        else:
            return redirect("safeguarding:done", pk=fr.pk)
    elif request.method == "POST":
        status = INVALID
    missing = [{"label": m.label, "step": flow.step_for_missing(fr, m.step)} for m in services.missing(fr)]
    reference, reference_case = services.case_for_reference(user, fr)
    route = {rules.ROUTE_NRM: "NRM referral", rules.ROUTE_DTN: "Duty to Notify"}.get(fr.route, "")
    return render(
        request,
        "safeguarding/first_response/check.html",
        {
            "fr": fr,
            "rows": summary.check_rows(fr),
            "reference": reference,
            "reference_case": reference_case,
            "missing": missing,
            "form": form,
            "route": route,
            "decision": rules.referral_route(fr.age_now, fr.consent),
            "dtn": fr.route == rules.ROUTE_DTN,
            "child": rules.treated_as_child(fr.age_now),
            "focused_flow": True,
        },
        status=status,
    )


@page_view
def done(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral is sent: its reference, the online form, and what to do next."""
    user = current_user(request)
    fr = _first_response_for(request, pk)
    if fr.stage != FirstResponse.Stage.SENT:
        return redirect("safeguarding:check", pk=fr.pk)
    reference = (
        fr.nrm_referral.reference if fr.nrm_referral else fr.duty_to_notify.reference if fr.duty_to_notify else ""
    )
    crime_reference, case = services.case_for_reference(user, fr)
    return render(
        request,
        "safeguarding/first_response/done.html",
        {
            "fr": fr,
            "reference": reference,
            "case": case,
            "record_crime": record_crime_link(request, user, fr, crime_reference),
            "online_form": settings.LANTERN_NRM_ONLINE_FORM_URL,
        },
    )


def record_crime_link(request: HttpRequest, user: User, fr: FirstResponse, crime_reference: str) -> str:
    """Where "Record the crime now" goes, with the answers offered to its form (crime reference,
    what happened, types of exploitation) through the session. An officer who handles NRM referrals
    records the crime joined to the referral at once; anyone else records it on the new-case page,
    and the referral waits in the SPOC's triage queue and NRM alerts to be joined."""
    c = services.content_of(fr)
    answers = {
        "crime_reference": crime_reference,
        "summary": c.narrative[:1000],
        "exploitation_types": list(c.exploitation_types),
    }
    referral = fr.nrm_referral
    if referral is not None and handles_nrm(user) and referral.force_id == user.force_id:
        offer_prefill(request, "nrm:record_crime", answers)
        return reverse("nrm:record_crime", args=[referral.pk])
    offer_prefill(request, "cases:new", answers)
    return reverse("cases:new")


def _sent(request: HttpRequest, pk: int) -> FirstResponse:
    fr = _first_response_for(request, pk)
    if fr.stage != FirstResponse.Stage.SENT or fr.nrm_referral is None:
        raise Http404("Only a sent NRM referral has a printable copy")
    audit.record(current_user(request), audit.Action.CONSULTATION, fr, detail="NRM referral answers read")
    return fr


@page_view
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    """The NRM referral's answers as a printable page, in the order of the Home Office form."""
    fr = _sent(request, pk)
    return render(
        request,
        "safeguarding/first_response/referral.html",
        {
            "fr": fr,
            "sections": summary.referral_sections(fr),
            "person": summary.person_name(fr),
            "online_form": settings.LANTERN_NRM_ONLINE_FORM_URL,
        },
    )


@page_view
def referral_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    fr = _sent(request, pk)
    reference = fr.nrm_referral.reference if fr.nrm_referral else ""
    document = referral_form.pdf(reference, summary.referral_sections(fr), now())
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nrm-referral-{reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
