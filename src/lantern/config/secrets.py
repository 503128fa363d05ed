"""Where Lantern's secrets come from (docs/decisions/0012-secrets-and-checks.md).

Each secret (LANTERN_SECRET_KEY, LANTERN_FIELD_KEYS, LANTERN_AUDIT_KEY) is read from the
environment variable of that name, or from the file named by the same name with `_FILE` appended
(as healthchecks' settings do: a container secret or a systemd credential). Production settings
require one or the other and name the variable that is missing. Outside production (the demo, the
tests, a developer's `manage` command) a missing secret is generated once at random under
var/secrets/ (file mode 0600) and reused, so no runnable mode uses a key published in the
repository. Nothing here imports Django: settings.py calls it.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

# The names, and how a new local value is made.
SECRET_KEY = "LANTERN_SECRET_KEY"  # noqa: S105 - a variable name
FIELD_KEYS = "LANTERN_FIELD_KEYS"
AUDIT_KEY = "LANTERN_AUDIT_KEY"

# Lengths below which a secret is refused by `./lantern check` (characters).
MIN_LENGTH = {SECRET_KEY: 50, AUDIT_KEY: 32}


class MissingSecret(Exception):
    """A secret production needs was not given."""


def _random_secret_key() -> str:
    return secrets.token_urlsafe(64)


def _random_fernet_key() -> str:
    # A Fernet key is 32 random bytes, url-safe base64 (cryptography's Fernet.generate_key()).
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _random_audit_key() -> str:
    return secrets.token_urlsafe(48)


GENERATORS: dict[str, Callable[[], str]] = {
    SECRET_KEY: _random_secret_key,
    FIELD_KEYS: _random_fernet_key,
    AUDIT_KEY: _random_audit_key,
}


def from_environment(name: str, environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """The value of `name`, or of the file `name`_FILE names; None if neither is set."""
    value = environ.get(name, "").strip()
    if value:
        return value
    path = environ.get(name + "_FILE", "").strip()
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise MissingSecret(f"{name}_FILE names {path}, which cannot be read: {exc.strerror}") from exc
        if not value:
            raise MissingSecret(f"{name}_FILE names {path}, which is empty")
        return value
    return None


def local_secret(name: str, directory: Path) -> str:
    """Read var/secrets/<name>, creating it (mode 0600, random) if it does not exist yet."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / name.lower()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        # Another process created it a moment ago and is still writing: read again below.
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(GENERATORS[name]() + "\n")
    for _ in range(50):
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        import time

        time.sleep(0.02)
    raise MissingSecret(f"{path} is empty: delete it and run again")


def get(name: str, *, production: bool, local_dir: Path) -> str:
    """A secret for the settings: the environment or its file; in production nothing else."""
    value = from_environment(name)
    if value is not None:
        return value
    if production:
        raise MissingSecret(
            f"{name} is not set: production needs a real secret in {name} or in a file named by {name}_FILE "
            f"(./lantern keys new prints fresh values)"
        )
    return local_secret(name, local_dir)


def new_values() -> dict[str, str]:
    """Fresh random values for every secret (./lantern keys new)."""
    return {name: make() for name, make in GENERATORS.items()}
