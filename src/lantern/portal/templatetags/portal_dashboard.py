"""The portal's panel on the force dashboard, one line in its template: `{% load portal_dashboard %}`
then `{% chased_most_panel %}`: the force's cases chased most by victims and advocates in the
dashboard's period, each linked to the case (issue 11: "a supervisor sees the cases chased most")."""

from __future__ import annotations

from typing import Any

from django import template

from lantern.core import clock
from lantern.core.models import User
from lantern.core.web import record_list_consultation
from lantern.portal import requests
from lantern.portal.access import can_see_request_counts

register = template.Library()
SHOWN = 10


@register.inclusion_tag("portal/_chased_most.html", takes_context=True)
def chased_most_panel(context: template.Context) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    if not isinstance(user, User) or user.force_id is None or not can_see_request_counts(user):
        return {"show": False}
    flt = context.get("filter")
    period = getattr(flt, "period", None)
    today = clock.today()
    start, end = (period.start, min(period.end, today)) if period is not None else (today.replace(day=1), today)
    chased = requests.chased_most(requests.requests_in(requests.scope_for(user), start, end), limit=SHOWN)
    record_list_consultation(user, "force dashboard: cases chased most", [c.case.pk for c in chased])
    return {"show": True, "chased": chased, "start": start, "end": end}
