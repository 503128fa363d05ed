"""A request for an update, from the victim (through their page) or their advocate (with
consent). It becomes a Victims' Code duty for the officer in charge, with the deadline of the
deadlines table (kind update_requested), escalated like any duty by the sweep, and met when the
officer records an update (victims_code.services.record_update meets it, as any news meets "no
news is news"). Requests are counted: the cases chased most, and how fast they were answered."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core import audit, clock
from lantern.core.access import sees_aggregates_only
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.people.models import Person
from lantern.portal import rules
from lantern.portal.models import Requester, UpdateRequest
from lantern.victims_code import services as vc_services
from lantern.victims_code.models import Duty, DutyKind, EventKind

MAX_MESSAGE = 500


def open_request(case: Case, victim: Person) -> UpdateRequest | None:
    return (
        UpdateRequest.objects.filter(case=case, victim=victim, duty__state=Duty.State.OPEN)
        .select_related("duty")
        .order_by("-requested_at")
        .first()
    )


def request_update(case: Case, victim: Person, *, advocate: User | None, message: str = "") -> UpdateRequest:
    """Record a request. The caller has checked who is asking: the victim through a valid
    invitation (advocate None), or an advocate with a standing consent for this victim."""
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise invalid("message", f"The message must be {MAX_MESSAGE} characters or fewer.")
    existing = open_request(case, victim)
    if existing is not None:
        due = existing.duty.due_on
        raise invalid(
            "message",
            f"An update was already asked for on {existing.requested_at.astimezone(clock.LONDON):%-d %B %Y}; "
            f"the officer has until {due:%-d %B %Y} to answer it.",
        )
    requester = Requester.ADVOCATE if advocate is not None else Requester.VICTIM
    if advocate is not None and not has_capability(advocate, Capability.SUPPORTS_VICTIMS):
        raise invalid("__all__", "Only the victim or their advocate asks for an update here.")
    with transaction.atomic():
        now = clock.now()
        note = "Asked for by their advocate" if advocate else "Asked for by the victim through their page"
        # record_event still judges "the future" by timezone.now(), not the service clock.
        at = min(now, timezone.now())
        event = vc_services.record_event(None, case, EventKind.UPDATE_REQUESTED, at, note, victims=[victim])
        duty = Duty.objects.get(event=event, victim=victim, kind=DutyKind.UPDATE_REQUESTED)
        request = UpdateRequest.objects.create(
            case=case,
            victim=victim,
            requester=requester,
            advocate=advocate,
            message=message,
            requested_at=now,
            duty=duty,
        )
        audit.record(advocate, audit.Action.COLLECTION, request, detail=f"update requested by the {requester}")
    return request


def requests_in(scope: QuerySet[UpdateRequest], start: dt.date, end: dt.date) -> QuerySet[UpdateRequest]:
    return scope.filter(requested_at__date__gte=start, requested_at__date__lte=end)


def scope_for(user: User) -> QuerySet[UpdateRequest]:
    """Requests a user may count: their force's (police), every force's (national analyst)."""
    requests = UpdateRequest.objects.all()
    if sees_aggregates_only(user):
        return requests
    if user.force_id is None:
        return requests.none()
    return requests.filter(case__force_id=user.force_id)


def measures(scope: QuerySet[UpdateRequest], today: dt.date) -> rules.RequestTimes:
    rows = scope.values_list("requested_at", "duty__met_at", "duty__due_on", "duty__state")
    return rules.request_times(
        ((requested, met if state in ("met", "met_late") else None, due) for requested, met, due, state in rows), today
    )


@dataclass
class ChasedCase:
    case: Case
    requests: int
    open: int


def chased_most(scope: QuerySet[UpdateRequest], limit: int = 20) -> list[ChasedCase]:
    """The cases with the most requests for an update (a case chased often is a case where the
    victim is not being told enough)."""
    counts = (
        scope.values("case_id")
        .annotate(n=Count("id"), still_open=Count("id", filter=Q(duty__state=Duty.State.OPEN)))
        .order_by("-n", "case_id")[:limit]
    )
    rows = list(counts)
    cases = Case.objects.with_header().in_bulk([r["case_id"] for r in rows])
    return [ChasedCase(cases[r["case_id"]], r["n"], r["still_open"]) for r in rows]


def by_requester(scope: QuerySet[UpdateRequest]) -> Counter[str]:
    return Counter(dict(scope.values_list("requester").annotate(n=Count("id")).values_list("requester", "n")))
