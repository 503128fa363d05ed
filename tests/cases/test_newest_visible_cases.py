"""newest_visible_cases walks each branch of the access policy through its own index and merges
them; it must give exactly the rows of visible_cases ordered newest first and sliced, for every
persona, including a force's shared and incoming cases and an officer's offered handovers."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.factories import SIGNED_IN_PERSONAS, build_world, new_case

from lantern.cases import services
from lantern.cases.access import newest_visible_cases, visible_cases
from lantern.cases.models import Case, CaseQuerySet

pytestmark = pytest.mark.django_db


def _as_is(cases: CaseQuerySet) -> CaseQuerySet:
    return cases


@pytest.mark.parametrize(("skip", "count"), [(0, 1), (0, 3), (2, 2), (0, 100), (5, 100)])
def test_same_rows_as_the_ordered_policy_for_every_persona(skip: int, count: int) -> None:
    world = build_world()
    theirs = []
    for n in range(4):
        case = new_case(world.other_force_officer, reference=f"77/{n:05d}/26")
        # The clocks go back this night: equal times are ordered by id.
        Case.objects.filter(pk=case.pk).update(reported_at=dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC))
        theirs.append(case)
    force = world.oic.force
    assert force is not None
    services.share_case(world.other_force_officer, theirs[0], force, "Joint operation")
    services.request_transfer(world.other_force_officer, theirs[1], force, "The victim lives there now")
    mine = new_case(world.oic, reference="20/99999/26")
    services.offer_handover(world.oic, mine, world.colleague, "Shift change")
    for persona in SIGNED_IN_PERSONAS:
        user = getattr(world, persona)
        expected = list(visible_cases(user).order_by("-reported_at", "-id")[skip : skip + count])
        assert newest_visible_cases(user, _as_is, count, skip=skip) == expected, persona
