"""Events the nrm app publishes (lantern.core.events); apps above subscribe in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lantern.core.models import Force, User
from lantern.nrm.models import NrmDecision, NrmReferral


@dataclass(frozen=True)
class NrmDecisionRecorded:
    """A reasonable or conclusive grounds decision was recorded on a referral (inside the
    recording transaction). safeguarding alerts the officers in charge of the person's open cases
    and, for a positive conclusive grounds decision, opens a review of the closed ones."""

    decision: NrmDecision
    referral: NrmReferral
    label: str
    decided_on: date
    actor: User


@dataclass(frozen=True)
class ReferralReceived:
    """An NRM referral reached a force for crime recording (`receive_referral`), with no crime yet:
    lantern.triage puts it in the force's triage queue."""

    referral: NrmReferral
    actor: User


@dataclass(frozen=True)
class ReferralMoved:
    """Another force's SPOC accepted a referral passed to it (inside the accepting transaction):
    the referral is now held by `to_force`. For the triage queue and any app that follows
    referrals by force."""

    referral: NrmReferral
    from_force: Force
    to_force: Force
    actor: User
