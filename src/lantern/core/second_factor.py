"""The second factor: TOTP (RFC 6238, via pyotp) for every staff account, with one-time recovery
codes and a reset by the force administrator (docs/decisions/0016-second-factor.md).

The secret is stored encrypted with the field keys and never logged. A code is accepted once:
the newest time step used is stored, and a code for that step or an earlier one is refused
(a replay). Wrong and reused codes count towards the sign-in throttle (lantern.core.throttle).

A signed-in session is verified only when it carries VERIFIED_KEY naming its own user; only
`mark_verified` (called by the code and enrolment steps) sets it, and SecondFactorMiddleware
ends any authenticated session without it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
from collections.abc import Callable

import pyotp
import segno
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lantern.core import audit, crypto, throttle
from lantern.core.models import RecoveryCode, SecondFactor, User
from lantern.core.roles import Capability, has_capability

VERIFIED_KEY = "lantern_second_factor"  # session: the pk of the user whose code was checked
PENDING_KEY = "lantern_pending_user"  # session: password accepted, code not yet
ISSUER = "Lantern"
RECOVERY_CODES = 10
WRONG_CODE = "The code is not right. Check the 6-digit code in your authenticator app and try again."
REUSED_CODE = "That code has already been used. Wait for the next code in your authenticator app."
RECOVERY_USED = "That recovery code is not right or has already been used."


class CodeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Secrets --------------------------------------------------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()


def secret_of(factor: SecondFactor) -> str:
    return crypto.decrypt(factor.secret_ciphertext)


def factor_for(user: User) -> SecondFactor | None:
    return SecondFactor.objects.filter(user=user).first()


def is_enrolled(user: User) -> bool:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def start_enrolment(user: User) -> SecondFactor:
    """The user's unconfirmed factor, made with a fresh secret if there is none yet."""
    factor = factor_for(user)
    if factor is None:
        factor = SecondFactor.objects.create(user=user, secret_ciphertext=crypto.encrypt(new_secret()))
    return factor


def enrol_with_secret(user: User, secret: str) -> SecondFactor:
    """Enrol `user` with a known secret, confirmed (the demo generator and tests)."""
    SecondFactor.objects.filter(user=user).delete()
    return SecondFactor.objects.create(user=user, secret_ciphertext=crypto.encrypt(secret), confirmed_at=timezone.now())


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """An inline SVG QR code (no external service), with no XML declaration."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title=None)
    return out.getvalue().decode("utf-8")


def current_code(user: User) -> str:
    """The code now (the `otp` command, outside production)."""
    factor = factor_for(user)
    if factor is None:
        raise CodeRefused(f"{user.username} has no second factor.")
    return pyotp.TOTP(secret_of(factor)).now()


# --- Checking a code ------------------------------------------------------------------------------


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (of now, one before or one after) whose code is `code`, or None."""
    totp = pyotp.TOTP(secret)
    now = int(timezone.now().timestamp())
    step_now = now // totp.interval
    for step in (step_now, step_now - 1, step_now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_totp(factor: SecondFactor, code: str) -> None:
    """Accept `code` once; raise CodeRefused for a wrong code or a replay of a used step."""
    code = "".join(code.split())
    if not (len(code) == 6 and code.isdigit()):
        raise CodeRefused("Enter the 6-digit code from your authenticator app.")
    step = _matching_step(secret_of(factor), code)
    if step is None:
        raise CodeRefused(WRONG_CODE)
    # Conditional update: two requests racing with the same code cannot both win.
    if not SecondFactor.objects.filter(pk=factor.pk, last_step__lt=step).update(last_step=step):
        raise CodeRefused(REUSED_CODE)
    factor.last_step = step


def _hash(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len("".join(ch for ch in code if ch.isalnum())) == 16


def use_recovery_code(user: User, code: str) -> None:
    if not RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
        used_at=timezone.now()
    ):
        raise CodeRefused(RECOVERY_USED)


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh one-time codes (80 random bits each), replacing any old ones. Shown once."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()  # 16 characters
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash(c)) for c in codes])
    return codes


