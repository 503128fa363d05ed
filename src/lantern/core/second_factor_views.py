"""The second step of sign-in (a TOTP or recovery code), enrolment of an authenticator app on
first sign-in, and the force administrator's reset of a lost factor
(docs/decisions/0016-second-factor.md). The password step (core.views.signin) leaves the user
pending in the session; only these views sign them in, through `_complete`."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.core import audit
from lantern.core import second_factor as sf
from lantern.core.auth import client_address
from lantern.core.forms import CodeForm
from lantern.core.models import User
from lantern.core.web import INVALID, current_user, page_view

PENDING_SECONDS = 10 * 60  # the code must follow the password within this time


def start_pending(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Called by the password step: remember who is signing in and send them to the code step
    (or to enrolment if they have no authenticator yet). Nobody is signed in yet."""
    request.session.cycle_key()
    request.session[sf.PENDING_KEY] = {"user": user.pk, "at": time.time(), "next": next_url}
    return redirect("core:signin_enrol" if not sf.is_enrolled(user) else "core:signin_code")


def _pending(request: HttpRequest) -> tuple[User | None, str]:
    data = request.session.get(sf.PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None, ""
    uid = data.get("user")
    if not isinstance(uid, int):
        return None, ""
    user = User.objects.filter(pk=uid, is_active=True, locked_at__isnull=True).first()
    return user, str(data.get("next") or "")


def _complete(request: HttpRequest, user: User) -> None:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    sf.mark_verified(request, user)


def signin_code(request: HttpRequest) -> HttpResponse:
    user, next_url = _pending(request)
    if user is None:
        return redirect("core:login")
    if not sf.is_enrolled(user):
        return redirect("core:signin_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used_recovery = sf.verify_sign_in(user, form.cleaned_data["code"], client_address(request))
        except sf.CodeRefused as exc:
            form.add_error("code", exc.message)
        else:
            from lantern.core.views import home_url_for

            _complete(request, user)
            if used_recovery:
                remaining = user.recovery_codes.filter(used_at__isnull=True).count()
                request.session["lantern_recovery_remaining"] = remaining
            return redirect(next_url or home_url_for(user))
    status = INVALID if request.method == "POST" else 200
    return render(request, "core/signin_code.html", {"form": form}, status=status)


def signin_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: a QR code and the same secret as text, confirmed by a code from the app;
    then the recovery codes, shown once, and the user is signed in."""
    user, next_url = _pending(request)
    if user is None:
        return redirect("core:login")
    if sf.is_enrolled(user):
        return redirect("core:signin_code")
    factor = sf.start_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = sf.confirm_enrolment(user, form.cleaned_data["code"], client_address(request))
        except sf.CodeRefused as exc:
            form.add_error("code", exc.message)
        else:
            from lantern.core.views import home_url_for

            _complete(request, user)
            return render(request, "core/recovery_codes.html", {"codes": codes, "next": next_url or home_url_for(user)})
    secret = sf.secret_of(factor)
    context = {
        "form": form,
        "qr_svg": sf.qr_svg(sf.provisioning_uri(user, secret)),
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "username": user.username,
    }
    return render(request, "core/signin_enrol.html", context, status=INVALID if request.method == "POST" else 200)


@page_view
@require_POST
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_user(request)
    if pk == actor.pk:
        from lantern.core.access import AccessDenied

        raise AccessDenied("You cannot reset your own second factor: ask another force administrator.")
    target = User.objects.filter(pk=pk).first()
    if target is None or not sf.can_reset(actor, target):
        # The same answer for another force's user and for no user at all; audited.
        audit.record_refusal(actor, "core.user", str(pk), "second factor reset refused")
        raise Http404("No user found")
    sf.reset(actor, target)
    from django.contrib import messages

    messages.success(request, f"{target.display_name} will set up an authenticator app at their next sign-in.")
    return redirect("core:force_admin")
