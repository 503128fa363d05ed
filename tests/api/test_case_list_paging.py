"""GET /api/v1/cases pages by cursor: following X-Next-Cursor visits every visible case once,
newest first, even when cases share a reported time; a cursor it did not make is a 422 naming
`after`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from tests.factories import World, build_world, new_case

from lantern.cases.access import visible_cases
from lantern.cases.models import Case
from lantern.core import keyset
from lantern.core.auth import issue_token
from lantern.core.models import User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def _world_with_ties() -> World:
    world = build_world()
    same_moment = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # the night the clocks go forward
    for n in range(7):
        case = new_case(world.oic, reference=f"20/{n:05d}/26")
        # Five cases at one moment, so that paging must order ties by id.
        at = same_moment if n < 5 else same_moment - dt.timedelta(days=n)
        Case.objects.filter(pk=case.pk).update(reported_at=at)
    return world


def _walk(client: Client, limit: int) -> tuple[list[int], int]:
    seen: list[int] = []
    pages = 0
    query: dict[str, Any] = {"limit": limit}
    while True:
        response = client.get("/api/v1/cases", query)
        assert response.status_code == 200, response.content
        pages += 1
        seen += [row["id"] for row in response.json()]
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            assert "Link" not in response.headers
            return seen, pages
        assert 'rel="next"' in response.headers["Link"]
        assert f"after={cursor}" in response.headers["Link"]
        query = {"limit": limit, "after": cursor}


@pytest.mark.parametrize("limit", [1, 2, 3, 50])
def test_following_the_cursor_visits_every_case_once_newest_first(limit: int) -> None:
    world = _world_with_ties()
    seen, pages = _walk(_client(world.oic), limit)
    expected = list(visible_cases(world.oic).order_by("-reported_at", "-id").values_list("pk", flat=True))
    assert len(expected) >= 7
    assert seen == expected
    assert pages == -(-len(expected) // limit)  # no empty page at the end


def test_the_last_page_has_no_next_cursor() -> None:
    world = _world_with_ties()
    count = visible_cases(world.oic).count()
    response = _client(world.oic).get("/api/v1/cases", {"limit": count})
    assert len(response.json()) == count
    assert "X-Next-Cursor" not in response.headers


@pytest.mark.parametrize("bad", ["nonsense", "!!!", keyset.encode(dt.datetime(2026, 1, 1), 5), "MjAyNnwx"])
def test_a_cursor_it_did_not_make_is_422_naming_after(bad: str) -> None:
    world = build_world()
    response = _client(world.oic).get("/api/v1/cases", {"after": bad})
    assert response.status_code == 422
    assert "after" in response.json()["errors"]


def test_a_cursor_never_widens_what_a_user_may_see() -> None:
    world = _world_with_ties()
    other = new_case(world.other_force_officer, reference="99/00001/26")
    cursor = keyset.encode(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), 10**9)
    rows = _client(world.oic).get("/api/v1/cases", {"after": cursor, "limit": "200"}).json()
    assert other.pk not in [row["id"] for row in rows]
