"""Rows built in memory for a chunk of cases, written in dependency order.

Rows that others point to (persons, locations, cases, NRM referrals, Duty to Notify records) go
through bulk_create, which returns their ids (SQLite 3.35+ and PostgreSQL support RETURNING).
The many rows nothing points to (timeline events, names, languages, parties, references, ...) are
written raw: executemany on SQLite, COPY on PostgreSQL, several times faster than bulk_create,
which spends most of its time preparing each field of each object.

Neither path sends signals or calls save(): no per-object queries, and no django-simple-history
rows (generated data has no history before it exists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from lantern.cases.models import (
    AdvocateAssignment,
    Case,
    CaseLocation,
    CaseParty,
    CaseReference,
    CaseShare,
    CpsReferral,
    Handover,
    Offence,
    TimelineEvent,
    Transfer,
)
from lantern.core import bulk
from lantern.demo.persons import PersonSpec
from lantern.nrm.models import DtnCaseLink, DutyToNotify, NrmCaseLink, NrmReferral
from lantern.people.models import LanguageSkill, Location, Person, PersonName
from lantern.safeguarding.models import ProtectedDetail

BATCH_SIZE = 2000

# A timeline event before its case has an id: (case, recorded_at, kind, recorded_by id, summary, force id).
EventRow = tuple[Case, datetime, str, int | None, str, int]


def _field_reader(f: models.Field[Any, Any]) -> Callable[[models.Model], Any]:
    """The value to store for one field; a foreign key to an object saved since is read from it."""
    attname = f.attname
    if not f.is_relation:
        return lambda obj: obj.__dict__[attname]
    name = f.name

    def read(obj: models.Model) -> Any:
        value = obj.__dict__[attname]
        if value is None:
            related = obj._state.fields_cache.get(name)
            if related is not None:
                value = related.pk
        return value

    return read


def raw_models(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert model instances without bulk_create's per-field preparation (no JSON fields here)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    readers = [_field_reader(f) for f in fields]
    bulk.insert_rows(model._meta.db_table, [f.column for f in fields], ([r(o) for r in readers] for o in objects))


@dataclass
class Buffer:
    persons: list[PersonSpec] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    references: list[CaseReference] = field(default_factory=list)
    offences: list[Offence] = field(default_factory=list)
    parties: list[CaseParty] = field(default_factory=list)
    case_locations: list[CaseLocation] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    shares: list[CaseShare] = field(default_factory=list)
    cps: list[CpsReferral] = field(default_factory=list)
    timeline: list[EventRow] = field(default_factory=list)
    nrm: list[NrmReferral] = field(default_factory=list)
    nrm_links: list[NrmCaseLink] = field(default_factory=list)
    dtn: list[DutyToNotify] = field(default_factory=list)
    dtn_links: list[DtnCaseLink] = field(default_factory=list)
    assignments: list[AdvocateAssignment] = field(default_factory=list)
    protected_details: list[ProtectedDetail] = field(default_factory=list)

    def flush(self) -> None:
        """Insert everything, parents first."""
        if self.persons:
            Person.objects.bulk_create([spec.person for spec in self.persons], batch_size=BATCH_SIZE)
        names: list[PersonName] = []
        languages: list[LanguageSkill] = []
        for spec in self.persons:
            person_id = spec.person.pk
            for name in spec.names:
                name.person_id = person_id
            for language in spec.languages:
                language.person_id = person_id
            names += spec.names
            languages += spec.languages
        raw_models(PersonName, names)
        raw_models(LanguageSkill, languages)
        Location.objects.bulk_create(self.locations, batch_size=BATCH_SIZE)
        Case.objects.bulk_create(self.cases, batch_size=BATCH_SIZE)
        NrmReferral.objects.bulk_create(self.nrm, batch_size=BATCH_SIZE)
        DutyToNotify.objects.bulk_create(self.dtn, batch_size=BATCH_SIZE)
        leaves: tuple[tuple[type[models.Model], Sequence[models.Model]], ...] = (
            (CaseReference, self.references),
            (Offence, self.offences),
            (CaseParty, self.parties),
            (CaseLocation, self.case_locations),
            (Handover, self.handovers),
            (Transfer, self.transfers),
            (CaseShare, self.shares),
            (CpsReferral, self.cps),
            (NrmCaseLink, self.nrm_links),
            (DtnCaseLink, self.dtn_links),
            (AdvocateAssignment, self.assignments),
            (ProtectedDetail, self.protected_details),
        )
        for model, rows in leaves:
            raw_models(model, rows)
        bulk.insert_rows(
            TimelineEvent._meta.db_table,
            ("case_id", "recorded_at", "kind", "recorded_by_id", "summary", "force_id"),
            ((case.pk, at, kind, actor, summary, force) for case, at, kind, actor, summary, force in self.timeline),
        )
