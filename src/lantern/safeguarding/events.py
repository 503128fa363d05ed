"""Events the safeguarding app publishes (lantern.core.events); apps above subscribe in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.core.models import User
from lantern.safeguarding.models import FirstResponse


@dataclass(frozen=True)
class FirstResponseCompleted:
    """A first response was completed (`complete`): its NRM referral or Duty to Notify was sent,
    linked to its case if it has one. lantern.triage puts it in the force's triage queue."""

    first_response: FirstResponse
    actor: User
