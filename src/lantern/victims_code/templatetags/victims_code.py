"""The "updates owed to victims" panel for the officer's home page (see includes/my_duties.html), and
the next deadline of each case in a case list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from lantern.cases.models import Case
from lantern.core import clock
from lantern.core.models import User
from lantern.victims_code.code import can_see_duties
from lantern.victims_code.models import Duty
from lantern.victims_code.queries import my_duties

register = template.Library()


@register.inclusion_tag("victims_code/includes/_my_duties_panel.html", takes_context=True)
def my_duties_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not can_see_duties(user):
        return {"summary": None}
    return {"summary": my_duties(user, clock.today(), limit=10)}


@register.simple_tag
def next_deadlines(cases: Iterable[Case]) -> dict[int, Duty]:
    """The next open Victims' Code duty of each case shown (one query for the page of cases), for
    the "Next victim update due" column of a case list: {% next_deadlines page_obj as deadlines %}."""
    ids = [case.pk for case in cases]
    nearest: dict[int, tuple[dt.date, int, str]] = {}
    rows = Duty.objects.filter(case_id__in=ids, state=Duty.State.OPEN).order_by()
    for case_id, due_on, pk, kind in rows.values_list("case_id", "due_on", "pk", "kind"):
        known = nearest.get(case_id)
        if known is None or (due_on, pk) < known[:2]:
            nearest[case_id] = (due_on, pk, kind)
    # Values, then a model for the one shown per case: a busy officer's cases have hundreds of open duties.
    return {
        case_id: Duty(pk=pk, case_id=case_id, kind=kind, due_on=due_on)
        for case_id, (due_on, pk, kind) in nearest.items()
    }


@register.filter
def deadline_of(deadlines: Mapping[int, Duty], case: Case) -> Duty | None:
    return deadlines.get(case.pk)
