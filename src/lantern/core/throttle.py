"""Sign-in throttling: failures counted per client address and per username-from-an-address,
with a back-off that doubles and is capped, instead of a permanent lock
(docs/decisions/0014-sign-in-throttling.md).

Nobody can lock an officer out for good by typing their name: a block lasts at most
LANTERN_SIGNIN_MAX_BACKOFF_SECONDS and, for the username key, only from the address that failed;
a wide limit per username alone slows guessing spread over many addresses, also time-limited.
The counts live in the database (SignInFailure), so every web worker sees the same ones.

`count_attempt` lends the same table to other per-key limits (the victim's page: tries per
address, lantern.portal.invitations), under their own kind, so they too hold across app servers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from lantern.core.models import SignInFailure


@dataclass(frozen=True)
class Rule:
    kind: str
    free: int  # failures in the window before the back-off starts


def _rules() -> list[Rule]:
    return [
        Rule("address", settings.LANTERN_SIGNIN_FREE_FAILURES_PER_ADDRESS),
        Rule("user_address", settings.LANTERN_SIGNIN_FREE_FAILURES),
        Rule("user", settings.LANTERN_SIGNIN_FREE_FAILURES_PER_USER),
    ]


def _keys(username: str, address: str) -> dict[str, str]:
    name = username.strip().casefold()[:150]
    return {"address": address, "user_address": f"{name}@{address}", "user": name}


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LANTERN_SIGNIN_WINDOW_SECONDS)


def backoff_seconds(failures: int, free: int) -> int:
    """0 while failures < free; from the free-th failure: base, 2*base, 4*base... capped."""
    if failures < free:
        return 0
    base: int = settings.LANTERN_SIGNIN_BACKOFF_SECONDS
    cap: int = settings.LANTERN_SIGNIN_MAX_BACKOFF_SECONDS
    return int(min(cap, base * 2 ** min(failures - free, 20)))


def wait_seconds(username: str, address: str) -> int:
    """How long this username from this address must wait before another try (0: go ahead)."""
    now = timezone.now()
    since = now - _window()
    keys = _keys(username, address)
    longest = 0
    for rule in _rules():
        recent = SignInFailure.objects.filter(kind=rule.kind, key=keys[rule.kind], at__gte=since)
        count = recent.count()
        if count < rule.free:
            continue
        last = recent.order_by("-at").values_list("at", flat=True).first() or now
        until = last + dt.timedelta(seconds=backoff_seconds(count, rule.free))
        longest = max(longest, int((until - now).total_seconds() + 0.999))
    return max(0, longest)


def record_failure(username: str, address: str) -> None:
    now = timezone.now()
    keys = _keys(username, address)
    SignInFailure.objects.bulk_create([SignInFailure(kind=kind, key=key, at=now) for kind, key in keys.items()])
    # Keep the table small: anything older than the window no longer counts.
    SignInFailure.objects.filter(kind__in=keys, at__lt=now - _window() - dt.timedelta(hours=1)).delete()


def count_attempt(kind: str, key: str, window_seconds: int) -> int:
    """Record one attempt under (kind, key) and return how many there were in the last
    `window_seconds`, this one included. The rows are in the database, not in a process's memory,
    so every app server counts the same attempts. Rows older than the window are pruned."""
    now = timezone.now()
    since = now - dt.timedelta(seconds=window_seconds)
    SignInFailure.objects.create(kind=kind, key=key, at=now)
    SignInFailure.objects.filter(kind=kind, at__lt=since - dt.timedelta(hours=1)).delete()
    return SignInFailure.objects.filter(kind=kind, key=key, at__gte=since).count()


def clear(username: str, address: str) -> None:
    """A successful sign-in clears this username's failures from this address."""
    keys = _keys(username, address)
    SignInFailure.objects.filter(kind="user_address", key=keys["user_address"]).delete()
