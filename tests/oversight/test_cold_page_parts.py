"""The parts changed to make the cold national dashboard quicker (issue 13): the charts carry no
tooltip data for a script the page never loads, a figure's table rows are the same markup as the
template loop they replace, and the planner's statistics are refreshed after a bulk load."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from lantern.core import bulk
from lantern.oversight import charts, measures
from lantern.oversight.dashboard import Cell, Figure
from lantern.oversight.filters import build_filter
from lantern.oversight.templatetags.oversight_tags import figure_rows


def test_a_chart_keeps_its_title_and_description_but_no_tooltip_data() -> None:
    svg = charts.bars("Crimes, by force", "Crimes per force", ["Kent", "Essex"], [3, None], horizontal=True)
    assert "<title" in svg
    assert "Crimes, by force" in svg
    assert "Crimes per force" in svg
    assert 'class="value"' not in svg
    assert 'class="x_label"' not in svg
    assert svg.count('class="rect reactive tooltip-trigger"') == 1  # the withheld value is a gap


@pytest.mark.django_db
def test_table_rows_escape_labels_and_drill_only_where_allowed() -> None:
    measure = measures.MEASURES["crimes_recorded"]
    fig = Figure(measure, "5", "")
    fig.trend_rows = [Cell("Jul <2026>", "5", 5, "2026-07", True), Cell("Aug 2026", "0", 0, "2026-08", False)]
    fig.compare_rows = [Cell("Kent & Medway", "[c]", None, "KNT")]
    flt = build_filter(period="2026-Q3", today=dt.date(2026, 11, 30))
    drilled = figure_rows(fig, "trend", flt, True)
    assert "Jul &lt;2026&gt;" in drilled
    assert drilled.count("<a ") == 1
    assert "period=2026-07" in drilled
    assert "<a " not in figure_rows(fig, "trend", flt, False)
    compared = figure_rows(fig, "compare", flt)
    assert "Kent &amp; Medway" in compared
    assert "app-nowrap" in compared
    assert "<a " not in compared


@pytest.mark.django_db
def test_analyze_gives_the_planner_statistics() -> None:
    bulk.analyze()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_analyze_outside_a_transaction_lets_postgresql_count_from_an_index_alone() -> None:
    """After a bulk load PostgreSQL's pages are not yet marked all-visible, so every count over a
    covering index still visits the table; analyze() run on its own (as the generator does after
    its commit) vacuums, which marks them."""
    if connection.vendor != "postgresql":
        pytest.skip("the visibility map is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_force SET name = name")  # a load: no page all-visible now
        bulk.analyze()
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'core_force'")
        assert cursor.fetchone()[0] > 0
