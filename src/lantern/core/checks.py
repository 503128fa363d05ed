"""Lantern's own deployment checks, run with Django's by `./lantern check` (manage.py check
--deploy): secrets present, random and long enough; DEBUG off; cookies Secure; the audit log's
append-only triggers in place. Each is an Error, so the check exits non-zero."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from lantern.config import secrets as lantern_secrets

# Values once published in the repository, or in Django's own templates: never acceptable.
PUBLISHED_SECRET_KEYS = {"insecure-development-key-change-me-in-production-0123456789"}


@register(Tags.security, deploy=True)
def lantern_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    key = settings.SECRET_KEY
    if key in PUBLISHED_SECRET_KEYS or key.startswith("django-insecure"):
        errors.append(Error("LANTERN_SECRET_KEY is a value published in a repository.", id="lantern.E001"))
    elif len(key) < lantern_secrets.MIN_LENGTH[lantern_secrets.SECRET_KEY] or len(set(key)) < 5:
        errors.append(Error("LANTERN_SECRET_KEY is too short (at least 50 random characters).", id="lantern.E002"))
    audit_key = getattr(settings, "LANTERN_AUDIT_KEY", "")
    if len(audit_key) < lantern_secrets.MIN_LENGTH[lantern_secrets.AUDIT_KEY]:
        errors.append(Error("LANTERN_AUDIT_KEY is missing or too short (at least 32 characters).", id="lantern.E003"))
    elif audit_key == key:
        errors.append(Error("LANTERN_AUDIT_KEY must differ from LANTERN_SECRET_KEY.", id="lantern.E004"))
    field_keys = list(getattr(settings, "LANTERN_FIELD_KEYS", []))
    if not field_keys:
        errors.append(Error("LANTERN_FIELD_KEYS is missing: protected details cannot be encrypted.", id="lantern.E005"))
    else:
        from cryptography.fernet import Fernet

        for position, value in enumerate(field_keys, start=1):
            try:
                Fernet(value.encode())
            except ValueError:
                errors.append(Error(f"LANTERN_FIELD_KEYS key {position} is not a Fernet key.", id="lantern.E006"))
    if settings.DEBUG:
        errors.append(Error("DEBUG is on (LANTERN_DEBUG): turn it off.", id="lantern.E007"))
    if not settings.SESSION_COOKIE_SECURE:
        errors.append(Error("The session cookie is not Secure (set LANTERN_PRODUCTION=1).", id="lantern.E008"))
    if not settings.CSRF_COOKIE_SECURE:
        errors.append(Error("The CSRF cookie is not Secure (set LANTERN_PRODUCTION=1).", id="lantern.E009"))
    if not getattr(settings, "PRODUCTION", False):
        errors.append(Error("Production settings are off (LANTERN_PRODUCTION).", id="lantern.E010"))
    try:
        from lantern.core.audit import missing_triggers

        missing = missing_triggers()
    except DatabaseError as exc:
        errors.append(Error(f"The database cannot be reached to check the audit triggers: {exc}", id="lantern.E011"))
    else:
        if missing:
            errors.append(
                Error(
                    "The audit log's append-only triggers are missing or disabled: " + ", ".join(missing),
                    hint="Run `manage migrate`; if they were dropped, investigate before restoring them.",
                    id="lantern.E012",
                )
            )
    return errors
