"""Free text that can leave the force, from every app, for the disclosure export's check (F9).

Each app that keeps free text on a case registers a FreeTextSource in its AppConfig.ready(): the
records of a case, the free-text fields to scan, and the plain columns the export shows beside
them. Apps above safeguarding (decisions) register their own fields here, so safeguarding never
imports them (the layer rule). Records kept as they were made (decisions, letters) are never
edited to redact them: the officer's redaction is a DisclosureRedaction mark, and the export
shows the text with the protected values replaced; a mark holds only while the text is unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lantern.cases.models import Case

Describe = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class FreeTextSource:
    """One kind of record with free text on a case."""

    key: str  # the export section and the Found.model, e.g. "interview_records"
    title: str  # what a person reads, e.g. "Interview record"
    records: Callable[[Case], Iterable[Any]]
    fields: tuple[tuple[str, str], ...]  # (field name, what a person reads)
    describe: Describe | None = None  # the plain columns of an export row (dates, kinds)
    exported: bool = True  # False: scanned, but withheld from the export (listed as withheld)


_SOURCES: dict[str, FreeTextSource] = {}


def register_free_text_source(source: FreeTextSource) -> None:
    """Called from an AppConfig.ready(); registering a key again replaces it (reloads in tests)."""
    _SOURCES[source.key] = source


def free_text_sources() -> list[FreeTextSource]:
    return list(_SOURCES.values())


def source_for(key: str) -> FreeTextSource | None:
    return _SOURCES.get(key)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_of(obj: Any, field: str) -> str:
    value = getattr(obj, field, "")
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FreeText:
    """One piece of free text that goes into an export, and where it lives (for redaction)."""

    where: str  # what a person reads: "Case summary", "Timeline note of 3 May 2026"
    model: str  # "case", "timeline", "s45", "first_response", or a registered source's key
    pk: int
    field: str
    text: str


def _marks(case: Case) -> set[tuple[str, int, str, str]]:
    from lantern.safeguarding.models import DisclosureRedaction

    rows = DisclosureRedaction.objects.filter(case=case).values_list("source", "object_id", "field", "text_sha256")
    return set(rows)


def registered_texts(case: Case, *, include_redacted: bool = False) -> list[FreeText]:
    """The free text of every registered source on the case; by default without the texts an
    officer has redacted for disclosure (their mark matches the text as it is now)."""
    marks = set() if include_redacted else _marks(case)
    texts = []
    for source in free_text_sources():
        for obj in source.records(case):
            for field, label in source.fields:
                text = text_of(obj, field)
                if text and (source.key, obj.pk, field, digest(text)) not in marks:
                    texts.append(FreeText(f"{source.title} {obj.pk}: {label}", source.key, obj.pk, field, text))
    return texts


def mark_redacted(actor: Any, case: Case, key: str, pk: int, field: str, labels: list[str]) -> bool:
    """Record the officer's redaction of one registered text (the record itself is not changed)."""
    from lantern.safeguarding.models import DisclosureRedaction

    source = source_for(key)
    if source is None or field not in dict(source.fields):
        return False
    obj = next((o for o in source.records(case) if o.pk == pk), None)
    if obj is None:
        return False
    DisclosureRedaction.objects.create(
        case=case,
        source=key,
        object_id=pk,
        field=field,
        text_sha256=digest(text_of(obj, field)),
        labels=labels,
        redacted_by=actor,
    )
    return True


def export_sections(case: Case, redact: Callable[[str], str]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Each exported source's records, their free text passed through redact (every protected
    value replaced), and the titles of the sources withheld whole."""
    sections: dict[str, list[dict[str, Any]]] = {}
    withheld = []
    for source in free_text_sources():
        records = list(source.records(case))
        if not source.exported:
            if records:
                withheld.append(f"{source.title} ({len(records)} entries)")
            continue
        rows = []
        for obj in records:
            row: dict[str, Any] = {"id": obj.pk, **(source.describe(obj) if source.describe else {})}
            for field, _label in source.fields:
                row[field] = redact(text_of(obj, field))
            rows.append(row)
        sections[source.key] = rows
    return sections, withheld
