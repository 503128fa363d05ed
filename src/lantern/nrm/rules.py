"""Rules about NRM referrals, pure functions with the clock passed in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lantern.core.errors import invalid
from lantern.nrm.models import NrmDecision, NrmReferral


def unlinked_alert_window() -> timedelta:
    """How long a force has to record (or link) a crime for an NRM referral it received."""
    return timedelta(hours=settings.LANTERN_NRM_UNLINKED_ALERT_HOURS)


def unlinked_alert_due(referral: NrmReferral, now: datetime | None = None) -> bool:
    """True once a referral has waited longer than the window with no crime linked and no
    recorded reason why no crime is recorded. Callers pass only referrals with no linked case."""
    now = now or timezone.now()
    if referral.no_crime_reason:
        return False
    return referral.received_at + unlinked_alert_window() <= now


STATUS_AFTER = {
    ("rg", True): NrmReferral.Status.RG_POSITIVE,
    ("rg", False): NrmReferral.Status.RG_NEGATIVE,
    ("cg", True): NrmReferral.Status.CG_POSITIVE,
    ("cg", False): NrmReferral.Status.CG_NEGATIVE,
}


def check_decision(
    kind: str, decided_on: date, *, today: date, referred_on: date, existing: dict[str, NrmDecision]
) -> None:
    """A decision may be recorded: a known kind, dated between the referral and today, once of
    each kind, conclusive grounds only after a positive reasonable grounds decision and not before
    it. Raises a ValidationError naming the field at fault."""
    if kind not in NrmDecision.Kind.values:
        raise invalid("kind", "Choose reasonable grounds or conclusive grounds.")
    if decided_on > today:
        raise invalid("decided_on", "The decision date cannot be in the future.")
    if decided_on < referred_on:
        raise invalid("decided_on", "The decision date cannot be before the referral was made.")
    if kind in existing:
        raise invalid("kind", f"A {NrmDecision.Kind(kind).label.lower()} decision is already recorded.")
    if kind == NrmDecision.Kind.CONCLUSIVE_GROUNDS:
        rg = existing.get(NrmDecision.Kind.REASONABLE_GROUNDS)
        if rg is None or not rg.positive:
            raise invalid("kind", "A conclusive grounds decision follows a positive reasonable grounds decision.")
        if decided_on < rg.decided_on:
            raise invalid("decided_on", "The conclusive grounds decision cannot be before the reasonable grounds one.")
