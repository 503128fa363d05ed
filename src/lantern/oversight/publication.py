"""The publication: the measures for a period as tables shaped like the Home Office's published
modern slavery and crime outcomes tables (forces in rows, England and Wales total last), with a
data-quality note; every table through suppression.suppress. Written as CSV, ODS or JSON by
`./lantern stats` and the download on the national dashboard."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from lantern.cases.models import ExploitationType
from lantern.core import suppression
from lantern.core.clock import LONDON, today
from lantern.core.models import Force
from lantern.decisions.models import OutcomeCode, OutcomeGroup
from lantern.oversight import measures
from lantern.oversight.filters import Filter, region_names
from lantern.oversight.measures import MEASURES, Agg

FORMATS = ("csv", "ods", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}

# (table id, title, the measures whose numerators are its columns)
FORCE_TABLES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("T1", "Modern slavery crimes recorded by the police, by force", [("crimes_recorded", "Crimes recorded")]),
    (
        "T2",
        "NRM referrals and Duty to Notify records received, and those with no crime recorded, by force",
        [
            ("nrm_referrals", "NRM referrals received"),
            ("nrm_no_crime", "NRM referrals with no crime recorded"),
            ("dtn_records", "Duty to Notify records"),
            ("dtn_no_crime", "Duty to Notify records with no crime recorded"),
        ],
    ),
    (
        "T4",
        "Referrals to the CPS, by force",
        [
            ("crimes_recorded", "Crimes recorded"),
            ("cps_early_advice", "Requests for early advice"),
            ("cps_pre_charge", "Pre-charge referrals"),
        ],
    ),
    (
        "T5",
        "Victims' Code duties that fell due, by force",
        [
            ("vc_on_time:den", "Duties met, met late or overdue"),
            ("vc_on_time", "Duties met on time"),
        ],
    ),
    (
        "T6",
        "Closures and the Victims' Right to Review, by force",
        [
            ("closures_without_account", "Closures without the victim's account"),
            ("vrr_requests", "Review requests received"),
            ("vrr_overturned", "Reviews that overturned the decision"),
        ],
    ),
    (
        "T7",
        "Information shared with the Home Office and section 45 considerations, by force",
        [
            ("ie_shares", "Shares approved"),
            ("ie_shares_told", "Shares where the person was told"),
            ("s45_considerations", "Section 45 considerations"),
            ("s45_may_apply", "Concluding the defence may apply"),
        ],
    ),
    (
        "T8",
        "Interpreter bookings with a mismatch, by force",
        [
            ("interpreter_mismatches", "Bookings with a mismatch"),
            ("interpreter_overridden", "Confirmed despite the mismatch"),
        ],
    ),
]


def data_quality_note(flt: Filter, below: int) -> list[str]:
    from lantern.oversight.victims import as_at

    calculated = as_at(flt).astimezone(LONDON)
    return [
        f"Modern slavery statistics from Lantern for {flt.period.label} ({flt.period.start:%d %B %Y} to "
        f"{flt.period.end:%d %B %Y}), England and Wales.",
        "Data quality: management information from a case-management system, not National Statistics. Counts are "
        "of records made by the date each table names (London time); records made late or corrected later change "
        "past periods, so figures for recent periods are provisional and may be revised.",
        "Outcomes are counted per offence and suspect, from decisions that took effect; outcome 0 (open) is never "
        "counted. A case's exploitation type is the first one recorded on it.",
        "A region is the sum of its forces. Forces with no records show 0.",
        f"The Victims' Code figures (duties met on time, days late, longest silence) were calculated at "
        f"{calculated:%H:%M} on {calculated:%d %B %Y} (London time); they are recalculated after each deadline sweep.",
        suppression.explanation(below),
        "Definitions of every measure: the 'Measures' sheet (ODS) or the 'measures' section (CSV and JSON).",
    ]


def _force_table(
    flt: Filter, forces: list[Force], title: str, columns: list[tuple[str, str]], below: int
) -> suppression.SuppressedTable:
    """Forces in rows; each column the numerator of a measure (`key`) or its denominator
    (`key:den`): shares are published as counts, so rates can be worked out but never hide a cell."""
    cells: list[list[int]] = [[0] * len(columns) for _ in forces]
    index = {f.code: i for i, f in enumerate(forces)}
    for c, (spec, _label) in enumerate(columns):
        key, _sep, part = spec.partition(":")
        aggs: dict[str, Agg] = measures.aggregates(MEASURES[key], flt, "force")
        for code, agg in aggs.items():
            if code in index:
                cells[index[code]][c] = agg.den if part == "den" else agg.num
    table = suppression.CountTable(
        title,
        [f.name for f in forces],
        [label for _k, label in columns],
        cells,
        row_totals=False,
        row_header="Force",
        total_label="England and Wales",
        row_keys=[f.code for f in forces],
    )
    return suppression.suppress(table, below)


def _outcomes_table(flt: Filter, forces: list[Force], below: int) -> suppression.SuppressedTable:
    groups = list(OutcomeGroup)
    group_of = dict(OutcomeCode.objects.values_list("code", "group"))
    counts = measures.outcome_counts(flt)
    index = {f.code: i for i, f in enumerate(forces)}
    cells = [[0] * len(groups) for _ in forces]
    gi = {g.value: i for i, g in enumerate(groups)}
    for (force_code, code), n in counts.items():
        if force_code in index and group_of.get(code) in gi:
            cells[index[force_code]][gi[group_of[code]]] += n
    table = suppression.CountTable(
        "Outcomes assigned to modern slavery crimes, by Home Office outcome group and force",
        [f.name for f in forces],
        [str(g.label) for g in groups],
        cells,
        row_header="Force",
        total_label="England and Wales",
        row_keys=[f.code for f in forces],
        col_keys=[g.value for g in groups],
    )
    return suppression.suppress(table, below)


def _exploitation_table(flt: Filter, below: int) -> suppression.SuppressedTable:
    regions = region_names()
    types = list(ExploitationType)
    cells = [[0] * len(types) for _ in regions]
    for ti, etype in enumerate(types):
        scoped = Filter(flt.period, flt.force_ids, flt.force_codes, flt.region, etype.value, flt.labels)
        for region, agg in measures.aggregates(MEASURES["crimes_recorded"], scoped, "region").items():
            if region in regions:
                cells[regions.index(region)][ti] += agg.num
    table = suppression.CountTable(
        "Modern slavery crimes recorded, by region and primary exploitation type",
        regions,
        [str(t.label) for t in types],
        cells,
        row_header="Region",
        total_label="England and Wales",
        row_keys=regions,
        col_keys=[t.value for t in types],
    )
    return suppression.suppress(table, below)


def registered_tables() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The tables of measures other apps registered (orders, portal), numbered after T9 in the
    order they were registered: (table id, title, columns as in FORCE_TABLES)."""
    by_title: dict[str, list[tuple[str, str]]] = {}
    for m in MEASURES.values():
        if not m.table:
            continue
        columns = by_title.setdefault(m.table, [])
        if m.den_column:
            columns.append((f"{m.key}:den", m.den_column))
        columns.append((m.key, m.column or m.title))
    return [(f"T{10 + i}", title, cols) for i, (title, cols) in enumerate(by_title.items())]


