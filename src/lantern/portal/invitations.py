"""The victim's way in: a link and a passcode given separately (decision 0019).

The link carries a long random token; the passcode is eight digits. Only their hashes are kept
(SHA-256 of the token, the password hasher for the passcode). Every failure looks the same to the
person trying (a guessed link, a wrong passcode, a revoked or locked link), so a guess reveals
nothing. Tries are limited per address (LANTERN_PORTAL_RATE_LIMIT per window), counted in the
database (lantern.core.throttle.count_attempt), so the limit holds across app servers; a link whose
passcode is got wrong LANTERN_PORTAL_MAX_PASSCODE_FAILURES times locks, and its officer is alerted
through the outbox. The officer revokes a link, or issues a new one (which revokes the old).
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.urls import reverse

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseParty, PartyRole, TimelineEvent
from lantern.core import access, audit, clock, throttle
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.notify import outbox
from lantern.notify.models import OutboxMessage
from lantern.people.models import Person
from lantern.portal import rules
from lantern.portal.access import can_manage_invitations
from lantern.portal.models import VictimInvitation

LANGUAGES = ("en", "cy", "sq", "vi", "ro", "pl", "ti", "ar")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Issued:
    invitation: VictimInvitation
    token: str
    passcode: str

    @property
    def path(self) -> str:
        # The language rides on the link, so the passcode page is already in the victim's language.
        return reverse("portal:victim_start", kwargs={"token": self.token}) + f"?lang={self.invitation.language}"


def issue(actor: User, case: Case, victim: Person, language: str = "en") -> Issued:
    """A new link and passcode for a victim; any earlier one is revoked. The link and the passcode
    are shown once, to be given separately (in person, by SMS or letter)."""
    if not can_manage_invitations(actor, case):
        raise access.AccessDenied("The officer in charge, a supervisor or the SPOC issues a victim's link.")
    if not CaseParty.objects.filter(case=case, person=victim, role__in=PartyRole.victim_roles()).exists():
        raise invalid("victim", "That person is not a victim in this case.")
    if language not in LANGUAGES:
        raise invalid("language", "Choose a language the victim's page is written in.")
    token = secrets.token_urlsafe(32)
    passcode = f"{secrets.randbelow(10**8):08d}"
    now = clock.now()
    with transaction.atomic():
        for old in VictimInvitation.objects.select_for_update().filter(
            case=case, victim=victim, revoked_at__isnull=True
        ):
            old.revoked_at, old.revoked_by = now, actor
            old.save(update_fields=["revoked_at", "revoked_by"])
        invitation = VictimInvitation.objects.create(
            case=case,
            victim=victim,
            token_hash=token_hash(token),
            passcode_hash=make_password(passcode),
            language=language,
            recorded_by=actor,
            recorded_at=now,
        )
        case_services.add_timeline(case, TimelineEvent.Kind.NOTE, "A link to the victim's own page was issued", actor)
        audit.record(actor, audit.Action.DISCLOSURE, invitation, detail="victim page link issued")
    return Issued(invitation, token, passcode)


def revoke(actor: User, invitation: VictimInvitation) -> VictimInvitation:
    if not can_manage_invitations(actor, invitation.case):
        raise access.AccessDenied("The officer in charge, a supervisor or the SPOC revokes a victim's link.")
    with transaction.atomic():
        locked = VictimInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.revoked_at is not None:
            raise invalid("invitation", "This link was already revoked.")
        locked.revoked_at, locked.revoked_by = clock.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        case_services.add_timeline(
            locked.case, TimelineEvent.Kind.NOTE, "The link to the victim's page was revoked", actor
        )
        audit.record(actor, audit.Action.ALTERATION, locked, detail="victim page link revoked")
    return locked


class Outcome(enum.Enum):
    OPENED = "opened"
    REFUSED = "refused"  # wrong passcode, unknown, revoked or locked link: all look the same
    RATE_LIMITED = "rate_limited"


RATE_KIND = "portal_address"  # the kind of the tries' rows in core's SignInFailure table


def _rate_key(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _count_try(address: str) -> bool:
    """Count one try from an address; True when the address is over the limit. The count is in
    the database, shared by every app server (a per-process cache would let each server allow
    the limit again)."""
    tries = throttle.count_attempt(RATE_KIND, _rate_key(address), settings.LANTERN_PORTAL_RATE_WINDOW_SECONDS)
    return rules.rate_limited(tries - 1, settings.LANTERN_PORTAL_RATE_LIMIT)


def live(token: str) -> VictimInvitation | None:
    """The invitation a link opens, if it is neither revoked nor locked."""
    return (
        VictimInvitation.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True, locked_at__isnull=True)
        .select_related("case", "victim", "case__officer_in_charge", "case__force")
        .first()
    )


def try_passcode(token: str, passcode: str, address: str) -> tuple[Outcome, VictimInvitation | None]:
    if _count_try(address):
        return Outcome.RATE_LIMITED, None
    with transaction.atomic():
        invitation = VictimInvitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        if invitation is None or invitation.revoked_at or invitation.locked_at:
            return Outcome.REFUSED, None
        if check_password(passcode.strip().replace(" ", ""), invitation.passcode_hash):
            invitation.failed_attempts = 0
            invitation.last_opened_at = clock.now()
            invitation.save(update_fields=["failed_attempts", "last_opened_at"])
            audit.record(None, audit.Action.CONSULTATION, invitation, detail="victim opened their page")
            return Outcome.OPENED, invitation
        invitation.failed_attempts += 1
        fields = ["failed_attempts"]
        if rules.should_lock(invitation.failed_attempts, settings.LANTERN_PORTAL_MAX_PASSCODE_FAILURES):
            invitation.locked_at = clock.now()
            fields.append("locked_at")
            _alert_officer(invitation)
        invitation.save(update_fields=fields)
    return Outcome.REFUSED, None


def _alert_officer(invitation: VictimInvitation) -> None:
    case = invitation.case
    officer = case.officer_in_charge
    case_services.add_timeline(
        case,
        TimelineEvent.Kind.NOTE,
        "The link to the victim's page locked after repeated wrong passcodes: issue a new one if it was the victim",
        None,
    )
    audit.record(None, audit.Action.ALTERATION, invitation, detail="victim page link locked")
    if officer.email:
        outbox.enqueue(
            outbox.NewMessage(
                idempotency_key=f"portal-locked:{invitation.pk}",
                purpose="portal_alert",
                channel=OutboxMessage.Channel.EMAIL,
                recipient=officer.email,
                subject=f"Lantern: a victim's page link locked on {case.full_reference}",
                body=(
                    f"The link to a victim's page on case {case.full_reference} was locked after "
                    f"{invitation.failed_attempts} wrong passcodes. If it was the victim, issue a new link and "
                    f"passcode from the case's 'Victim's page' tab; if not, someone may have their link.\n\n"
                    f"{settings.LANTERN_SERVICE_URL}{reverse('portal:invitations', kwargs={'pk': case.pk})}"
                ),
                case=case,
            )
        )


def for_case(case: Case) -> list[VictimInvitation]:
    return list(
        VictimInvitation.objects.filter(case=case).select_related("victim", "recorded_by").order_by("-recorded_at")
    )
