"""The "updates owed to victims" panel for the officer's home page (see includes/my_duties.html)."""

from __future__ import annotations

from typing import Any

from django import template

from lantern.core import clock
from lantern.core.models import User
from lantern.victims_code.code import can_see_duties
from lantern.victims_code.queries import my_duties

register = template.Library()


@register.inclusion_tag("victims_code/includes/_my_duties_panel.html", takes_context=True)
def my_duties_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not can_see_duties(user):
        return {"summary": None}
    return {"summary": my_duties(user, clock.today(), limit=10)}
