"""The link from a figure to the cases behind it, keeping the dashboard's filter; the links to the
national dashboard's sections, keeping it too; the rows of a figure's tables."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from lantern.oversight.dashboard import Figure
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


@register.simple_tag
def section_query(params: dict[str, str], section: str) -> str:
    """The query string of a section of the national dashboard, keeping the filters chosen."""
    kept = {name: value for name, value in params.items() if value and name != "section"}
    return urlencode({**kept, "section": section})


def _row(label: str, value: SafeString | str, numeric_class: str) -> SafeString:
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header govuk-!-font-weight-regular">{}</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric{}">{}</td></tr>',
        label,
        numeric_class,
        value,
    )


@register.simple_tag
def figure_rows(fig: Figure, which: str, flt: Filter | None, can_drill: bool = False) -> SafeString:
    """The rows of a figure's table ("trend": by month, "compare": by force), built here rather
    than by a loop of template tags: the national dashboard has some 1,500 of them (issue 13)."""
    measure = fig.measure
    if which == "compare":
        return mark_safe("".join(_row(c.label, c.text, " app-nowrap") for c in fig.compare_rows))  # noqa: S308
    drills = can_drill and measure.lists_cases
    rows = []
    for cell in fig.trend_rows:
        value: SafeString | str = cell.text
        if drills and cell.drill:
            value = format_html(
                '<a class="govuk-link" href="{}">{}'
                '<span class="govuk-visually-hidden"> in {}: see the cases</span></a>',
                drill_url(measure.key, flt, "month", cell.key),
                cell.text,
                cell.label,
            )
        rows.append(_row(cell.label, value, ""))
    return mark_safe("".join(rows))  # noqa: S308 - every part escaped by format_html
