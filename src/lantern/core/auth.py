"""Staff sign-in with throttling after repeated failures (no permanent lock), sessions that end
when idle or when the account is locked or deactivated, and API bearer tokens with an expiry."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lantern.core import audit, throttle
from lantern.core.models import ApiToken, User
from lantern.core.roles import Capability, has_capability

# One message whether the username exists, the password is wrong or the account is locked or
# deactivated: the page must not tell anyone which usernames are real.
FAILED_MESSAGE = "The username or password is not right. If this goes on, ask your force administrator."
LOCKED_MESSAGE = FAILED_MESSAGE  # kept for callers; a locked account gets the same generic answer


def throttled_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return (
        f"Too many failed sign-ins. Wait {minutes} minute{'s' if minutes != 1 else ''} and try again. "
        "The account is not locked."
    )


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaffBackend(ModelBackend):
    """Django's model backend, refusing a locked account as well as a deactivated one: the
    session of an account locked by its force administrator ends at its next request."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user) and getattr(user, "locked_at", None) is None)


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:45]


def sign_in(request: HttpRequest, username: str, password: str) -> User:
    """Check a username and password, after the throttle. Every failure is audited, for any
    username (known or not), with the client address."""
    address = client_address(request)
    user = User.objects.filter(username=username).first()
    wait = throttle.wait_seconds(username, address)
    if wait:
        _audit_failure(user, username, address, "throttled")
        raise SignInRefused(throttled_message(wait))
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None or not isinstance(authenticated, User):
        throttle.record_failure(username, address)
        reason = "unknown username" if user is None else ("account locked" if user.locked_at else "wrong password")
        if user is not None and not user.is_active:
            reason = "account deactivated"
        if user is not None:
            User.objects.filter(pk=user.pk).update(failed_signins=user.failed_signins + 1)
        _audit_failure(user, username, address, reason)
        raise SignInRefused(FAILED_MESSAGE)
    # The throttle is cleared only once the second factor is passed too (core.second_factor), so a
    # known password does not reset the count of wrong codes.
    if authenticated.failed_signins:
        authenticated.failed_signins = 0
        authenticated.save(update_fields=["failed_signins"])
    audit.record(authenticated, audit.Action.SIGN_IN, authenticated)
    return authenticated


def _audit_failure(user: User | None, username: str, address: str, reason: str) -> None:
    if user is not None:
        audit.record(user, audit.Action.SIGN_IN_FAILED, user, detail=f"{reason}; from {address}")
    else:
        audit.record(
            None,
            audit.Action.SIGN_IN_FAILED,
            object_type="core.user",
            object_id="",
            detail=f"{reason} {username[:80]!r}; from {address}",
        )


def end_all_access(user: User) -> int:
    """Revoke every API token and end every session of `user` (locked, suspended, deactivated).
    Returns the number of sessions ended."""
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


class IdleTimeoutMiddleware:
    """End a signed-in session after LANTERN_IDLE_TIMEOUT_MINUTES without a request."""

    KEY = "lantern_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(self.KEY)
            limit = settings.LANTERN_IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last, int | float) and now - last > limit:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if not isinstance(last, int | float) or now - last > 30:  # write the session at most every 30 s
                request.session[self.KEY] = now
        return self.get_response(request)


TOKEN_PREFIX = "lnt_"  # noqa: S105 - a public marker, not a secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, name: str = "cli", days: int | None = None) -> str:
    """Create a token for `user` and return the secret: shown once, only its hash is stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    lifetime = settings.LANTERN_API_TOKEN_DAYS if days is None else days
    ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:12],
        secret_hash=_hash(secret),
        expires_at=timezone.now() + dt.timedelta(days=lifetime),
    )
    return secret


TOKEN_USE_RECORDED_EVERY = dt.timedelta(minutes=1)


def user_for_token(secret: str) -> User | None:
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            secret_hash=_hash(secret),
            revoked_at__isnull=True,
            user__is_active=True,
            user__locked_at__isnull=True,
        )
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RECORDED_EVERY:
        # At most one write a minute per token: a read stays a read (issue 15), and "last used"
        # is still right to the minute for the force administrator's token list.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def can_revoke_token(actor: User, token: ApiToken) -> bool:
    """The token's owner, or a force administrator of the owner's force."""
    owner = token.user
    return actor.pk == owner.pk or (
        has_capability(actor, Capability.MANAGES_USERS) and actor.force_id == owner.force_id
    )


def revoke_token(actor: User, token: ApiToken) -> None:
    """Revoke a token: its owner, or a force administrator of the owner's force (audited)."""
    from lantern.core.access import AccessDenied

    if not can_revoke_token(actor, token):
        raise AccessDenied("Only the token's owner or their force administrator can revoke it.")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit.record(actor, audit.Action.ALTERATION, token.user, detail=f"api token {token.prefix} revoked")


def _remember_access_state(sender: type[User], instance: User, **kwargs: Any) -> None:
    old = User.objects.filter(pk=instance.pk).values("is_active", "locked_at").first() if instance.pk else None
    instance._lantern_lost_access = bool(  # type: ignore[attr-defined]
        old is not None
        and old["is_active"]
        and old["locked_at"] is None
        and (not instance.is_active or instance.locked_at is not None)
    )


def _end_access_if_lost(sender: type[User], instance: User, **kwargs: Any) -> None:
    if getattr(instance, "_lantern_lost_access", False):
        instance._lantern_lost_access = False  # type: ignore[attr-defined]
        end_all_access(instance)


def connect_signals() -> None:
    """A user locked or deactivated through a save loses every token and session at once
    (StaffBackend and user_for_token refuse them at their next use in any case)."""
    from django.db.models.signals import post_save, pre_save

    pre_save.connect(_remember_access_state, sender=User, dispatch_uid="lantern-access-state")
    post_save.connect(_end_access_if_lost, sender=User, dispatch_uid="lantern-end-access")
