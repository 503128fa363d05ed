"""What the crime generator builds from and into: the World (clock, staff, reference issuers,
weights, pools), a case being drafted with its parties and segments, and the pool of persons
who may turn up again. Re-exported from crimes.py."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lantern.cases.models import (
    Case,
    PartyRole,
)
from lantern.core.models import User
from lantern.demo import calibration as cal
from lantern.demo.persons import PersonFactory, PersonSpec, weighted
from lantern.demo.refs import CrimeReferenceIssuer, YearlyReferences
from lantern.demo.staff import ForceStaff, Staff

SPAN_DAYS = 3 * 365  # cases reported over the last three years
MAIN_TYPES = ("criminal", "labour", "sexual", "domestic_servitude")


@dataclass
class World:
    """What every case is built from: the clock, the staff, reference issuers, weights, pools."""

    seed: int
    anchor: datetime  # all generated times are before it (bar referrals received "just now")
    staff: Staff
    people: PersonFactory
    crn: CrimeReferenceIssuer
    nrm_refs: YearlyReferences
    dtn_refs: YearlyReferences
    force_weights: dict[str, float]
    single_force: str | None
    addresses: list[tuple[str, str]]  # (street address, postcode)
    towns: list[str]  # fallback towns
    keep_drafts: bool  # demo scales keep drafts for the demo fixtures
    drafts: list[CaseDraft] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.force_codes = list(self.force_weights)
        total = 0.0
        self.force_cum = []
        for code in self.force_codes:
            total += self.force_weights[code]
            self.force_cum.append(total)
        self.nationality_cum: dict[str, tuple[list[str], list[float]]] = {}
        for main in (*MAIN_TYPES, "other", "organ_harvesting"):
            affinity = cal.NATIONALITY_AFFINITY.get(main, {})
            codes = list(cal.VICTIM_NATIONALITY)
            cum, total = [], 0.0
            for code in codes:
                total += cal.VICTIM_NATIONALITY[code] * affinity.get(code, 1.0)
                cum.append(total)
            self.nationality_cum[main] = (codes, cum)

    def neighbour(self, rng: random.Random, code: str) -> str:
        """Another force, usually in the same region."""
        region = next((codes for codes in cal.REGIONS.values() if code in codes), ())
        others = [c for c in region if c != code and c in self.staff.forces]
        if others and rng.random() < 0.6:
            return rng.choice(others)
        while True:
            other = weighted(rng, cal.FORCE_WEIGHTS)
            if other != code and other in self.staff.forces:
                return other

    def town(self, rng: random.Random, code: str) -> str:
        return rng.choice(cal.FORCE_TOWNS.get(code) or self.towns)


@dataclass
class Segment:
    """Who held the case from `start`: the force and the officer in charge."""

    start: datetime
    staff: ForceStaff
    oic: User


@dataclass
class Party:
    spec: PersonSpec
    role: str
    added_at: datetime


@dataclass
class CaseDraft:
    case: Case
    main_type: str
    types: list[str]
    reported_at: datetime
    end: datetime  # when it closed, or the anchor if open
    closed: bool
    recorder: User
    segments: list[Segment]
    parties: list[Party] = field(default_factory=list)
    events: list[tuple[datetime, str, int | None, str, int]] = field(default_factory=list)

    def segment_at(self, at: datetime) -> Segment:
        current = self.segments[0]
        for seg in self.segments[1:]:
            if seg.start <= at:
                current = seg
        return current

    def event(self, at: datetime, kind: str, actor: User | None, summary: str) -> None:
        self.events.append((at, kind, actor.pk if actor else None, summary[:255], self.segment_at(at).staff.force.pk))

    @property
    def victims(self) -> list[Party]:
        return [p for p in self.parties if p.role in PartyRole.victim_roles()]

    @property
    def suspects(self) -> list[Party]:
        return [p for p in self.parties if p.role in PartyRole.suspect_roles()]


class ReusePool:
    """Persons of the current chunk who may turn up in another case of the same force."""

    def __init__(self) -> None:
        self.suspects: dict[str, list[PersonSpec]] = {}
        self.victims: dict[str, list[PersonSpec]] = {}


def random_days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))
