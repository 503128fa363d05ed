"""Dashboards: the force dashboard for investigators, SPOCs and supervisors, and the national
page for analysts (counts only, small numbers suppressed, never a person or a case)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.cases import queries
from lantern.cases.models import Handover
from lantern.core import access
from lantern.core.web import current_user, own_force, page_view, record_list_consultation, require
from lantern.nrm.services import unlinked_referrals
from lantern.oversight import stats

LIST_LIMIT = 20


@page_view
def force(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.can_see_force_dashboard(user), "The force dashboard is for investigators, SPOCs and supervisors.")
    own = own_force(user)
    now = timezone.now()
    alerts = unlinked_referrals(own, now)
    handovers = (
        Handover.objects.filter(case__force_id=own.pk, state=Handover.State.OFFERED)
        .select_related("case", "case__force", "from_officer", "to_officer").order_by("offered_at")
    )
    no_contact = queries.contact_overdue_cases(own.pk, now)
    by_status = stats.open_cases_by_status(own.pk)
    shown_cases = [h.case_id for h in handovers[:LIST_LIMIT]] + [c.pk for c in no_contact[:LIST_LIMIT]]
    record_list_consultation(user, "case list: force dashboard", shown_cases)
    return render(request, "oversight/force.html", {
        "force": own,
        "by_status": by_status,
        "open_total": sum(n for _value, _label, n in by_status),
        "alerts": alerts[:LIST_LIMIT], "alert_count": alerts.count(),
        "handovers": handovers[:LIST_LIMIT], "handover_count": handovers.count(),
        "no_contact": no_contact[:LIST_LIMIT], "no_contact_count": no_contact.count(),
        "now": now,
    })


@page_view
def national(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.sees_aggregates_only(user), "The national statistics page is for national analysts.")
    now = timezone.now()
    return render(request, "oversight/national.html", {
        "table": stats.national_rows(now), "now": now, "suppress_below": stats.SUPPRESS_BELOW,
    })