def verify_sign_in(user: User, code: str, address: str) -> bool:
    """The code step: throttle, then a TOTP code or a recovery code. Returns True if a recovery
    code was used. Every refusal counts towards the throttle and is audited."""
    wait = throttle.wait_seconds(user.username, address)
    if wait:
        from lantern.core.auth import throttled_message

        _refused(user, address, "second factor throttled")
        raise CodeRefused(throttled_message(wait))
    factor = factor_for(user)
    if factor is None or factor.confirmed_at is None:
        raise CodeRefused("Set up your authenticator app first.")
    try:
        if looks_like_recovery_code(code):
            use_recovery_code(user, code)
            audit.record(user, audit.Action.SIGN_IN, user, detail=f"recovery code used; from {address}")
            return True
        check_totp(factor, code)
    except CodeRefused as exc:
        throttle.record_failure(user.username, address)
        _refused(user, address, "reused code" if exc.message == REUSED_CODE else "wrong second-factor code")
        raise
    throttle.clear(user.username, address)
    audit.record(user, audit.Action.SIGN_IN, user, detail=f"second factor; from {address}")
    return False


def confirm_enrolment(user: User, code: str, address: str) -> list[str]:
    """Confirm the new authenticator with a code from it; returns the recovery codes to show once."""
    wait = throttle.wait_seconds(user.username, address)
    if wait:
        from lantern.core.auth import throttled_message

        raise CodeRefused(throttled_message(wait))
    factor = factor_for(user)
    if factor is None:
        raise CodeRefused("Start again: sign in with your username and password.")
    if factor.confirmed_at is not None:
        raise CodeRefused("Your authenticator app is already set up.")
    try:
        check_totp(factor, code)
    except CodeRefused as exc:
        throttle.record_failure(user.username, address)
        _refused(user, address, "wrong code at enrolment")
        raise exc
    with transaction.atomic():
        SecondFactor.objects.filter(pk=factor.pk).update(confirmed_at=timezone.now())
        codes = new_recovery_codes(user)
        audit.record(user, audit.Action.ALTERATION, user, detail="second factor enrolled")
    throttle.clear(user.username, address)
    return codes


def _refused(user: User, address: str, reason: str) -> None:
    audit.record(user, audit.Action.SIGN_IN_FAILED, user, detail=f"{reason}; from {address}")


# --- Reset by the force administrator -------------------------------------------------------------


def can_reset(actor: User, target: User) -> bool:
    """A force administrator, for another user of their own force (never their own factor)."""
    return (
        has_capability(actor, Capability.MANAGES_USERS)
        and actor.force_id is not None
        and actor.force_id == target.force_id
        and actor.pk != target.pk
    )


def reset(actor: User, target: User) -> None:
    """Forget the target's authenticator and recovery codes and end their sessions: they enrol
    again at their next sign-in. Audited."""
    from lantern.core.access import AccessDenied

    if not can_reset(actor, target):
        raise AccessDenied("Only a force administrator can reset another user's second factor in their force.")
    with transaction.atomic():
        SecondFactor.objects.filter(user=target).delete()
        RecoveryCode.objects.filter(user=target).delete()
        audit.record(actor, audit.Action.ALTERATION, target, detail="second factor reset by force administrator")
    end_sessions(target)


def end_sessions(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


# --- The session ----------------------------------------------------------------------------------


def mark_verified(request: HttpRequest, user: User) -> None:
    request.session[VERIFIED_KEY] = str(user.pk)
    request.session.pop(PENDING_KEY, None)


def is_verified(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and request.session.get(VERIFIED_KEY) == str(user.pk))


class SecondFactorMiddleware:
    """No signed-in session without a checked second factor: an authenticated session whose
    VERIFIED_KEY does not name its user is ended (pages go to sign-in, the API answers 401).
    There is no setting that turns this off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and not is_verified(request):
            logout(request)
            if not request.path.startswith("/api/"):
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
