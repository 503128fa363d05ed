"""A small in-process event bus, so that lower apps never import higher ones.

An app publishes an event (a frozen dataclass defined in the publishing app, e.g.
`lantern.cases.events.CaseRecorded`) at the end of one of its services; apps above it subscribe
handlers in their `AppConfig.ready()`. Handlers run synchronously, in the publisher's
transaction, in the order they were subscribed: a handler that raises rolls the whole operation
back, so an event is never half-handled. Keep handlers small; long work goes to a task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

E = TypeVar("E")

_handlers: defaultdict[type[Any], list[Callable[[Any], None]]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Register `handler` for events of `event_type` (idempotent: ready() may run twice)."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def publish(event: object) -> None:
    """Call every handler subscribed to the event's type."""
    for handler in list(_handlers.get(type(event), ())):
        handler(event)


def subscribers(event_type: type[Any]) -> list[Callable[[Any], None]]:
    """The handlers of one event type (for tests and docs/architecture.md's event list)."""
    return list(_handlers.get(event_type, ()))
