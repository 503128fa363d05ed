"""The measures by API: `GET /api/v1/oversight/measures` (a force's officers: their force, exact;
national analysts: every force, small numbers suppressed) and `GET /api/v1/oversight/publication`
(analysts: the publication as JSON). Bad filters are a 400 naming the field."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from lantern.core import access
from lantern.core.access import AccessDenied
from lantern.core.clock import today
from lantern.core.models import Force
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.oversight import dashboard, measures, publication, victims
from lantern.oversight.filters import Filter, FilterError, build_filter
from lantern.oversight.measures import Measure
from lantern.oversight.victims import shared_computation

router = Router(tags=["oversight"])


def _bad(exc: FilterError) -> HttpResponse:
    return JsonResponse({"detail": "The request was refused: see errors.", "errors": exc.as_errors()}, status=400)


@router.get("/oversight/measures", summary="Every oversight measure for a period, in total and by force")
def oversight_measures(
    request: HttpRequest, period: str = "", force: str = "", region: str = "", exploitation: str = ""
) -> Any:
    user = _user(request)
    national = access.sees_aggregates_only(user)
    if not (national or access.can_see_force_dashboard(user)):
        raise AccessDenied("The measures are for a force's officers and national analysts.")
    try:
        flt = build_filter(
            period=period,
            today=today(),
            forces=[force] if force else [],
            region=region,
            exploitation=exploitation,
            allowed_force_ids=None if national else {user.force_id} if user.force_id else set(),
        )
    except FilterError as exc:
        return _bad(exc)
    if not dashboard.has_data(flt):
        return _bad(FilterError("period", f"There are no records for {flt.describe()}"))
    forces = list(Force.objects.order_by("name"))
    if flt.force_ids is not None:
        forces = [f for f in forces if f.pk in set(flt.force_ids)]
    with shared_computation():  # each period's Victims' Code figures read once
        out = [_measure_item(m, flt, forces, national) for m in measures.MEASURES.values()]
    return {"period": flt.period.key, "filter": flt.describe(), "suppressed": national, "measures": out}


def _measure_item(m: Measure, flt: Filter, forces: list[Force], national: bool) -> dict[str, Any]:
    total = measures.total(m, flt)
    item: dict[str, Any] = {
        "measure": m.key,
        "title": m.title,
        "description": m.description,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "kind": m.kind,
    }
    if national or m.always_suppressed:
        _t, vals, _tt, _ = dashboard.published_values(m, {"all": total}, ["all"], ["All"])
        item["value"] = vals[0]
        if national and "force" in m.breakdowns:
            aggs = measures.aggregates(m, flt, "force")
            keys = [f.code for f in forces]
            _t, vals, _tt, _ = dashboard.published_values(m, aggs, keys, [f.name for f in forces])
            item["by_force"] = dict(zip(keys, vals, strict=True))
    else:
        item["value"] = m.value(total)
        item["numerator_count"], item["denominator_count"] = total.num, total.den
    if m.victims_code:  # kept by the task worker: when they were calculated (decision 0028)
        item["calculated_at"] = victims.as_at(flt).isoformat()
    return item


@router.get("/oversight/publication", summary="The publication for a period as JSON, small numbers suppressed")
def oversight_publication(request: HttpRequest, period: str = "") -> Any:
    user = _user(request)
    if not access.sees_aggregates_only(user):
        raise AccessDenied("The publication is for national analysts.")
    try:
        flt = build_filter(period=period, today=today())
    except FilterError as exc:
        return _bad(exc)
    if not dashboard.has_data(flt):
        return _bad(FilterError("period", f"There are no records for {flt.describe()}"))
    return json.loads(publication.render(flt, "json"))
