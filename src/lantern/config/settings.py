"""Lantern settings: one module, read from the environment through small typed helpers.

SQLite under ./var/ is the working default; set DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent.parent  # src/lantern
REPO_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LANTERN_VAR_DIR", REPO_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, not {raw!r}") from exc


DEBUG = env_bool("LANTERN_DEBUG", False)
SECRET_KEY = env_str("LANTERN_SECRET_KEY", "insecure-development-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_str("LANTERN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
PRODUCTION = env_bool("LANTERN_PRODUCTION", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "lantern.core",
    "lantern.people",
    "lantern.cases",
    "lantern.nrm",
    "lantern.oversight",
    "lantern.safeguarding",
    "lantern.victims_code",
    "lantern.decisions",
    "lantern.notify",
    "lantern.portal",
    "lantern.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "lantern.config.urls"
WSGI_APPLICATION = "lantern.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lantern.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker share one file; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "cases:my_cases"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Lock an account after this many failed sign-ins in a row (core.auth).
LANTERN_MAX_FAILED_SIGNINS = env_int("LANTERN_MAX_FAILED_SIGNINS", 5)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [SRC_DIR / "static", REPO_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Logs carry ids and events only, never a victim's personal data.
    "root": {"handlers": ["console"], "level": env_str("LANTERN_LOG_LEVEL", "WARNING")},
}

# An NRM referral received by a force with no crime recorded within this many hours raises an alert.
LANTERN_NRM_UNLINKED_ALERT_HOURS = env_int("LANTERN_NRM_UNLINKED_ALERT_HOURS", 24)

# Keys that encrypt protected details at rest (Fernet keys, comma-separated, newest first; older
# keys still decrypt so a key can be rotated). Required in production (lantern.safeguarding.crypto).
LANTERN_FIELD_KEYS = [key for key in env_str("LANTERN_FIELD_KEYS", "").split(",") if key.strip()]

# --- The service clock (lantern.core.clock) ---------------------------------------------------
# For training and demonstration only: run the whole service as of another moment
# (e.g. 2027-12-24T18:30, London time). Refused under production settings.
# The victim's page (lantern.portal): wrong passcodes before a link locks; passcode tries per
# address per window before any further try is refused (429); feedback counts under this are
# suppressed.
LANTERN_PORTAL_MAX_PASSCODE_FAILURES = env_int("LANTERN_PORTAL_MAX_PASSCODE_FAILURES", 5)
LANTERN_PORTAL_RATE_LIMIT = env_int("LANTERN_PORTAL_RATE_LIMIT", 20)
LANTERN_PORTAL_RATE_WINDOW_SECONDS = env_int("LANTERN_PORTAL_RATE_WINDOW_SECONDS", 900)
LANTERN_PORTAL_FEEDBACK_MIN_COUNT = env_int("LANTERN_PORTAL_FEEDBACK_MIN_COUNT", 10)

LANTERN_CLOCK = env_str("LANTERN_CLOCK", "")
if LANTERN_CLOCK and PRODUCTION:
    raise ImproperlyConfigured(
        "LANTERN_CLOCK is for training and demonstration only: unset it to run with production settings"
    )

# --- Victims' Code (lantern.victims_code) ---------------------------------------------------
# The deadlines themselves are data (victims_code.DeadlineRule, keyed by Code version).
# Bank holidays announced after the `holidays` package was released: ISO dates, comma-separated.
LANTERN_EXTRA_BANK_HOLIDAYS = env_str("LANTERN_EXTRA_BANK_HOLIDAYS", "")
# The interval a new contact plan form suggests, in calendar days (the victim decides).
LANTERN_VC_DEFAULT_PLAN_INTERVAL_DAYS = env_int("LANTERN_VC_DEFAULT_PLAN_INTERVAL_DAYS", 28)
# An overdue duty goes to the owner's supervisor, then to the force's modern slavery lead once it
# is this many further working days overdue (issue 3; not a Code figure).
LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS = env_int("LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS", 1)
# The task worker runs the deadline sweep this often.
LANTERN_SWEEP_INTERVAL_MINUTES = env_int("LANTERN_SWEEP_INTERVAL_MINUTES", 15)

# --- Notifications (lantern.notify) ---------------------------------------------------------
# E-mail goes through Django's SMTP backend unless GOV.UK Notify is configured (production).
EMAIL_BACKEND = env_str("LANTERN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("LANTERN_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("LANTERN_EMAIL_PORT", 25)
EMAIL_TIMEOUT = env_int("LANTERN_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("LANTERN_FROM_EMAIL", "Lantern <no-reply@lantern.example.police.uk>")
# Setting the API key switches e-mail, SMS and letters to GOV.UK Notify.
LANTERN_NOTIFY_API_KEY = env_str("LANTERN_NOTIFY_API_KEY", "")
LANTERN_NOTIFY_BASE_URL = env_str("LANTERN_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
LANTERN_NOTIFY_EMAIL_TEMPLATE_ID = env_str("LANTERN_NOTIFY_EMAIL_TEMPLATE_ID", "")
LANTERN_NOTIFY_SMS_TEMPLATE_ID = env_str("LANTERN_NOTIFY_SMS_TEMPLATE_ID", "")
# Retries: the first after LANTERN_OUTBOX_BACKOFF_SECONDS, doubling up to the maximum; after
# LANTERN_OUTBOX_MAX_ATTEMPTS attempts the message is marked failed and shown to the officer.
LANTERN_OUTBOX_MAX_ATTEMPTS = env_int("LANTERN_OUTBOX_MAX_ATTEMPTS", 6)
LANTERN_OUTBOX_BACKOFF_SECONDS = env_int("LANTERN_OUTBOX_BACKOFF_SECONDS", 60)
LANTERN_OUTBOX_MAX_BACKOFF_SECONDS = env_int("LANTERN_OUTBOX_MAX_BACKOFF_SECONDS", 6 * 60 * 60)
# Letters: where the Noto fonts are (apt fonts-noto-core; fonts-noto-cjk adds Chinese and Japanese).
LANTERN_LETTER_FONT_DIRS = env_str(
    "LANTERN_LETTER_FONT_DIRS", "/usr/share/fonts/truetype/noto:/usr/share/fonts/opentype/noto"
).split(":")
# The address of the service, for links in e-mails to staff.
LANTERN_SERVICE_URL = env_str("LANTERN_SERVICE_URL", "http://127.0.0.1:8000")
