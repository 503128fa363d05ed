"""Values every page template gets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lantern.core import clock


def training_clock(request: HttpRequest) -> dict[str, Any]:
    """The service clock's day when LANTERN_CLOCK shifts it (shown as a banner in the header)."""
    return {"training_clock": clock.today() if clock.is_shifted() else None}
