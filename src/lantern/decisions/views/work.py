"""The force's decisions work list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.core import audit
from lantern.core.web import current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import queries
from lantern.victims_code.working_days import london_day


@page_view
def work(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    today = london_day(timezone.now())
    items = queries.work_list(user, today)
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="decisions.work",
        object_id="",
        detail=("cases " + ",".join(str(i.case.pk) for i in items))[:255] if items else "no cases",
    )
    return render(request, "decisions/work.html", {"items": items, "today": today})
