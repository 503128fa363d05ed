"""Which Victims' Code records a user may see: each is visible when its case is
(cases.access.case_condition), and is fetched through lantern.core.access.get_for."""

from __future__ import annotations

from lantern.cases.access import visible_case_rows
from lantern.core import access
from lantern.notify.models import OutboxMessage
from lantern.victims_code.models import Duty, VictimUpdate


def register() -> None:
    """Called from VictimsCodeConfig.ready(). Outbox messages about a case are read from the
    Victims' Code pages (a failed update to a victim), so they are registered here."""
    access.register(Duty, lambda user: visible_case_rows(user, Duty), noun="duty")
    access.register(VictimUpdate, lambda user: visible_case_rows(user, VictimUpdate), noun="update")
    access.register(OutboxMessage, lambda user: visible_case_rows(user, OutboxMessage), noun="message")
