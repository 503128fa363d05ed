"""What happens to an update to a victim when the outbox has sent it, or has given up on it."""

from __future__ import annotations

import datetime as dt

from lantern.notify.models import OutboxMessage
from lantern.victims_code import services
from lantern.victims_code.models import VictimUpdate


class VictimUpdateHandler:
    """Registered with the outbox for purpose "victim_update" (apps.py)."""

    def on_sent(self, message: OutboxMessage, at: dt.datetime) -> None:
        update = VictimUpdate.objects.select_related("case", "victim", "given_by").filter(message=message).first()
        if update is not None and update.delivery != VictimUpdate.Delivery.GIVEN:
            services.apply_delivered_update(update, at)

    def on_failed(self, message: OutboxMessage) -> None:
        update = VictimUpdate.objects.select_related("case").filter(message=message).first()
        if update is not None and update.delivery != VictimUpdate.Delivery.GIVEN:
            services.mark_update_failed(update)
