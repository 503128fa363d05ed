"""The Victims' Code measures for a period, by force, team or officer, as a page and a CSV."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.core import audit, clock
from lantern.core.models import User
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.victims_code import forms, measures
from lantern.victims_code.code import can_see_measures


def _measures_form(request: HttpRequest, user: User) -> tuple[forms.MeasuresForm, dt.date, dt.date, str, bool]:
    today = clock.today()
    groupings = measures.groupings_for(user)
    default_start = today.replace(day=1) - dt.timedelta(days=90)
    data = request.GET if "start_day" in request.GET or "by" in request.GET else None
    form = forms.MeasuresForm(
        data, groupings=groupings, initial={"start": default_start, "end": today, "by": groupings[0]}
    )
    if data is not None and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"], True
    return form, default_start, today, groupings[0], data is None


@page_view
def measures_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_measures(user), "Measures are for police officers and analysts.")
    form, start, end, by, ok = _measures_form(request, user)
    rows = measures.compute(user, start, end, by, clock.now()) if ok else []
    audit.record(user, audit.Action.CONSULTATION, object_type="victims_code.measures", detail=f"by {by} {start}..{end}")
    query = request.GET.urlencode() or urlencode(
        {
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": end.day,
            "end_month": end.month,
            "end_year": end.year,
            "by": by,
        }
    )
    return render(
        request,
        "victims_code/measures.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "by": by,
            "ok": ok,
            "csv_query": query,
            "by_label": measures.GROUPINGS[by],
        },
        status=200 if ok else INVALID,
    )


@page_view
def measures_csv(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_measures(user), "Measures are for police officers and analysts.")
    form, start, end, by, ok = _measures_form(request, user)
    if not ok:
        return HttpResponse(
            "The date range is not valid: " + "; ".join(e.message for e in form.error_summary()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = measures.compute(user, start, end, by, clock.now())
    audit.record(
        user, audit.Action.CONSULTATION, object_type="victims_code.measures", detail=f"CSV by {by} {start}..{end}"
    )
    response = HttpResponse(measures.to_csv(rows, by), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="victims-code-measures-{by}-{start}-{end}.csv"'
    return response
