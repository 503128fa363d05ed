"""Encryption at rest for protected details (a safe-house address, a victim's new phone).

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package) through MultiFernet:
settings.LANTERN_FIELD_KEYS lists keys newest first; the first encrypts, all decrypt, so a key
can be rotated by adding a new one in front and re-encrypting (`./lantern keys rotate`).
Production must set the keys (LANTERN_FIELD_KEYS or LANTERN_FIELD_KEYS_FILE); elsewhere a random
key is made once under var/secrets/ (lantern.config.secrets). No key is ever derived from a value
in the repository. See docs/decisions/0004-protected-details-encryption.md and 0012.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Undecryptable(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet() -> MultiFernet:
    keys = [k.strip() for k in getattr(settings, "LANTERN_FIELD_KEYS", []) if k and k.strip()]
    if not keys:
        raise ImproperlyConfigured("Set LANTERN_FIELD_KEYS: protected details cannot be stored without a key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "LANTERN_FIELD_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated."
        ) from exc


def reset_keys() -> None:
    """Forget the cached keys (tests that change settings.LANTERN_FIELD_KEYS call this)."""
    _fernet.cache_clear()
    _newest.cache_clear()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise Undecryptable("A protected value could not be decrypted with the configured keys.") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise Undecryptable("A protected value could not be decrypted with the configured keys.") from exc


def is_current(token: str) -> bool:
    """True if a stored value is already encrypted under the newest key."""
    try:
        _newest().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


@cache
def _newest() -> Fernet:
    _fernet()  # the same checks
    return Fernet(next(k.strip() for k in settings.LANTERN_FIELD_KEYS if k and k.strip()).encode())


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
