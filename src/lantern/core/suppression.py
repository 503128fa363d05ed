"""Small-number suppression: THE rule for every count that leaves the force (the national
dashboard, the publication, the API, the sharing and section 45 counts seen nationally).

`suppress(table)` is the one function. A count from 1 to threshold - 1 is withheld (primary
suppression; zeros are shown: a zero identifies nobody). Published totals would let a reader work a
lone withheld cell out (total minus the other cells), so more cells are withheld (secondary
suppression) until, in every line of the table that is published with its total, the withheld
cells are none, or at least two whose sum is at least the threshold; and a withheld total always
has a withheld part. Lines are rows (with their row total), columns (with their column total) and
the margins (row totals and column totals against the grand total). In a table with totals both
ways, a row with a withheld cell also has its row total withheld: a withheld cell's value can then
move to another withheld cell of its column (their rows' totals absorbing it), so it can be anything
from 0 to the sum withheld in its column, which the column rule keeps at the threshold or more.
The smallest cells are taken first, interior cells before totals. Every withheld cell shows the
same symbol, so a reader cannot tell a small count from a secondary one (the ONS "[c]" convention).

The threshold is the setting LANTERN_SUPPRESS_BELOW (default 5: the figure the service has always
used; the reference material gives no official threshold, so it is configurable).
tests/oversight/test_suppression_audit.py checks, with linear programming, that no withheld cell
of any published table can be narrowed to a range of fewer than `threshold` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

SYMBOL = "[c]"
EXPLANATION = (
    "[c] means withheld to protect confidentiality: a count from 1 to {below_minus_one}, or a count withheld so "
    "that such a count cannot be worked out from the totals."
)

Cell = tuple[int, int]


def threshold() -> int:
    return int(getattr(settings, "LANTERN_SUPPRESS_BELOW", 5))


def explanation(below: int | None = None) -> str:
    return EXPLANATION.format(below_minus_one=(below or threshold()) - 1)


@dataclass
class CountTable:
    """Counts in rows and columns; totals are computed here, never passed in."""

    title: str
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int]]
    row_totals: bool = True
    col_totals: bool = True
    row_header: str = ""
    total_label: str = "Total"
    row_keys: list[str] = field(default_factory=list)  # e.g. force codes, months: for drill-down links
    col_keys: list[str] = field(default_factory=list)
    note: str = ""

    def grid(self) -> list[list[int]]:
        """The counts with margins: column totals as an extra row, row totals as an extra column."""
        rows = [list(r) for r in self.cells]
        if self.row_totals:
            for r in rows:
                r.append(sum(r))
        if self.col_totals:
            width = len(self.col_labels) + (1 if self.row_totals else 0)
            rows.append([sum(r[c] for r in rows) for c in range(width)])
        return rows


@dataclass
class SuppressedTable:
    table: CountTable
    values: list[list[int]]  # the grid, with margins (never shown where suppressed)
    suppressed: set[Cell]
    below: int

    def shown(self, r: int, c: int) -> str:
        return SYMBOL if (r, c) in self.suppressed else f"{self.values[r][c]:,}"

    def published(self, r: int, c: int) -> int | None:
        return None if (r, c) in self.suppressed else self.values[r][c]

    @property
    def header(self) -> list[str]:
        cols = list(self.table.col_labels)
        return [self.table.row_header, *cols, *([self.table.total_label] if self.table.row_totals else [])]

    @property
    def body(self) -> list[dict[str, Any]]:
        """Rows for a template: label, key, and cells as (shown text, published value or None)."""
        labels = list(self.table.row_labels) + ([self.table.total_label] if self.table.col_totals else [])
        keys = list(self.table.row_keys) + [""] * (len(labels) - len(self.table.row_keys))
        out = []
        for r, label in enumerate(labels):
            out.append(
                {
                    "label": label,
                    "key": keys[r],
                    "is_total": self.table.col_totals and r == len(self.table.row_labels),
                    "cells": [
                        {"text": self.shown(r, c), "value": self.published(r, c), "col_key": self._col_key(c)}
                        for c in range(len(self.values[r]))
                    ],
                }
            )
        return out

    def _col_key(self, c: int) -> str:
        return self.table.col_keys[c] if c < len(self.table.col_keys) else ""

    def as_rows(self) -> list[list[str]]:
        """Header and rows as text, for CSV and ODS."""
        return [self.header] + [[row["label"], *(cell["text"] for cell in row["cells"])] for row in self.body]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.table.title,
            "columns": self.header,
            "rows": [{"label": row["label"], "values": [cell["value"] for cell in row["cells"]]} for row in self.body],
            "suppressed_symbol": SYMBOL,
            "suppression_threshold": self.below,
            "note": self.table.note,
        }


def lines_of(table: CountTable, n_rows: int, n_cols: int) -> list[tuple[list[Cell], Cell]]:
    """(parts, total) for every published additive relation of the grid."""
    inner_r, inner_c = len(table.row_labels), len(table.col_labels)
    lines: list[tuple[list[Cell], Cell]] = []
    if table.row_totals:
        lines += [([(r, c) for c in range(inner_c)], (r, inner_c)) for r in range(inner_r)]
    if table.col_totals:
        lines += [([(r, c) for r in range(inner_r)], (inner_r, c)) for c in range(inner_c)]
    if table.row_totals and table.col_totals:
        lines.append(([(inner_r, c) for c in range(inner_c)], (inner_r, inner_c)))
        lines.append(([(r, inner_c) for r in range(inner_r)], (inner_r, inner_c)))
    return lines


def suppress(table: CountTable, below: int | None = None) -> SuppressedTable:
    """THE suppression rule (see the module docstring)."""
    below = threshold() if below is None else below
    values = table.grid()
    n_rows, n_cols = len(values), len(values[0]) if values else 0
    suppressed: set[Cell] = {(r, c) for r in range(n_rows) for c in range(n_cols) if 0 < values[r][c] < below}
    lines = lines_of(table, n_rows, n_cols)
    inner_r, inner_c = len(table.row_labels), len(table.col_labels)

    def is_margin(cell: Cell) -> bool:
        return cell[0] >= inner_r or cell[1] >= inner_c

    def pick(candidates: list[Cell]) -> Cell | None:
        open_cells = [c for c in candidates if c not in suppressed and values[c[0]][c[1]] > 0]
        if not open_cells:
            return None
        return min(open_cells, key=lambda c: (is_margin(c), values[c[0]][c[1]], c))

    two_way = table.row_totals and table.col_totals
    for _ in range(n_rows * n_cols + 1):
        changed = False
        if two_way:
            # With totals both ways, a row with a withheld cell has its total withheld too: the
            # columns then protect each cell (see the module docstring).
            for r in range(inner_r):
                if (r, inner_c) not in suppressed and any((r, c) in suppressed for c in range(inner_c)):
                    suppressed.add((r, inner_c))
                    changed = True
        for parts, total in lines:
            hidden = [p for p in parts if p in suppressed]
            if total in suppressed:
                # A withheld total must not be the sum of published parts.
                if not hidden and (choice := pick(parts)) is not None:
                    suppressed.add(choice)
                    changed = True
                continue
            hidden_sum = sum(values[r][c] for r, c in hidden)
            while hidden and (len(hidden) < 2 or hidden_sum < below):
                choice = pick(parts)
                if choice is None:
                    # Nothing left in the line to withhold: withhold its total instead.
                    if total not in suppressed:
                        suppressed.add(total)
                        changed = True
                    break
                suppressed.add(choice)
                hidden.append(choice)
                hidden_sum += values[choice[0]][choice[1]]
                changed = True
        if not changed:
            break
    return SuppressedTable(table, values, suppressed, below)


def published_columns(
    labels: list[str], columns: dict[str, list[int]], below: int | None = None
) -> tuple[list[dict[str, str]], dict[str, str], list[dict[str, int | None]], dict[str, int | None]]:
    """Independent counts per row (e.g. per force) in named columns, each column published with its
    total: texts and values (None where withheld) per row, and the totals. A thin use of suppress()
    for pages and APIs that keep their own row objects."""
    names = list(columns)
    cells = [[columns[n][i] for n in names] for i in range(len(labels))]
    table = suppress(CountTable("", labels, names, cells, row_totals=False), below)
    last = len(labels)
    texts = [{n: table.shown(i, c) for c, n in enumerate(names)} for i in range(last)]
    values = [{n: table.published(i, c) for c, n in enumerate(names)} for i in range(last)]
    total_texts = {n: table.shown(last, c) for c, n in enumerate(names)}
    total_values = {n: table.published(last, c) for c, n in enumerate(names)}
    return texts, total_texts, values, total_values
