"""Each hot read runs a fixed number of SQL statements: the count must not grow with the number of
cases, people, references or timeline entries (an N+1 query would make a busy officer's page
slow at national scale; docs/benchmarks.md, "Reads at national scale")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import World, build_world, new_case, person

from lantern.cases import services
from lantern.cases.models import Case, PartyRole
from lantern.core.auth import issue_token

pytestmark = pytest.mark.django_db

# No read here needs more; the figure is a ceiling, the test below is about growth.
MOST_STATEMENTS = 40


def _grow(world: World, case: Case, n: int) -> None:
    """n more cases held by the officer, and n more people and timeline entries on `case`."""
    for i in range(n):
        new_case(world.oic)
        victim = person(f"Growth{i}", "Person")
        services.add_party(world.oic, case, victim, PartyRole.VICTIM)


def _reads(world: World, case: Case) -> dict[str, Callable[[], int]]:
    page = Client()
    page.force_login(world.oic)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.oic)}")
    reference = case.crime_reference
    return {
        "case page": lambda: page.get(f"/cases/{case.pk}/").status_code,
        "case people": lambda: page.get(f"/cases/{case.pk}/people/").status_code,
        "case timeline": lambda: page.get(f"/cases/{case.pk}/timeline/").status_code,
        "My cases": lambda: page.get("/cases/").status_code,
        "case list API": lambda: api.get("/api/v1/cases").status_code,
        "case API": lambda: api.get(f"/api/v1/cases/{case.pk}").status_code,
        "lookup API": lambda: api.get("/api/v1/lookup", {"q": reference}).status_code,
    }


def _count(read: Callable[[], int]) -> int:
    read()  # the first call may fill per-process caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        assert read() == 200
    return len(captured.captured_queries)


def test_reads_run_a_fixed_number_of_statements_whatever_the_data() -> None:
    world = build_world()
    case = new_case(world.oic)
    services.add_party(world.oic, case, person("First", "Victim"), PartyRole.VICTIM)
    reads = _reads(world, case)
    small = {name: _count(read) for name, read in reads.items()}
    _grow(world, case, 6)
    large = {name: _count(read) for name, read in reads.items()}
    assert large == small
    assert max(large.values()) <= MOST_STATEMENTS, large
