from __future__ import annotations

import pytest
from django.test import RequestFactory
from pytest_django.fixtures import Settings
from tests.factories import PASSWORD, build_world

from lantern.core.auth import FAILED_MESSAGE, LOCKED_MESSAGE, SignInRefused, issue_token, sign_in, user_for_token


@pytest.mark.django_db
def test_account_locks_after_repeated_failures_even_with_the_right_password_then(settings: Settings) -> None:
    settings.LANTERN_MAX_FAILED_SIGNINS = 3
    world = build_world()
    request = RequestFactory().post("/signin/")
    for _ in range(2):
        with pytest.raises(SignInRefused, match=FAILED_MESSAGE):
            sign_in(request, "oic", "wrong-password")
    with pytest.raises(SignInRefused, match="locked"):
        sign_in(request, "oic", "wrong-password")
    with pytest.raises(SignInRefused) as refused:
        sign_in(request, "oic", PASSWORD)
    assert refused.value.message == LOCKED_MESSAGE
    world.oic.refresh_from_db()
    assert world.oic.locked_at is not None


@pytest.mark.django_db
def test_successful_sign_in_resets_the_failure_count() -> None:
    build_world()
    request = RequestFactory().post("/signin/")
    with pytest.raises(SignInRefused):
        sign_in(request, "oic", "nope")
    user = sign_in(request, "oic", PASSWORD)
    assert user.failed_signins == 0


@pytest.mark.django_db
def test_token_is_stored_hashed_and_identifies_its_user() -> None:
    world = build_world()
    secret = issue_token(world.oic)
    assert user_for_token(secret) == world.oic
    assert user_for_token(secret + "x") is None
    assert not world.oic.api_tokens.filter(secret_hash=secret).exists()
