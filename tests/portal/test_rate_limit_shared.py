"""The victim page's limit on tries per address is shared by every app server: the tries are
counted in the database (core's SignInFailure table, kind portal_address), not in a process's
memory, so a second server (another connection, with its own empty cache) sees the same count."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import override_settings

from lantern.core.models import SignInFailure
from lantern.portal import invitations


@override_settings(LANTERN_PORTAL_RATE_LIMIT=3)
@pytest.mark.django_db
def test_the_count_lives_in_the_database_not_in_the_process() -> None:
    assert [invitations._count_try("203.0.113.9") for _ in range(3)] == [False, False, False]
    cache.clear()  # a process's memory forgets: the limit must not
    assert invitations._count_try("203.0.113.9") is True
    assert SignInFailure.objects.filter(kind=invitations.RATE_KIND).count() == 4
    assert invitations._count_try("198.51.100.7") is False  # another address has its own count
    assert not SignInFailure.objects.filter(key__contains="203.0.113.9").exists()  # the address is hashed


@override_settings(LANTERN_PORTAL_RATE_LIMIT=4)
@pytest.mark.django_db(transaction=True)
def test_two_connections_see_the_same_count() -> None:
    """Two tries on this connection, two on another thread's own connection (as a second app
    server would make): the fifth, on either, is over the limit."""
    address = "192.0.2.44"
    assert [invitations._count_try(address) for _ in range(2)] == [False, False]
    seen: list[bool] = []
    connection_ids: list[int] = []

    def other_server() -> None:
        try:
            connection_ids.append(id(connections["default"]))
            seen.extend(invitations._count_try(address) for _ in range(2))
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_server)
    thread.start()
    thread.join()
    assert connection_ids
    assert connection_ids[0] != id(connection)  # really another connection
    assert seen == [False, False]
    assert invitations._count_try(address) is True
