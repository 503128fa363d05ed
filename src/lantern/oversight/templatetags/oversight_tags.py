"""The link from a figure to the cases behind it, keeping the dashboard's filter."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from lantern.oversight.filters import Filter

register = template.Library()


@register.simple_tag
def drill_url(measure: str, flt: Filter | None, by: str = "", key: str = "") -> str:
    params = {"measure": measure}
    if flt is not None:
        params["period"] = flt.period.key
        if flt.exploitation:
            params["exploitation"] = flt.exploitation
    if by == "month":
        params["period"] = key  # a month of the trend: that month's cases
    elif by:
        params.update(by=by, key=key)
    return f"{reverse('oversight:cases')}?{urlencode(params)}"
