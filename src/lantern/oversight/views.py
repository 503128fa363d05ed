"""Dashboards: the force dashboard (its own figures, exact, with the cases behind each for those
who may see them) and the national dashboard for analysts (counts only, small numbers suppressed,
never a person or a case); the publication download; the list of cases behind a figure; the
recommendations monitor. Thin: the measures, suppression and tables are in their modules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.cases import queries
from lantern.cases.access import visible_cases
from lantern.cases.models import ExploitationType, Handover
from lantern.core import access, suppression
from lantern.core.clock import now, today
from lantern.core.models import Force, User
from lantern.core.web import current_user, own_force, page_view, record_list_consultation, require
from lantern.nrm.services import unlinked_referrals
from lantern.oversight import dashboard, measures, publication, recommendations, stats
from lantern.oversight.filters import Filter, FilterError, build_filter, current_quarter, recent_periods, region_names
from lantern.oversight.victims import shared_computation
from lantern.victims_code.models import Duty

LIST_LIMIT = 20
CASE_LIMIT = 200


def is_national(user: User) -> bool:
    return user.is_active and access.sees_aggregates_only(user)


def _filter_from(
    request: HttpRequest, user: User, national: bool
) -> tuple[Filter | None, dict[str, Any], FilterError | None]:
    params = {
        "period": request.GET.get("period", "") or current_quarter(today()),
        "force": request.GET.get("force", "") if national else "",
        "region": request.GET.get("region", "") if national else "",
        "exploitation": request.GET.get("exploitation", ""),
    }
    try:
        flt = build_filter(
            period=params["period"],
            today=today(),
            forces=[params["force"]] if params["force"] else [],
            region=params["region"],
            exploitation=params["exploitation"],
            allowed_force_ids=None if national else {user.force_id} if user.force_id else set(),
        )
    except FilterError as exc:
        return None, params, exc
    if not dashboard.has_data(flt):
        return (
            flt,
            params,
            FilterError(
                "period",
                f"There are no records for {flt.describe()}. Choose another period, force or exploitation type.",
            ),
        )
    return flt, params, None


def _form_context(params: dict[str, Any], error: FilterError | None, national: bool) -> dict[str, Any]:
    return {
        "params": params,
        "error": error,
        "periods": recent_periods(today()),
        "forces": list(Force.objects.order_by("name").values_list("code", "name")) if national else [],
        "regions": region_names() if national else [],
        "exploitation_types": ExploitationType.choices,
        "suppression_note": suppression.explanation(),
    }


@page_view
def force(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.can_see_force_dashboard(user), "The force dashboard is for investigators, SPOCs and supervisors.")
    own = own_force(user)
    moment = now()
    flt, params, error = _filter_from(request, user, national=False)
    figures = dashboard.build(dashboard.measure_keys(), flt, today(), national=False) if flt and not error else []
    alerts = unlinked_referrals(own, moment)
    handovers = (
        Handover.objects.filter(case__force_id=own.pk, state=Handover.State.OFFERED)
        .select_related("case", "case__force", "from_officer", "to_officer")
        .order_by("offered_at")
    )
    no_contact = queries.contact_overdue_cases(own.pk, moment)
    by_status = stats.open_cases_by_status(own.pk)
    visible = visible_cases(user)
    open_duties = Duty.objects.filter(state=Duty.State.OPEN, case__in=visible.values("pk"), owner__force_id=own.pk)
    overdue = open_duties.filter(due_on__lt=today())
    escalated = (
        overdue.filter(escalation_level__gt=0)
        .select_related("case", "case__force", "owner")
        .order_by("-escalation_level", "due_on")
    )
    shown_cases = (
        [h.case_id for h in handovers[:LIST_LIMIT]]
        + [c.pk for c in no_contact[:LIST_LIMIT]]
        + [d.case_id for d in escalated[:LIST_LIMIT]]
    )
    record_list_consultation(user, "case list: force dashboard", shown_cases)
    return render(
        request,
        "oversight/force.html",
        {
            **_form_context(params, error, national=False),
            "force": own,
            "figures": figures,
            "filter": flt,
            "by_status": by_status,
            "open_total": sum(n for _value, _label, n in by_status),
            "alerts": alerts[:LIST_LIMIT],
            "alert_count": alerts.count(),
            "handovers": handovers[:LIST_LIMIT],
            "handover_count": handovers.count(),
            "no_contact": no_contact[:LIST_LIMIT],
            "no_contact_count": no_contact.count(),
            "overdue_count": overdue.count(),
            "escalated": escalated[:LIST_LIMIT],
            "escalated_count": escalated.count(),
            "now": moment,
            "can_drill": True,
        },
        status=400 if error else 200,
    )


@page_view
def national(request: HttpRequest) -> HttpResponse:
    """One section of the national dashboard at a time (the first unless `section` names another)."""
    user = current_user(request)
    require(is_national(user), "The national dashboard is for national analysts.")
    sections = dashboard.sections()
    wanted = request.GET.get("section", "") or sections[0].slug
    section = next((s for s in sections if s.slug == wanted), None)
    with shared_computation():  # the measures read to check there is data are read once
        flt, params, error = _filter_from(request, user, national=True)
        if section is None:
            error = FilterError("section", "Choose one of the dashboard's sections")
        figures = (
            dashboard.build(list(section.keys), flt, today(), national=True) if flt and section and not error else []
        )
    return render(
        request,
        "oversight/national.html",
        {
            **_form_context(params, error, national=True),
            "figures": figures,
            "filter": flt,
            "sections": sections,
            "section": section,
            "now": now(),
            "can_drill": False,
            "formats": publication.FORMATS,
        },
        status=400 if error else 200,
    )


@page_view
def download(request: HttpRequest) -> HttpResponse:
    """The publication for the period, as CSV, ODS or JSON."""
    user = current_user(request)
    require(is_national(user), "The publication is for national analysts.")
    flt, params, error = _filter_from(request, user, national=True)
    fmt = request.GET.get("format", "csv")
    if fmt not in publication.FORMATS:
        error = FilterError("format", "Choose CSV, ODS or JSON")
    if error or flt is None:
        return render(
            request,
            "oversight/national.html",
            {
                **_form_context(params, error, national=True),
                "figures": [],
                "filter": flt,
                "now": now(),
                "formats": publication.FORMATS,
            },
            status=400,
        )
    response = HttpResponse(publication.render(flt, fmt), content_type=publication.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{publication.filename(flt, fmt)}"'
    return response


@page_view
def cases(request: HttpRequest) -> HttpResponse:
    """The cases behind a figure of the force dashboard, through the access policy. Analysts see
    aggregates only: never the cases."""
    user = current_user(request)
    require(access.can_see_force_dashboard(user), "The cases behind a figure are for the force's officers.")
    measure = measures.MEASURES.get(request.GET.get("measure", ""))
    flt, params, error = _filter_from(request, user, national=False)
    by, key = request.GET.get("by", ""), request.GET.get("key", "")
    if measure is None:
        error = FilterError("measure", "Choose a measure from the dashboard")
    if by and by not in ("month", "force"):
        error = FilterError("by", "A figure is broken down by month or force")
    rows: list[Any] = []
    count = 0
    if flt is not None and measure is not None and error is None:
        ids = measures.case_ids_behind(measure, flt, by, key)
        if ids is not None:
            found = visible_cases(user).filter(pk__in=ids).with_header().order_by("-reported_at")
            count = found.count()
            rows = list(found[:CASE_LIMIT])
            record_list_consultation(user, f"case list: oversight {measure.key}", [c.pk for c in rows])
    return render(
        request,
        "oversight/cases.html",
        {
            **_form_context(params, error, national=False),
            "measure": measure,
            "filter": flt,
            "rows": rows,
            "count": count,
            "by": by,
            "key": key,
            "limit": CASE_LIMIT,
        },
        status=400 if error else 200,
    )


@page_view
def recommendations_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    national = is_national(user)
    require(national or access.can_see_force_dashboard(user), "This page is for police officers and analysts.")
    force_ids = None if national else {user.force_id} if user.force_id else set()
    chosen = Force.objects.filter(code=request.GET.get("force", "")).first() if national else None
    if chosen is not None:
        force_ids = {chosen.pk}  # one force, still suppressed: the figures leave the force
    quarters = list(reversed(recent_periods(today(), 4)))
    rows = recommendations.monitor(quarters, today(), force_ids, national)
    return render(
        request,
        "oversight/recommendations.html",
        {
            "rows": rows,
            "quarters": quarters,
            "national": national,
            "suppression_note": suppression.explanation(),
            "forces": list(Force.objects.order_by("name").values_list("code", "name")) if national else [],
            "chosen": chosen,
        },
    )
