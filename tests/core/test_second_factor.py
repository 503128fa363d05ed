"""The second factor (docs/decisions/0016-second-factor.md): the code step after the password,
wrong and reused codes, recovery codes, enrolment by QR code, the force administrator's reset,
the session mark, the demo commands."""

from __future__ import annotations

import io
import re

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings
from tests import factories
from tests.factories import PASSWORD, World, build_world

from lantern.core import crypto, second_factor
from lantern.core.models import AuditEntry, RecoveryCode, Role, SecondFactor, User


def _password(client: Client, username: str, **extra: str) -> str:
    response = client.post(reverse("core:login"), {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def _signed_in(client: Client) -> bool:
    return client.get(reverse("cases:my_cases")).status_code == 200


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def test_the_password_alone_does_not_sign_in(world: World, client: Client) -> None:
    factories.enrol(world.oic)
    assert _password(client, "oic") == reverse("core:signin_code")
    assert not _signed_in(client)
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(world.oic)})
    assert response["Location"] == reverse("cases:my_cases")
    assert _signed_in(client)
    assert AuditEntry.objects.filter(action="sign_in", detail__startswith="second factor").count() == 1


def test_wrong_code_is_refused_clearly_and_counts_towards_the_throttle(
    world: World, client: Client, settings: Settings
) -> None:
    settings.LANTERN_SIGNIN_FREE_FAILURES = 3
    factories.enrol(world.oic)
    _password(client, "oic")
    wrong = client.post(reverse("core:signin_code"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode()
    assert 'href="#code"' in wrong.content.decode()  # the error summary names the field
    not_digits = client.post(reverse("core:signin_code"), {"code": "12ab"})
    assert "Enter the 6-digit code" in not_digits.content.decode()
    client.post(reverse("core:signin_code"), {"code": "000001"})
    throttled = client.post(reverse("core:signin_code"), {"code": factories.totp_code(world.oic)})
    assert "Too many failed sign-ins" in throttled.content.decode()
    assert "The account is not locked" in throttled.content.decode()
    assert not _signed_in(client)
    world.oic.refresh_from_db()
    assert world.oic.locked_at is None
    assert AuditEntry.objects.filter(action="sign_in_failed", detail__startswith="wrong second-factor code").exists()


def test_a_code_is_accepted_once(world: World, client: Client) -> None:
    secret = factories.enrol(world.oic)
    code = pyotp.TOTP(secret).now()
    _password(client, "oic")
    client.post(reverse("core:signin_code"), {"code": code})
    assert _signed_in(client)
    other = Client()
    _password(other, "oic")
    replay = other.post(reverse("core:signin_code"), {"code": code})
    assert replay.status_code == 400
    assert "already been used" in replay.content.decode()
    assert AuditEntry.objects.filter(action="sign_in_failed", detail__startswith="reused code").exists()


def test_a_recovery_code_works_once(world: World, client: Client) -> None:
    factories.enrol(world.oic)
    codes = second_factor.new_recovery_codes(world.oic)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=world.oic).values_list("code_hash", flat=True))
    assert not stored & set(codes)  # stored hashed
    _password(client, "oic")
    response = client.post(reverse("core:signin_code"), {"code": codes[3].upper()})
    assert response["Location"] == reverse("cases:my_cases")
    client.logout()
    _password(client, "oic")
    again = client.post(reverse("core:signin_code"), {"code": codes[3]})
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert client.post(reverse("core:signin_code"), {"code": codes[4]})["Location"] == reverse("cases:my_cases")