def tables(flt: Filter, below: int | None = None) -> list[tuple[str, suppression.SuppressedTable]]:
    below = suppression.threshold() if below is None else below
    forces = list(Force.objects.order_by("name"))
    if flt.force_ids is not None:
        forces = [f for f in forces if f.pk in set(flt.force_ids)]
    out = [(tid, _force_table(flt, forces, title, cols, below)) for tid, title, cols in FORCE_TABLES[:2]]
    out.append(("T3", _outcomes_table(flt, forces, below)))
    out += [(tid, _force_table(flt, forces, title, cols, below)) for tid, title, cols in FORCE_TABLES[2:]]
    out.append(("T9", _exploitation_table(flt, below)))
    out += [(tid, _force_table(flt, forces, title, cols, below)) for tid, title, cols in registered_tables()]
    return sorted(out, key=lambda item: int(item[0][1:]))


def measure_definitions() -> list[list[str]]:
    rows = [["Measure", "Title", "Description", "Numerator", "Denominator", "Records counted"]]
    for m in MEASURES.values():
        rows.append([m.key, m.title, m.description, m.numerator, m.denominator, m.counts])
    return rows


def _safe(value: str) -> str:
    """A spreadsheet must not run a label as a formula (CSV injection)."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def to_csv(flt: Filter, published: list[tuple[str, suppression.SuppressedTable]], below: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in data_quality_note(flt, below):
        writer.writerow([line])
    for tid, table in published:
        writer.writerow([])
        writer.writerow([f"Table {tid}: {table.table.title}"])
        for row in table.as_rows():
            writer.writerow([_safe(v) for v in row])
    writer.writerow([])
    writer.writerow(["Measures"])
    for row in measure_definitions():
        writer.writerow(row)
    return buffer.getvalue()


def to_json(flt: Filter, published: list[tuple[str, suppression.SuppressedTable]], below: int) -> str:
    document: dict[str, Any] = {
        "period": {"key": flt.period.key, "start": flt.period.start.isoformat(), "end": flt.period.end.isoformat()},
        "notes": data_quality_note(flt, below),
        "tables": [{"id": tid, **table.as_json()} for tid, table in published],
        "measures": [dict(zip(measure_definitions()[0], row, strict=True)) for row in measure_definitions()[1:]],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def to_ods(flt: Filter, published: list[tuple[str, suppression.SuppressedTable]], below: int) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()

    def sheet(name: str, rows: list[list[Any]]) -> None:
        table = Table(name=name[:31])
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)

    sheet("Notes", [[line] for line in data_quality_note(flt, below)])
    for tid, table in published:
        rows: list[list[Any]] = [[f"Table {tid}: {table.table.title}"], table.header]
        for row in table.body:
            rows.append([row["label"], *(c["value"] if c["value"] is not None else c["text"] for c in row["cells"])])
        sheet(tid, rows)
    sheet("Measures", [list(r) for r in measure_definitions()])
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def render(flt: Filter, fmt: str, below: int | None = None) -> bytes:
    from lantern.oversight.victims import shared_computation

    below = suppression.threshold() if below is None else below
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with shared_computation():  # the note reads the Victims' Code figures the tables read
        published = tables(flt, below)
        if fmt == "csv":
            return to_csv(flt, published, below).encode("utf-8")
        if fmt == "json":
            return to_json(flt, published, below).encode("utf-8")
        return to_ods(flt, published, below)


def filename(flt: Filter, fmt: str) -> str:
    return f"lantern-modern-slavery-{flt.period.key}-{today():%Y%m%d}.{fmt}"
