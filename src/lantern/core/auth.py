"""Staff sign-in with lockout after repeated failures, and API bearer tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from lantern.core import audit
from lantern.core.models import ApiToken, User

LOCKED_MESSAGE = "This account is locked after too many failed sign-ins. Ask your force administrator to unlock it."
FAILED_MESSAGE = "The username or password is not right."


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sign_in(request: HttpRequest, username: str, password: str) -> User:
    """Check a username and password. Counts failures; locks the account at the limit."""
    user = User.objects.filter(username=username).first()
    if user is not None and user.locked_at is not None:
        audit.record(user, audit.Action.SIGN_IN_FAILED, user, detail="account locked")
        raise SignInRefused(LOCKED_MESSAGE)
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None or not isinstance(authenticated, User):
        if user is not None:
            user.failed_signins += 1
            if user.failed_signins >= settings.LANTERN_MAX_FAILED_SIGNINS:
                user.locked_at = timezone.now()
            user.save(update_fields=["failed_signins", "locked_at"])
            audit.record(user, audit.Action.SIGN_IN_FAILED, user)
            if user.locked_at is not None:
                raise SignInRefused(LOCKED_MESSAGE)
        raise SignInRefused(FAILED_MESSAGE)
    if authenticated.failed_signins:
        authenticated.failed_signins = 0
        authenticated.save(update_fields=["failed_signins"])
    audit.record(authenticated, audit.Action.SIGN_IN, authenticated)
    return authenticated


TOKEN_PREFIX = "lnt_"  # noqa: S105 - a public marker, not a secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User, name: str = "cli") -> str:
    """Create a token for `user` and return the secret: shown once, only its hash is stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=secret[:12], secret_hash=_hash(secret))
    return secret


def user_for_token(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
