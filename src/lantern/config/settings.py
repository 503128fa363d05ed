"""Lantern settings: one module, read from the environment through small typed helpers.

SQLite under ./var/ is the working default; set DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from lantern.config import secrets as lantern_secrets

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
ALLOWED_HOSTS = env_str("LANTERN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
PRODUCTION = env_bool("LANTERN_PRODUCTION", False)

# --- Secrets (lantern.config.secrets; docs/decisions/0012-secrets-and-checks.md) -------------
# Each from the variable or from the file named by <NAME>_FILE. Production refuses to start
# without them; elsewhere a random value is made once under var/secrets/ (mode 0600) and reused.
LANTERN_SECRETS_DIR = Path(os.environ.get("LANTERN_SECRETS_DIR", VAR_DIR / "secrets"))


def _secret(name: str) -> str:
    try:
        return lantern_secrets.get(name, production=PRODUCTION, local_dir=LANTERN_SECRETS_DIR)
    except lantern_secrets.MissingSecret as exc:
        raise ImproperlyConfigured(str(exc)) from exc


SECRET_KEY = _secret(lantern_secrets.SECRET_KEY)
# Keys that encrypt protected details at rest (Fernet keys, comma-separated, newest first; older
# keys still decrypt so a key can be rotated with `./lantern keys rotate`).
LANTERN_FIELD_KEYS = [key.strip() for key in _secret(lantern_secrets.FIELD_KEYS).split(",") if key.strip()]
# The key that authenticates each audit entry (HMAC-SHA256); held outside the database.
LANTERN_AUDIT_KEY = _secret(lantern_secrets.AUDIT_KEY)
# Where the head of the audit chain is checkpointed (append-only: a new file each time, never
# rewritten), and how often at least while entries are being written. A force can point the
# directory at a write-once mount, or name another store class (lantern.core.checkpoints).
LANTERN_AUDIT_CHECKPOINT_DIR = Path(os.environ.get("LANTERN_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints"))
LANTERN_AUDIT_CHECKPOINT_STORE = env_str("LANTERN_AUDIT_CHECKPOINT_STORE", "lantern.core.checkpoints.DirectoryStore")
LANTERN_AUDIT_CHECKPOINT_SECONDS = env_int("LANTERN_AUDIT_CHECKPOINT_SECONDS", 5 * 60)
# The outbox's safety net (notify.outbox.recover, run by the sweep): a message left "sending" this
# long was abandoned by a dead worker; a due message not attempted this long has lost its task.
LANTERN_OUTBOX_STUCK_SECONDS = env_int("LANTERN_OUTBOX_STUCK_SECONDS", 15 * 60)
LANTERN_OUTBOX_LOST_SECONDS = env_int("LANTERN_OUTBOX_LOST_SECONDS", 10 * 60)

# Requests write audit entries without a lock; the task worker chains them this often (decision
# 0026). Until chained, an entry is checked by its own HMAC only, and its removal goes unnoticed.
LANTERN_AUDIT_CHAIN_SECONDS = env_int("LANTERN_AUDIT_CHAIN_SECONDS", 10)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
    "lantern.orders",
    "lantern.triage",
    "lantern.notify",
    "lantern.portal",
    "lantern.demo",
]

MIDDLEWARE = [
    "lantern.core.logs.RequestIdMiddleware",  # first: every later log line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lantern.core.plain_protected.RefusePlainProtectedMiddleware",
    "lantern.core.second_factor.SecondFactorMiddleware",  # before the idle check: no unverified session
    "lantern.core.auth.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "lantern.core.context_processors.training_clock",
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
# Persistent connections on both engines (a new SQLite connection per request re-ran the PRAGMAs
# and cost a file open); health checks drop a connection the database has closed.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

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
# Sign-in throttling (lantern.core.throttle): no permanent lock. Failures within the window are
# counted per address, per username from an address, and per username; past the free allowance
# each further failure doubles the wait, from the base up to the cap.
LANTERN_SIGNIN_FREE_FAILURES = env_int("LANTERN_SIGNIN_FREE_FAILURES", env_int("LANTERN_MAX_FAILED_SIGNINS", 5))
LANTERN_SIGNIN_FREE_FAILURES_PER_ADDRESS = env_int("LANTERN_SIGNIN_FREE_FAILURES_PER_ADDRESS", 30)
LANTERN_SIGNIN_FREE_FAILURES_PER_USER = env_int("LANTERN_SIGNIN_FREE_FAILURES_PER_USER", 50)
LANTERN_SIGNIN_WINDOW_SECONDS = env_int("LANTERN_SIGNIN_WINDOW_SECONDS", 15 * 60)
LANTERN_SIGNIN_BACKOFF_SECONDS = env_int("LANTERN_SIGNIN_BACKOFF_SECONDS", 30)
LANTERN_SIGNIN_MAX_BACKOFF_SECONDS = env_int("LANTERN_SIGNIN_MAX_BACKOFF_SECONDS", 15 * 60)
# A session ends after this many idle minutes, as well as SESSION_COOKIE_AGE after sign-in.
LANTERN_IDLE_TIMEOUT_MINUTES = env_int("LANTERN_IDLE_TIMEOUT_MINUTES", 30)
# An API token is refused this many days after it was issued.
LANTERN_API_TOKEN_DAYS = env_int("LANTERN_API_TOKEN_DAYS", 90)
# A locked or deactivated account cannot authenticate: its sessions end at the next request.
AUTHENTICATION_BACKENDS = ["lantern.core.auth.StaffBackend"]

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
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
# HSTS preload is the owner of the whole domain's decision (a force's police.uk domain), not the
# service's: Django's reminder (security.W021) is silenced so that `./lantern check` can pass.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_SSL_REDIRECT = env_bool("LANTERN_SSL_REDIRECT", PRODUCTION)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (only then: the header is trusted).
if env_bool("LANTERN_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
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

# One JSON object per line on stderr, each with the request id (lantern.core.logs). Logs carry ids
# and events only, never a victim's personal data: paths are logged without their query strings.
LANTERN_LOG_LEVEL = env_str("LANTERN_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lantern.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "lantern.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "loggers": {
        # The access line of every request (method, path, status, duration); LANTERN_ACCESS_LOG=false
        # turns it off.
        "lantern.access": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("LANTERN_ACCESS_LOG", True) else "WARNING",
            "propagate": False,
        },
        # Django's own loggers through the same JSON handler (instead of its plain-text defaults).
        "django": {"handlers": ["console"], "level": LANTERN_LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LANTERN_LOG_LEVEL},
}

# An NRM referral received by a force with no crime recorded within this many hours raises an alert.
LANTERN_NRM_UNLINKED_ALERT_HOURS = env_int("LANTERN_NRM_UNLINKED_ALERT_HOURS", 24)

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
# After each sweep the worker recalculates the Victims' Code figures of this many months back (the
# current month included) for the dashboards and publication (decision 0028); a dashboard uses a
# month's stored figures while they are at most this many minutes old and from the same day, and
# calculates a month itself otherwise (for instance when the worker is stopped).
LANTERN_VC_FIGURES_MONTHS = env_int("LANTERN_VC_FIGURES_MONTHS", 24)
LANTERN_VC_FIGURES_MAX_AGE_MINUTES = env_int("LANTERN_VC_FIGURES_MAX_AGE_MINUTES", 40)

# Prevention and risk orders (lantern.orders). Whether the day an order is served (or a change
# happens) counts as the first of the 3 notification days is not in the reference [U]: off by
# default ("within 3 days of" read as 3 whole days after). Orders ending within the warning window
# show on the force dashboard (local policy, [U]).
LANTERN_ORDERS_COUNT_DAY_OF_SERVICE = env_bool("LANTERN_ORDERS_COUNT_DAY_OF_SERVICE", False)
LANTERN_ORDERS_EXPIRY_WARNING_DAYS = env_int("LANTERN_ORDERS_EXPIRY_WARNING_DAYS", 90)

# Triage and allocation (lantern.triage, decision 0022). An item in the triage queue not allocated
# by the end of this many working days after it entered goes to the force's modern slavery lead
# ([U]: no published figure; 1 working day is the default). An officer is qualified for a
# modern slavery case when they hold every one of these skills ([U]: local policy; values of
# lantern.triage.models.Skill, comma-separated).
LANTERN_TRIAGE_WORKING_DAYS = env_int("LANTERN_TRIAGE_WORKING_DAYS", 1)
LANTERN_TRIAGE_REQUIRED_SKILLS = env_str("LANTERN_TRIAGE_REQUIRED_SKILLS", "pip2,ms_investigator")

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
# Where a first responder submits an NRM referral or Duty to Notify (the Home Office online form).
LANTERN_NRM_ONLINE_FORM_URL = env_str("LANTERN_NRM_ONLINE_FORM_URL", "https://www.modernslavery.gov.uk/start")
LANTERN_LETTER_FONT_DIRS = env_str(
    "LANTERN_LETTER_FONT_DIRS", "/usr/share/fonts/truetype/noto:/usr/share/fonts/opentype/noto"
).split(":")
# The address of the service, for links in e-mails to staff.
LANTERN_SERVICE_URL = env_str("LANTERN_SERVICE_URL", "http://127.0.0.1:8000")
