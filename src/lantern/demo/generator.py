"""Synthetic data for demonstrations and benchmarks: `./lantern generate --scale demo|force|national`.

Deterministic: the same seed and the same anchor date (`today`, default the current date in
Europe/London) give the same content (names, references, statuses, times), whatever the database;
ids may differ. Random choices come from `random.Random` streams named after the seed and a stage
("{seed}:cases:{chunk}"), and from a Faker (en_GB) seeded with the seed; no choice depends on a
database id. All generated times fall before the anchor (midnight at the start of `today`, London
time), except NRM referrals "just received", placed in the first half hour of that day.

Scales:
    tiny      60 cases (tests)
    demo      300 cases, mostly West Midlands Police (WMP) and the Met (MPS), with demo sign-ins
    force     3,000 cases in one force (WMP unless another is named)
    national  100,000 cases over all 43 forces and BTP in the proportions of recorded crime

Rows are built in memory a chunk of cases at a time and written with bulk_create in one transaction
(lantern.demo.writer), so nothing is left half-done if generation fails. The Victims' Code history
the timelines imply (duties, updates, contact plans, and the escalations a sweep running until the
anchor would have made) is derived in the same transaction by lantern.victims_code.synthetic, so
the first sweep after generating has no backlog (issue 15 item 5).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from typing import Protocol

from django.db import transaction
from faker import Faker

from lantern.cases import silences as cases_silences
from lantern.cases.models import Case, CaseReference, TimelineEvent
from lantern.core import bulk, clock
from lantern.core.models import Force, User
from lantern.core.reference_data import FORCES
from lantern.demo import calibration as cal
from lantern.demo.crimes import CaseBuilder, ReusePool, World
from lantern.demo.fixtures import add_demo_fixtures
from lantern.demo.persons import BritishPools, PersonFactory
from lantern.demo.referrals import anonymous_notifications, unlinked_referrals
from lantern.demo.refs import CrimeReferenceIssuer, YearlyReferences
from lantern.demo.staff import GenerationRefused, build_staff
from lantern.demo.writer import Buffer
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.people.models import Person, PersonName
from lantern.victims_code import synthetic as victims_code_history
from lantern.victims_code.models import Duty, Escalation, VictimUpdate

LONDON = clock.LONDON
CHUNK = 1000  # cases built and written together; fixed, so that chunks (and content) do not vary


@dataclass(frozen=True)
class Scale:
    name: str
    cases: int
    force_weights: dict[str, float] | None  # None: every case in one force
    signins: bool
    advocates_per_org: int
    cps_liaisons: int


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 60, cal.DEMO_FORCE_WEIGHTS, True, 1, 1),
    "demo": Scale("demo", 300, cal.DEMO_FORCE_WEIGHTS, True, 2, 2),
    "force": Scale("force", 3_000, None, False, 3, 3),
    "national": Scale("national", 100_000, cal.FORCE_WEIGHTS, False, 10, 12),
}


class Progress(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class SilentProgress:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


@dataclass
class Result:
    scale: str
    seed: int
    today: date
    cases: int
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def anchor_for(today: date) -> datetime:
    """Midnight at the start of `today` in London, as a UTC datetime."""
    return datetime.combine(today, clock_time(0, 0), tzinfo=LONDON).astimezone(UTC)


def generate(
    scale: str = "demo",
    *,
    seed: int = 1,
    today: date | None = None,
    cases: int | None = None,
    force_code: str = "WMP",
    signins: bool | None = None,
    progress: Progress | None = None,
) -> Result:
    """Fill an empty database with synthetic data. See the module docstring."""
    spec = SCALES[scale]
    n_cases = spec.cases if cases is None else cases
    today = today or clock.today()
    progress = progress or SilentProgress()
    started = time.perf_counter()
    result = Result(scale=scale, seed=seed, today=today, cases=n_cases, seconds=0.0)

    def timed(name: str, fn: Callable[[], None]) -> None:
        t0 = time.perf_counter()
        fn()
        result.stages[name] = time.perf_counter() - t0

    # PostgreSQL: the foreign keys checked once per table at the end instead of per row at commit.
    with transaction.atomic(), bulk.foreign_keys_checked_once():
        forces = {f.code: f for f in Force.objects.all()}
        missing = [f.code for f in FORCES if f.code not in forces]
        if missing:
            raise GenerationRefused(f"Forces missing from the database ({', '.join(missing)}): run migrate first.")
        forces = {f.code: forces[f.code] for f in FORCES}
        if spec.force_weights is None:
            if force_code not in forces:
                raise GenerationRefused(f"No force with code {force_code}.")
            weights = {force_code: 1.0}
        else:
            weights = {code: w for code, w in spec.force_weights.items() if code in forces}
        total_weight = sum(weights.values())
        expected = {code: n_cases * w / total_weight for code, w in weights.items()}

        fake = Faker("en_GB")
        fake.seed_instance(seed)
        british = BritishPools.from_faker(fake)
        addresses = [(fake.street_address(), fake.postcode()) for _ in range(1500)]
        towns = [fake.city() for _ in range(150)]
        anchor = anchor_for(today)

        holder: dict[str, World] = {}

        def people_and_staff() -> None:
            progress.stage("Forces, teams and users", 1)
            staff = build_staff(
                seed=seed,
                forces=forces,
                expected_cases=expected,
                british=british,
                anchor=anchor,
                signins=spec.signins if signins is None else signins,
                advocates_per_org=spec.advocates_per_org,
                cps_liaisons=spec.cps_liaisons,
            )
            holder["world"] = World(
                seed=seed,
                anchor=anchor,
                staff=staff,
                people=PersonFactory(british),
                crn=CrimeReferenceIssuer(seed),
                nrm_refs=YearlyReferences(seed, "NRM", 7),
                dtn_refs=YearlyReferences(seed, "DTN", 6),
                force_weights=weights,
                single_force=force_code if spec.force_weights is None else None,
                addresses=addresses,
                towns=towns,
                keep_drafts="investigator" in staff.demo,
            )
            progress.advance()

        timed("staff", people_and_staff)
        world = holder["world"]

        def all_cases() -> None:
            builder = CaseBuilder(world)
            progress.stage("Cases, persons, timelines, referrals", n_cases)
            for chunk in range(math.ceil(n_cases / CHUNK)):
                rng = random.Random(f"{seed}:cases:{chunk}")
                size = min(CHUNK, n_cases - chunk * CHUNK)
                buf, pool = Buffer(), ReusePool()
                for _ in range(size):
                    builder.build(rng, buf, pool)
                buf.flush()
                progress.advance(size)

        timed("cases", all_cases)

        def unlinked() -> None:
            progress.stage("NRM referrals with no crime, Duty to Notify", 1)
            rng = random.Random(f"{seed}:unlinked")
            buf = Buffer()
            if scale in ("force", "national") or n_cases >= 1000:
                unlinked_referrals(rng, world, buf, expected)
            anonymous_notifications(rng, world, buf, n_cases)
            buf.flush()
            progress.advance()

        timed("unlinked", unlinked)

        if world.keep_drafts:

            def fixtures() -> None:
                progress.stage("Demo sign-ins' cases", 1)
                add_demo_fixtures(random.Random(f"{seed}:fixtures"), world)
                progress.advance()

            timed("fixtures", fixtures)

        def victims_code() -> None:
            # The Victims' Code history the generated timelines imply, with the escalations a
            # running sweep would have made by the anchor: the first sweep finds the steady state.
            progress.stage("Victims' Code history (duties, updates, contact plans, escalations)", 1)
            victims_code_history.derive(seed=seed, now=anchor)
            progress.advance()

        timed("victims_code", victims_code)

        def silences_before_contacts() -> None:  # one UPDATE for every contact (decision 0027)
            cases_silences.fill()

        timed("silences", silences_before_contacts)

        # The foreign keys added back and checked (PostgreSQL), then the commit.
        progress.stage("Committing", 1)
        commit_started = time.perf_counter()
    result.stages["commit"] = time.perf_counter() - commit_started
    progress.advance()
    timed("analyze", bulk.analyze)  # the planner's statistics for the data just loaded (issue 13)
    result.seconds = time.perf_counter() - started
    result.counts = count_rows()
    return result


def count_rows() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "cases": Case.objects.count(),
        "persons": Person.objects.count(),
        "person names": PersonName.objects.count(),
        "case references": CaseReference.objects.count(),
        "timeline events": TimelineEvent.objects.count(),
        "NRM referrals": NrmReferral.objects.count(),
        "NRM referrals with no crime": NrmReferral.objects.filter(cases__isnull=True).count(),
        "Duty to Notify": DutyToNotify.objects.count(),
        "Victims' Code duties": Duty.objects.count(),
        "updates to victims": VictimUpdate.objects.count(),
        "escalations of overdue duties": Escalation.objects.count(),
    }
