"""Rules about NRM referrals, pure functions with the clock passed in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lantern.nrm.models import NrmReferral


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
