"""Pages: the in-service guidance, alerts, NRM decisions with the recovery period, and the oversight
counts. The sub-domains' pages are in their packages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.core import access, audit
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.nrm import services as nrm_services
from lantern.nrm.access import get_nrm_for
from lantern.nrm.models import NrmDecision
from lantern.safeguarding import guidance, queries, rules, services
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.models import SafeguardingAlert

# --- Guidance ----------------------------------------------------------------------------------


@page_view
def guidance_index(request: HttpRequest) -> HttpResponse:
    return render(request, "safeguarding/guidance/index.html", {"pages": guidance.PAGES})


@page_view
def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = guidance.BY_SLUG.get(slug)
    if page is None:
        raise Http404("No such guidance")
    return render(
        request,
        f"safeguarding/guidance/{slug}.html",
        {
            "page": page,
            "pages": guidance.PAGES,
            "indicators": guidance.INDICATORS,
            "schedule4": list(rules.schedule4().values()),
            "periods": rules.nrm_periods(),
        },
    )


# --- Alerts, NRM decisions, oversight ----------------------------------------------------------


@page_view
def alert_seen(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(request.method == "POST", "Use the button on the safeguarding page.")
    try:
        alert = SafeguardingAlert.objects.get(pk=pk, officer=user)
    except SafeguardingAlert.DoesNotExist as exc:
        raise Http404("No alert found") from exc
    services.mark_alert_seen(user, alert)
    return redirect("safeguarding:index")


@page_view
def nrm_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Record reasonable and conclusive grounds decisions; see the recovery period."""
    from lantern.safeguarding.case_forms import DecisionForm

    user = current_user(request)
    referral = get_nrm_for(user, pk)
    require(access.handles_nrm(user), "Investigators, SPOCs and supervisors record NRM decisions.")
    form = DecisionForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                nrm_services.record_decision(
                    user, referral, data["kind"], data["outcome"] == "positive", data["decided_on"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request, "Decision recorded. The officer in charge of each open case has been alerted."
                )
                return redirect("safeguarding:nrm_decisions", pk=referral.pk)
        status = INVALID
    audit.record(user, audit.Action.CONSULTATION, referral, detail="page nrm decisions")
    return render(
        request,
        "safeguarding/nrm_decisions.html",
        {
            "referral": referral,
            "decisions": NrmDecision.objects.filter(referral=referral).select_related("recorded_by"),
            "period": services.recovery_period_of(referral),
            "form": form,
            "today": timezone.localdate(),
        },
        status=status,
    )


COUNT_FIELDS = (
    "shares_proposed",
    "shares_approved",
    "shares_refused",
    "shares_person_told",
    "s45_total",
    "s45_awaiting_review",
    "s45_reviewed",
    "s45_under_18_test",
)


@page_view
def oversight(request: HttpRequest) -> HttpResponse:
    """The immigration ledger and section 45 considerations counted per force."""
    user = current_user(request)
    require(access.can_see_safeguarding_counts(user), "These counts are for supervisors, SPOCs and national analysts.")
    force_ids = access.aggregate_force_ids(user)
    rows = queries.counts_per_force(force_ids)
    totals = queries.ForceCounts("ALL", "All forces shown")
    for row in rows:
        for name in COUNT_FIELDS:
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    audit.record(
        user, audit.Action.CONSULTATION, object_type="safeguarding counts", object_id="", detail=f"{len(rows)} forces"
    )
    shown: list[Any] = list(rows)
    if force_ids is None:
        # The counts leave the force: small numbers suppressed by the one rule (lantern.oversight).
        from lantern.core.suppression import published_columns

        texts, total_texts, _v, _t = published_columns(
            [r.force_name for r in rows], {name: [getattr(r, name) for r in rows] for name in COUNT_FIELDS}
        )
        shown = [
            SimpleNamespace(force_code=r.force_code, force_name=r.force_name, **t)
            for r, t in zip(rows, texts, strict=True)
        ]
        totals = SimpleNamespace(**total_texts)  # type: ignore[assignment]
    return render(
        request,
        "safeguarding/oversight.html",
        {"rows": shown, "totals": totals, "national": force_ids is None},
    )
