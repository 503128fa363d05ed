"""Charts as SVG drawn on the server with pygal (decision 0018): no JavaScript, no browser.

pygal's SVG carries an inline <style> and <script> (its tooltips); the Content Security Policy
allows neither, so both are removed and the chart is styled by static/oversight/charts.css. Each
chart is an image with a title and a description (role="img", aria-labelledby); the numbers are
always in a table beside it, which is what screen readers and keyboard users are pointed to.
"""

from __future__ import annotations

import html
import math
import re
import uuid
from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

WIDTH, HEIGHT = 720, 320
_STRIP = [
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<style\b.*?</style>", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r'\sstyle="[^"]*"'),
    re.compile(r"<title>Pygal</title>"),
]


# Sizes pygal lays the chart out with (the colours are in charts.css).
STYLE = Style(
    font_family="arial, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
    title_font_size=16,
    value_font_size=14,
    tooltip_font_size=14,
    colors=("#1d70b8", "#d4351c", "#00703c", "#4c2c92"),
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
)


class _NoTooltips:
    """pygal writes, for every bar and point, <desc> elements that only its JavaScript tooltips read
    (and the page has none): not writing them makes each chart smaller and quicker to draw."""

    def _tooltip_data(self, *args: object, **kwargs: object) -> None:
        return None


class _Bar(_NoTooltips, pygal.Bar):  # type: ignore[misc]
    pass


class _HorizontalBar(_NoTooltips, pygal.HorizontalBar):  # type: ignore[misc]
    pass


class _Line(_NoTooltips, pygal.Line):  # type: ignore[misc]
    pass


def ticks(values: Sequence[float | None]) -> list[float]:
    """Whole-number steps from 0 to just above the largest value (no 0.1 steps for counts)."""
    top = max((v for v in values if v is not None), default=0)
    step = max(1, math.ceil(top / 5))
    magnitude = 10 ** max(0, len(str(step)) - 1)
    step = math.ceil(step / magnitude) * magnitude
    return list(range(0, int(top) + step + 1, step)) if top else [0, 1]


def _config(**extra: object) -> dict[str, object]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": HEIGHT,
        "show_legend": False,
        "explicit_size": False,
        "margin": 10,
        "print_values": False,
        "tooltip_fancy_mode": False,
        "show_y_guides": True,
        "include_x_axis": True,
        **extra,
    }


def _finish(svg: str, title: str, description: str) -> SafeString:
    for pattern in _STRIP:
        svg = pattern.sub("", svg)
    ident = f"chart-{uuid.uuid4().hex[:10]}"
    svg = re.sub(r'\sid="chart-[^"]*"', "", svg, count=1)
    head = f'<svg role="img" aria-labelledby="{ident}-t {ident}-d" focusable="false"'
    svg = svg.replace("<svg", head, 1)
    svg = re.sub(
        r"(<svg[^>]*>)",
        lambda m: (
            f'{m.group(1)}<title id="{ident}-t">{html.escape(title)}</title>'
            f'<desc id="{ident}-d">{html.escape(description)}</desc>'
        ),
        svg,
        count=1,
    )
    return mark_safe(svg)  # noqa: S308 - pygal escapes labels; our text is escaped above


def bars(
    title: str, description: str, labels: Sequence[str], values: Sequence[float | None], horizontal: bool = False
) -> SafeString:
    """One series as bars, e.g. forces compared. None is a gap (a withheld or missing value)."""
    chart_type = _HorizontalBar if horizontal else _Bar
    height = max(HEIGHT, 26 * len(labels) + 60) if horizontal else HEIGHT
    labels, values = list(labels), list(values)
    if horizontal:  # pygal draws the first bar at the bottom: keep the table's order top to bottom
        labels, values = labels[::-1], values[::-1]
    chart = chart_type(
        **_config(
            height=height,
            width=560 if horizontal else WIDTH,
            truncate_label=24,
            x_label_rotation=0 if horizontal else 30,
            y_labels=ticks(values),
        )
    )
    chart.x_labels = labels
    chart.add(title, values)
    return _finish(chart.render(is_unicode=True), title, description)


def trend(title: str, description: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> SafeString:
    """Lines over time (months), one per series."""
    every = [v for vs in series.values() for v in vs]
    chart = _Line(
        **_config(
            show_legend=len(series) > 1,
            legend_at_bottom=True,
            x_label_rotation=30,
            allow_interruptions=True,
            y_labels=ticks(every),
        )
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _finish(chart.render(is_unicode=True), title, description)
