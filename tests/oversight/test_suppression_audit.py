"""The suppression audit, as statistical disclosure control tools do it: for every withheld cell of
every table that leaves the force, linear programming (scipy's linprog) finds the smallest and
largest values consistent with everything published (the other cells, the totals, counts never
negative). The range must never be narrower than the threshold."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse
from scipy.optimize import linprog
from tests.factories import user
from tests.oversight.conftest import TODAY

from lantern.core import suppression
from lantern.core.models import Force, Role
from lantern.core.suppression import CountTable, SuppressedTable, lines_of, suppress
from lantern.oversight import dashboard, publication
from lantern.oversight.filters import build_filter
from lantern.portal.models import FeedbackResponse

BELOW = 5


def feasible_ranges(table: SuppressedTable) -> dict[tuple[int, int], tuple[float, float]]:
    """For each withheld cell, (min, max) over all tables consistent with what is published."""
    hidden = sorted(table.suppressed)
    if not hidden:
        return {}
    index = {cell: i for i, cell in enumerate(hidden)}
    n_rows, n_cols = len(table.values), len(table.values[0])
    a_eq, b_eq = [], []
    for parts, total in lines_of(table.table, n_rows, n_cols):
        row = [0.0] * len(hidden)
        rhs = 0.0
        for r, c in parts:
            if (r, c) in index:
                row[index[(r, c)]] += 1
            else:
                rhs -= table.values[r][c]
        if total in index:
            row[index[total]] -= 1
        else:
            rhs += table.values[total[0]][total[1]]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    out = {}
    for cell, i in index.items():
        bounds = []
        for sign in (1, -1):
            cost = [0.0] * len(hidden)
            cost[i] = sign
            result = linprog(
                cost, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(0, None)] * len(hidden), method="highs"
            )
            if result.status == 3:  # unbounded: as wide as can be
                bounds.append(float("inf") * sign * -1)
            else:
                assert result.status == 0, result.message
                bounds.append(result.fun * sign)
        out[cell] = (bounds[0], bounds[1])
    return out


def audit(table: SuppressedTable, below: int = BELOW) -> int:
    """Checks every withheld cell; returns how many were checked."""
    for cell, (low, high) in feasible_ranges(table).items():
        assert high - low >= below - 1e-6, (table.table.title, cell, table.values[cell[0]][cell[1]], low, high)
        true = table.values[cell[0]][cell[1]]
        assert low - 1e-6 <= true <= high + 1e-6
    return len(table.suppressed)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[SuppressedTable]:
    """Every table that goes through the one suppression function."""
    seen: list[SuppressedTable] = []
    original = suppression.suppress

    def spy(table: CountTable, below: int | None = None) -> SuppressedTable:
        result = original(table, below)
        seen.append(result)
        return result

    monkeypatch.setattr(suppression, "suppress", spy)
    return seen


def test_the_rule_on_small_tables() -> None:
    one = suppress(CountTable("t", ["a", "b", "c"], ["n"], [[2], [10], [20]], row_totals=False), BELOW)
    assert one.shown(0, 0) == "[c]"
    assert one.shown(1, 0) == "[c]"
    assert one.shown(2, 0) == "20"
    assert one.shown(3, 0) == "32"  # the total is published
    zeros = suppress(CountTable("t", ["a", "b"], ["n"], [[0], [12]], row_totals=False), BELOW)
    assert zeros.suppressed == set()  # a zero identifies nobody
    small_total = suppress(CountTable("t", ["a", "b"], ["n"], [[1], [2]], row_totals=False), BELOW)
    assert small_total.suppressed == {(0, 0), (1, 0), (2, 0)}
    for table in (one, zeros, small_total):
        audit(table)


def test_random_tables_pass_the_audit() -> None:
    rng = random.Random(13)
    checked = 0
    for _ in range(150):
        rows, cols = rng.randint(1, 7), rng.randint(1, 6)
        cells = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(cols)] for _ in range(rows)]
        table = CountTable(
            "random",
            [f"r{i}" for i in range(rows)],
            [f"c{j}" for j in range(cols)],
            cells,
            row_totals=rng.random() < 0.6,
            col_totals=True,
        )
        checked += audit(suppress(table, BELOW), BELOW)
    assert checked > 300


@pytest.mark.django_db
def test_every_published_table_passes_the_audit(generated: None, recorded: list[SuppressedTable]) -> None:
    from django.conf import settings

    assert getattr(settings, "LANTERN_SUPPRESS_BELOW", 5) == BELOW
    for period in ("2026", "2026-Q3", "2026-07"):
        flt = build_filter(period=period, today=TODAY)
        publication.render(flt, "json")
    analyst = user(Role.ANALYST, None, username="audit-analyst")
    client = Client()
    client.force_login(analyst)
    for section in dashboard.sections():
        page = client.get(reverse("oversight:national"), {"period": "2026-Q3", "section": section.slug})
        assert page.status_code == 200, section.slug
    assert client.get(reverse("safeguarding:oversight")).status_code == 200
    assert client.get("/api/v1/oversight/measures", {"period": "2026"}).status_code == 200
    assert client.get("/api/v1/safeguarding/counts").status_code == 200
    # The tables of the measures orders and portal register (orders in force and breaches, update
    # requests, victims' feedback) are published and audited like oversight's own.
    titles = {table.table.title for table in recorded}
    for _tid, title, _columns in publication.registered_tables():
        assert title in titles, title
    # Victims' feedback is suppressed on a force's own dashboard too: those tables are audited.
    before = len(recorded)
    answered = FeedbackResponse.objects.values_list("force_id", flat=True).first()
    assert answered is not None
    supervisor = user(Role.SUPERVISOR, Force.objects.get(pk=answered), username="audit-supervisor")
    client.force_login(supervisor)
    assert client.get(reverse("oversight:force"), {"period": "2026"}).status_code == 200
    assert len(recorded) > before
    assert len(recorded) > 50
    checked = sum(audit(table) for table in recorded)
    print(f"suppression audit: {len(recorded)} tables, {checked} withheld cells checked")
    assert checked > 50
