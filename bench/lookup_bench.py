"""Lookup latency on a generated data set: p50/p95/p99 per kind of query, and the ratio to the raw
database query that a lookup cannot avoid (the indexed reference match, or the fetch of the
matched persons' cases). Run through bench/run.py, which sets up the database.

Queries are sampled from the data (seeded), so every query has a right answer; the script also
checks that the expected case is among the results and reports the hit rate.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench_clients import pct  # noqa: E402
from lantern.cases.lookup import lookup  # noqa: E402
from lantern.cases.models import Case, CaseParty, CaseReference  # noqa: E402
from lantern.cases.references import normalise_reference  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402
from lantern.people.models import PersonName  # noqa: E402
from lantern.people.names import fold  # noqa: E402
from lantern.people.search import find_people  # noqa: E402

SAMPLES = int(os.environ.get("LANTERN_BENCH_SAMPLES", "200"))
rng = random.Random(7)


def typo(text: str) -> str:
    """Drop diacritics and swap two adjacent letters inside the longest word."""
    words = fold(text).split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    if len(w) > 4:
        i = rng.randrange(1, len(w) - 2)
        words[longest] = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    return " ".join(words)


def officer_of(force_id: int) -> User:
    user = User.objects.filter(force_id=force_id, role=Role.SUPERVISOR, is_active=True).first()
    assert user is not None, f"no supervisor in force {force_id}"
    return user


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    db = os.environ.get("LANTERN_BENCH_DB", connection.vendor)
    n_cases = Case.objects.count()
    print(f"database {db}: {n_cases} cases, {PersonName.objects.count()} names")
    case_ids = list(Case.objects.values_list("pk", flat=True))
    sample = rng.sample(case_ids, min(SAMPLES, len(case_ids)))

    # The first name lookup of the process (reported separately): the name search holds no state
    # in the process (decision 0002), so this is only the database's own cache warming.
    any_user = officer_of(Case.objects.get(pk=sample[0]).force_id)
    warm_ms, _ = timed(lambda: lookup(any_user, "warm up name"))
    print(f"first name lookup: {warm_ms:.0f} ms")

    kinds: dict[str, list[tuple[float, float, bool]]] = {}

    def measure(kind: str, user: User, query: str, expected_case: int, raw: Callable[[], object]) -> None:
        ms, result = timed(lambda: lookup(user, query))
        raw_ms, _ = timed(raw)
        hit = any(h.case.pk == expected_case for h in result.cases)  # type: ignore[attr-defined]
        kinds.setdefault(kind, []).append((ms, raw_ms, hit))

    def measure_search(kind: str, query: str, expected_person: int, raw: Callable[[], object]) -> None:
        """The name search alone (lantern.people.search), without the lookup's cases and audit."""
        ms, matches = timed(lambda: find_people(query))
        raw_ms, _ = timed(raw)
        hit = any(m.person_id == expected_person for m in matches)  # type: ignore[attr-defined]
        kinds.setdefault(kind, []).append((ms, raw_ms, hit))

    for case_id in sample:
        case = Case.objects.select_related("force").get(pk=case_id)
        user = officer_of(case.force_id)
        ref = case.crime_reference
        key = normalise_reference(ref)
        measure(
            "crime reference",
            user,
            ref.replace("/", "-"),
            case_id,
            lambda key=key: list(CaseReference.objects.filter(normalised=key).values_list("case_id", flat=True)),
        )
        measure(
            "crime reference with force prefix",
            user,
            f"{case.force.code} {ref}",
            case_id,
            lambda key=key: list(CaseReference.objects.filter(normalised=key).values_list("case_id", flat=True)),
        )
        party = CaseParty.objects.filter(case=case, role="victim").select_related("person").first()
        if party is not None:
            name = party.person.names.filter(primary=True).first()
            if name is not None:
                pid = party.person_id
                query = typo(name.full_name)
                measure(
                    "victim name with a typo, no diacritics",
                    user,
                    query,
                    case_id,
                    lambda pid=pid: list(CaseParty.objects.filter(person_id=pid).values_list("case_id", flat=True)),
                )
                measure_search(
                    "name search alone: typo",
                    query,
                    pid,
                    lambda pid=pid: list(PersonName.objects.filter(person_id=pid).values_list("id", flat=True)),
                )
            other = party.person.names.filter(kind="original_script").first()
            if other is not None:
                pid = party.person_id
                measure(
                    "victim name in original script",
                    user,
                    other.full_name,
                    case_id,
                    lambda pid=pid: list(CaseParty.objects.filter(person_id=pid).values_list("case_id", flat=True)),
                )
                measure_search(
                    "name search alone: original script",
                    other.full_name,
                    pid,
                    lambda pid=pid: list(PersonName.objects.filter(person_id=pid).values_list("id", flat=True)),
                )

    previous = list(CaseReference.objects.filter(kind="previous_crime").select_related("case")[:SAMPLES])
    for ref in previous:
        user = officer_of(ref.case.force_id)
        measure(
            "reference from before a transfer",
            user,
            ref.value,
            ref.case_id,
            lambda ref=ref: list(
                CaseReference.objects.filter(normalised=ref.normalised).values_list("case_id", flat=True)
            ),
        )
    nrm = list(CaseReference.objects.filter(kind="nrm").select_related("case")[:SAMPLES])
    for ref in nrm:
        user = officer_of(ref.case.force_id)
        measure(
            "NRM reference",
            user,
            ref.value,
            ref.case_id,
            lambda ref=ref: list(
                CaseReference.objects.filter(normalised=ref.normalised).values_list("case_id", flat=True)
            ),
        )

    print()
    print(f"| query ({db}, {n_cases:,} cases) | n | p50 ms | p95 ms | p99 ms | raw query p50 ms | ratio p50 | found |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, rows in kinds.items():
        lat = [r[0] for r in rows]
        raw = [r[1] for r in rows]
        found = sum(r[2] for r in rows) / len(rows)
        ratio = statistics.median(lat) / max(statistics.median(raw), 1e-6)
        print(
            f"| {kind} | {len(rows)} | {pct(lat, 50):.1f} | {pct(lat, 95):.1f} | {pct(lat, 99):.1f} | "
            f"{statistics.median(raw):.2f} | {ratio:.1f}x | {found:.0%} |"
        )


if __name__ == "__main__":
    main()
