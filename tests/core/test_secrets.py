"""Secrets: none published in the repository is ever used; production refuses to start without
real ones; `./lantern check` fails on weak settings; `./lantern keys rotate` re-encrypts."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from tests.factories import build_world
from tests.safeguarding.api_world import protected

from lantern.config import secrets as lantern_secrets
from lantern.core import crypto
from lantern.safeguarding.models import ProtectedDetail
from lantern.safeguarding.protected import rotation

REPO = Path(__file__).resolve().parents[2]


def _settings_in_subprocess(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LANTERN_")}
    clean.update({"PYTHONPATH": str(REPO / "src"), "DJANGO_SETTINGS_MODULE": "lantern.config.settings", **env})
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run([sys.executable, "-c", script], env=clean, capture_output=True, text=True, timeout=120)


def test_local_secrets_are_random_private_and_reused(tmp_path: Path) -> None:
    first = lantern_secrets.local_secret(lantern_secrets.FIELD_KEYS, tmp_path)
    again = lantern_secrets.local_secret(lantern_secrets.FIELD_KEYS, tmp_path)
    assert first == again
    Fernet(first.encode())  # a real Fernet key
    mode = stat.S_IMODE((tmp_path / "lantern_field_keys").stat().st_mode)
    assert mode == 0o600
    other = tmp_path / "other"
    assert lantern_secrets.local_secret(lantern_secrets.FIELD_KEYS, other) != first


def test_secret_from_a_file_named_by_the_variable(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text("from-a-file\n")
    assert lantern_secrets.from_environment("X", {"X_FILE": str(path)}) == "from-a-file"
    assert lantern_secrets.from_environment("X", {"X": "direct", "X_FILE": str(path)}) == "direct"
    with pytest.raises(lantern_secrets.MissingSecret, match="X_FILE names .* cannot be read"):
        lantern_secrets.from_environment("X", {"X_FILE": str(tmp_path / "absent")})


def test_production_refuses_to_start_without_each_secret_and_names_it(tmp_path: Path) -> None:
    full = {
        "LANTERN_PRODUCTION": "1",
        "LANTERN_VAR_DIR": str(tmp_path),
        "LANTERN_SECRET_KEY": "s" * 10 + lantern_secrets.new_values()["LANTERN_SECRET_KEY"],
        "LANTERN_FIELD_KEYS": Fernet.generate_key().decode(),
        "LANTERN_AUDIT_KEY": lantern_secrets.new_values()["LANTERN_AUDIT_KEY"],
    }
    ok = _settings_in_subprocess(full, "print(len(settings.LANTERN_FIELD_KEYS))")
    assert ok.returncode == 0, ok.stderr
    for name in ("LANTERN_SECRET_KEY", "LANTERN_FIELD_KEYS", "LANTERN_AUDIT_KEY"):
        env = {k: v for k, v in full.items() if k != name}
        result = _settings_in_subprocess(env, "pass")
        assert result.returncode != 0
        assert f"{name} is not set" in result.stderr
    assert not (tmp_path / "secrets").exists()  # production never makes local secrets


def test_lantern_serve_without_secrets_refuses_to_start(tmp_path: Path) -> None:
    """The real command, as an operator would type it, with no LANTERN_* variable set: it names the
    missing secret and exits before gunicorn starts (issue 9, "Done when")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DATABASE_URL", "DJANGO_"))}
    env["LANTERN_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [str(REPO / "lantern"), "serve"], env=env, cwd=REPO, capture_output=True, text=True, timeout=180
    )
    assert result.returncode != 0
    assert "LANTERN_SECRET_KEY is not set" in result.stdout + result.stderr
    assert "serve refuses to start" in result.stdout + result.stderr
    assert not (tmp_path / "secrets").exists()


def test_demo_and_tests_never_use_a_key_derived_from_the_repository() -> None:
    from django.conf import settings

    assert "insecure" not in settings.SECRET_KEY
    assert settings.LANTERN_FIELD_KEYS
    assert settings.LANTERN_AUDIT_KEY
    source = (REPO / "src/lantern/config/settings.py").read_text()
    assert settings.SECRET_KEY not in source


@pytest.mark.django_db
def test_deploy_check_fails_on_weak_settings_and_names_them() -> None:
    with (
        override_settings(SECRET_KEY="short", DEBUG=True, LANTERN_FIELD_KEYS=[], LANTERN_AUDIT_KEY=""),
        pytest.raises(SystemCheckError) as failure,
    ):
        call_command("check", deploy=True, fail_level="WARNING")
    message = str(failure.value)
    for code in ("lantern.E002", "lantern.E003", "lantern.E005", "lantern.E007", "lantern.E008", "lantern.E010"):
        assert code in message


@pytest.mark.django_db
def test_deploy_check_passes_with_production_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE")  # set for the browser tests only
    with override_settings(
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        PRODUCTION=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=31536000,
        DEBUG=False,
    ):
        call_command("check", deploy=True, fail_level="WARNING")


@pytest.mark.django_db
def test_keys_rotate_reencrypts_every_value_and_the_old_key_can_be_retired(settings: object) -> None:
    world = build_world()
    detail = protected(world)
    old = list(settings.LANTERN_FIELD_KEYS)  # type: ignore[attr-defined]
    new = Fernet.generate_key().decode()
    settings.LANTERN_FIELD_KEYS = [new, *old]  # type: ignore[attr-defined]
    crypto.reset_keys()
    try:
        assert rotation.stale_values() >= 1
        call_command("keys", "rotate", "--batch-size", "1")
        assert rotation.stale_values() == 0
        call_command("keys", "rotate")  # resumable: a second run finds nothing to do
        settings.LANTERN_FIELD_KEYS = [new]  # type: ignore[attr-defined]
        crypto.reset_keys()
        detail = ProtectedDetail.objects.get(pk=detail.pk)
        assert crypto.decrypt(detail.value_token) == "07700 900321"
    finally:
        crypto.reset_keys()


@pytest.mark.django_db
def test_keys_rotate_refuses_when_the_old_key_is_already_gone(settings: object) -> None:
    world = build_world()
    protected(world)
    settings.LANTERN_FIELD_KEYS = [Fernet.generate_key().decode()]  # type: ignore[attr-defined]
    crypto.reset_keys()
    try:
        with pytest.raises(CommandError, match="cannot be decrypted with any key"):
            call_command("keys", "rotate")
    finally:
        crypto.reset_keys()
