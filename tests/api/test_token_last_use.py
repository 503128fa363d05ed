"""An API read writes nothing but its audit entry: a token's "last used" is recorded at most once
a minute, so that the force administrator still sees when a token was last used."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import build_world

from lantern.core.auth import TOKEN_USE_RECORDED_EVERY, issue_token, user_for_token
from lantern.core.models import ApiToken

pytestmark = pytest.mark.django_db


def _last_used(secret_owner: str) -> dt.datetime | None:
    return ApiToken.objects.get(user__username=secret_owner).last_used_at


def test_first_use_is_recorded_then_not_again_within_the_minute() -> None:
    world = build_world()
    secret = issue_token(world.oic)
    assert user_for_token(secret) == world.oic
    first = _last_used(world.oic.username)
    assert first is not None
    assert user_for_token(secret) == world.oic
    assert _last_used(world.oic.username) == first  # no second write


def test_a_use_a_minute_later_is_recorded() -> None:
    world = build_world()
    secret = issue_token(world.oic)
    a_minute_ago = timezone.now() - TOKEN_USE_RECORDED_EVERY
    ApiToken.objects.filter(user=world.oic).update(last_used_at=a_minute_ago)
    user_for_token(secret)
    last = _last_used(world.oic.username)
    assert last is not None
    assert last > a_minute_ago


def test_a_use_just_inside_the_minute_is_not_written() -> None:
    world = build_world()
    secret = issue_token(world.oic)
    recent = timezone.now() - TOKEN_USE_RECORDED_EVERY + dt.timedelta(seconds=5)
    ApiToken.objects.filter(user=world.oic).update(last_used_at=recent)
    user_for_token(secret)
    assert _last_used(world.oic.username) == recent
