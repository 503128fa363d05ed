"""Sign-in with a password and a TOTP code in a real browser: enrolment by QR code (the secret read
from the page's text alternative), the code step, and the throttle after repeated failures, which
never locks the account for ever. axe-core on each page; LANTERN_SCREENSHOT_DIR keeps screenshots."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.factories import PASSWORD, build_world, enrol

from lantern.core import second_factor
from lantern.core.models import SignInFailure, User

SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")
Axe = Callable[..., Any]


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"second-factor-{name}.png"), full_page=True)


def _password(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()


def _code(page: Page, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.locator("main").get_by_role("button", name="Continue").click()


@pytest.mark.django_db(transaction=True)
def test_enrol_by_qr_code_then_sign_in_with_password_and_code(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    base = live_server.url
    _password(page, base, "oic")
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code for your Lantern account oic"))).to_be_visible()
    axe_check(page)
    _shot(page, "enrol")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    _code(page, "000000")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    axe_check(page)
    _code(page, pyotp.TOTP(secret).now())
    expect(page.locator("h1")).to_have_text("Your authenticator app is set up")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    axe_check(page)
    _shot(page, "recovery-codes")
    page.get_by_role("link", name="Continue to Lantern").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # Next time: password, then the code step (the same secret, a later code).
    _password(page, base, "oic")
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    axe_check(page)
    _shot(page, "code")
    factor = second_factor.factor_for(w.oic)
    assert factor is not None
    totp = pyotp.TOTP(secret)
    _code(page, totp.generate_otp(factor.last_step))  # the code just used: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("already been used")
    _code(page, totp.generate_otp(factor.last_step + 1))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_throttled_after_repeated_failures_but_never_locked_for_ever(
    live_server: Any, page: Page, axe_check: Axe, settings: Any
) -> None:
    settings.LANTERN_SIGNIN_FREE_FAILURES = 3
    w = build_world()
    enrol(w.oic)
    base = live_server.url
    for _ in range(2):
        _password(page, base, "oic", "not-the-password")
        expect(page.locator(".govuk-error-summary")).to_contain_text("The username or password is not right")
    _password(page, base, "oic")
    _code(page, "123456")  # the third failure: a wrong code counts too
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    _password(page, base, "oic")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Too many failed sign-ins")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The account is not locked")
    axe_check(page)
    user = User.objects.get(username="oic")
    assert user.locked_at is None
    assert user.is_active
    # The back-off ends: a quarter of an hour later the officer signs in.
    SignInFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    _password(page, base, "oic")
    from tests.factories import totp_code

    _code(page, totp_code(user))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
