from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django.fixtures import Settings
from tests.factories import PASSWORD, build_world

from lantern.core import throttle
from lantern.core.auth import FAILED_MESSAGE, SignInRefused, issue_token, sign_in, user_for_token
from lantern.core.models import AuditEntry, SignInFailure


@pytest.mark.django_db
def test_repeated_failures_throttle_for_a_while_but_never_lock_for_ever(settings: Settings) -> None:
    settings.LANTERN_SIGNIN_FREE_FAILURES = 3
    world = build_world()
    request = RequestFactory().post("/signin/", REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        with pytest.raises(SignInRefused, match="not right"):
            sign_in(request, "oic", "wrong-password")
    with pytest.raises(SignInRefused, match="Too many failed sign-ins. Wait 1 minute"):
        sign_in(request, "oic", PASSWORD)
    # The officer at their own desk is not blocked by someone else typing their name.
    own_desk = RequestFactory().post("/signin/", REMOTE_ADDR="198.51.100.7")
    assert sign_in(own_desk, "oic", PASSWORD) == world.oic
    world.oic.refresh_from_db()
    assert world.oic.locked_at is None
    # Time passes: the throttled address may try again.
    SignInFailure.objects.update(at=timezone.now() - dt.timedelta(hours=1))
    assert sign_in(request, "oic", PASSWORD) == world.oic


def test_backoff_doubles_and_is_capped(settings: Settings) -> None:
    settings.LANTERN_SIGNIN_BACKOFF_SECONDS = 30
    settings.LANTERN_SIGNIN_MAX_BACKOFF_SECONDS = 900
    assert [throttle.backoff_seconds(n, 5) for n in (4, 5, 6, 7, 12, 40)] == [0, 30, 60, 120, 900, 900]


@pytest.mark.django_db
def test_same_message_whether_or_not_the_username_exists_and_both_are_audited() -> None:
    build_world()
    request = RequestFactory().post("/signin/")
    with pytest.raises(SignInRefused) as known:
        sign_in(request, "oic", "wrong-password")
    with pytest.raises(SignInRefused) as unknown:
        sign_in(request, "nobody-by-this-name", "wrong-password")
    assert known.value.message == unknown.value.message == FAILED_MESSAGE
    failed = AuditEntry.objects.filter(action="sign_in_failed")
    assert failed.filter(actor__username="oic").exists()
    assert failed.filter(actor=None, detail__contains="nobody-by-this-name").exists()


@pytest.mark.django_db
def test_locked_account_loses_its_token_and_session_at_once(client: Client) -> None:
    world = build_world()
    secret = issue_token(world.oic)
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    client.force_login(world.oic)
    assert client.get("/").status_code == 302
    world.oic.locked_at = timezone.now()
    world.oic.save()
    assert user_for_token(secret) is None
    assert client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    response = client.get("/search/")
    assert response.status_code == 302
    assert "/signin/" in response["Location"]
    assert world.oic.api_tokens.filter(revoked_at__isnull=True).count() == 0
    with pytest.raises(SignInRefused, match="not right"):
        sign_in(RequestFactory().post("/signin/"), "oic", PASSWORD)


@pytest.mark.django_db
def test_deactivated_account_token_refused() -> None:
    world = build_world()
    secret = issue_token(world.oic)
    world.oic.is_active = False
    world.oic.save()
    assert user_for_token(secret) is None


@pytest.mark.django_db
def test_expired_token_refused() -> None:
    world = build_world()
    secret = issue_token(world.oic, days=0)
    assert user_for_token(secret) is None
    fresh = issue_token(world.oic)
    assert user_for_token(fresh) == world.oic


@pytest.mark.django_db
def test_idle_session_ends(client: Client, settings: Settings) -> None:
    settings.LANTERN_IDLE_TIMEOUT_MINUTES = 30
    world = build_world()
    client.force_login(world.oic)
    assert client.get("/search/").status_code == 200
    session = client.session
    session["lantern_last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get("/search/")
    assert response.status_code == 302
    assert "/signin/" in response["Location"]


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


@pytest.mark.django_db
def test_tokens_listed_on_own_page_and_revoked_there_or_by_the_force_administrator(client: Client) -> None:
    world = build_world()
    first = issue_token(world.oic, name="first")
    second = issue_token(world.oic, name="second")
    assert user_for_token(first) == world.oic
    client.force_login(world.oic)
    page = client.get("/account/")
    assert page.status_code == 200
    assert b"first" in page.content
    assert b"second" in page.content
    token = world.oic.api_tokens.get(name="first")
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert user_for_token(first) is None
    other = world.oic.api_tokens.get(name="second")
    client.force_login(world.colleague)
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 404
    assert user_for_token(second) == world.oic
    client.force_login(world.force_admin)
    assert b"second" in client.get("/account/").content
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 302
    assert user_for_token(second) is None
    assert AuditEntry.objects.filter(actor=world.force_admin, detail__contains="revoked").exists()