def test_enrolment_by_qr_code_then_sign_in(world: World, client: Client) -> None:
    assert _password(client, "oic") == reverse("core:signin_enrol")
    page = client.get(reverse("core:signin_enrol")).content.decode()
    assert "<svg" in page
    assert "QR code for your Lantern account oic" in page
    secret = re.search(r'id="totp-secret"><code>([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    typed = secret.group(1).replace(" ", "")
    factor = SecondFactor.objects.get(user=world.oic)
    assert typed not in factor.secret_ciphertext
    assert crypto.decrypt(factor.secret_ciphertext) == typed
    assert not _signed_in(client)
    wrong = client.post(reverse("core:signin_enrol"), {"code": "123456"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode()
    done = client.post(reverse("core:signin_enrol"), {"code": pyotp.TOTP(typed).now()})
    body = done.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", body)
    assert len(codes) == 10
    assert "shown only once" in body
    assert _signed_in(client)
    assert second_factor.is_enrolled(world.oic)
    # Shown once: the enrolment page now sends an enrolled user to the code step.
    client.logout()
    _password(client, "oic")
    assert client.get(reverse("core:signin_enrol"))["Location"] == reverse("core:signin_code")
    assert client.post(reverse("core:signin_code"), {"code": factories.totp_code(world.oic)}).status_code == 302
    assert typed not in "".join(AuditEntry.objects.values_list("detail", flat=True))


def test_code_step_without_a_password_goes_back_to_sign_in(world: World, client: Client) -> None:
    factories.enrol(world.oic)
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(world.oic)})
    assert response["Location"] == reverse("core:login")
    assert not _signed_in(client)


def test_a_session_without_the_second_factor_mark_is_refused(world: World) -> None:
    """Outside the test client's helper (tests/conftest.py), a login without the code step is
    ended at the next request: pages send to sign-in, the API answers 401."""
    client = Client()
    client.lantern_skip_second_factor_mark = True  # type: ignore[attr-defined]
    client.force_login(world.oic)
    response = client.get(reverse("cases:my_cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
    assert client.get("/api/v1/cases").status_code == 401
    # A mark for another user does not do either.
    client.force_login(world.oic)
    session = client.session
    session[second_factor.VERIFIED_KEY] = str(world.colleague.pk)
    session.save()
    assert client.get(reverse("cases:my_cases")).status_code == 302


def _reset(client: Client, actor: User, target: User) -> int:
    client.force_login(actor)
    return client.post(reverse("core:reset_second_factor", args=[target.pk])).status_code


def test_force_administrator_resets_a_lost_factor(world: World, client: Client) -> None:
    factories.enrol(world.oic)
    second_factor.new_recovery_codes(world.oic)
    officer = Client()
    officer.force_login(world.oic)
    page = client
    page.force_login(world.force_admin)
    listing = page.get(reverse("core:force_admin")).content.decode()
    assert 'Reset<span class="govuk-visually-hidden"> second factor for' in listing
    assert _reset(client, world.force_admin, world.oic) == 302
    assert not SecondFactor.objects.filter(user=world.oic).exists()
    assert not RecoveryCode.objects.filter(user=world.oic).exists()
    assert AuditEntry.objects.filter(actor=world.force_admin, detail__contains="second factor reset").exists()
    assert officer.get(reverse("cases:my_cases")).status_code == 302  # their session has ended
    fresh = Client()
    assert _password(fresh, "oic") == reverse("core:signin_enrol")  # enrols again


@pytest.mark.parametrize("persona", factories.SIGNED_IN_PERSONAS)
def test_only_a_force_administrator_of_the_force_resets_and_never_their_own(
    world: World, client: Client, persona: str
) -> None:
    factories.enrol(world.oic)
    factories.enrol(world.force_admin)
    status = _reset(client, getattr(world, persona), world.oic)
    assert status == {"force_admin": 302, "oic": 403}.get(persona, 404)  # 403: their own factor
    assert SecondFactor.objects.filter(user=world.oic).exists() == (persona != "force_admin")
    assert _reset(client, world.force_admin, world.force_admin) == 403
    assert SecondFactor.objects.filter(user=world.force_admin).exists()


def test_another_forces_administrator_cannot_reset(world: World, client: Client) -> None:
    factories.enrol(world.oic)
    mps_admin = factories.user(Role.FORCE_ADMIN, world.other_force_officer.force, username="mpsadmin")
    assert _reset(client, mps_admin, world.oic) == 404
    assert SecondFactor.objects.filter(user=world.oic).exists()
    assert AuditEntry.objects.filter(actor=mps_admin, action="refused", object_id=str(world.oic.pk)).exists()


def test_otp_command_prints_the_code_and_is_refused_in_production(world: World, settings: Settings) -> None:
    secret = factories.enrol(world.oic)
    out = io.StringIO()
    call_command("otp", "oic", stdout=out)
    assert out.getvalue().strip() == pyotp.TOTP(secret).now()
    with pytest.raises(CommandError, match="has no second factor"):
        call_command("otp", "colleague", stdout=io.StringIO())
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("otp", "oic", stdout=io.StringIO())


def test_the_users_page_offers_the_reset_for_a_set_up_factor_and_not_for_oneself(world: World, client: Client) -> None:
    client.force_login(world.force_admin)
    before = client.get(reverse("core:user_detail", args=[world.oic.pk])).content.decode()
    assert "Not set up yet" in before
    assert reverse("core:reset_second_factor", args=[world.oic.pk]) not in before
    factories.enrol(world.oic)
    factories.enrol(world.force_admin)
    page = client.get(reverse("core:user_detail", args=[world.oic.pk])).content.decode()
    assert reverse("core:reset_second_factor", args=[world.oic.pk]) in page
    own = client.get(reverse("core:user_detail", args=[world.force_admin.pk])).content.decode()
    assert "ask another force administrator" in own
    assert reverse("core:reset_second_factor", args=[world.force_admin.pk]) not in own
