"""What enters the triage queue, from events the lower apps publish (subscribed in
TriageConfig.ready(); no lower app imports triage):

- cases.events.CaseRecorded: every new modern slavery crime;
- safeguarding.events.FirstResponseCompleted: every completed first response (joined to the
  crime's item when its case already has one);
- nrm.events.ReferralReceived: every NRM referral a force receives with no crime yet;
  nrm.events.ReferralMoved: a waiting referral accepted by another force moves to its queue.

A Duty to Notify from a first response without a case enters as a Duty to Notify item. A referral
or Duty to Notify item leaves the open queue once its record is linked to a case (whose crime item
is then the one to triage) or the force records why there is no crime.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.cases.events import CaseRecorded
from lantern.cases.models import Case
from lantern.core import clock
from lantern.core.models import Force
from lantern.nrm.events import ReferralMoved, ReferralReceived
from lantern.nrm.models import DtnCaseLink, NrmCaseLink
from lantern.safeguarding.events import FirstResponseCompleted
from lantern.triage import rules
from lantern.triage.models import TriageItem
from lantern.victims_code.code import working_calendar
from lantern.victims_code.working_days import london_day

Source = TriageItem.Source
OPEN_STATES = (TriageItem.State.WAITING, TriageItem.State.ASSESSED)

# Set while triage itself records the crime for a referral item: the new case joins that item
# instead of entering the queue a second time.
recording_for: ContextVar[TriageItem | None] = ContextVar("triage_recording_for", default=None)


def due_for(at: dt.datetime) -> dt.date:
    return rules.due_on(london_day(at), settings.LANTERN_TRIAGE_WORKING_DAYS, working_calendar())


def enter(force: Force | int, source: str, *, at: dt.datetime | None = None, **links: object) -> TriageItem:
    """Put one item in a force's queue (the handlers, the demo generator and tests)."""
    at = at or clock.now()
    force_id = force if isinstance(force, int) else force.pk
    return TriageItem.objects.create(force_id=force_id, source=source, entered_at=at, due_on=due_for(at), **links)


def on_case_recorded(event: CaseRecorded) -> None:
    item = recording_for.get()
    if item is not None:
        TriageItem.objects.filter(pk=item.pk).update(case=event.case)
        item.case = event.case
        return
    enter(event.case.force_id, Source.CRIME, case=event.case)


def on_first_response(event: FirstResponseCompleted) -> None:
    fr = event.first_response
    if fr.case_id is not None:
        joined = TriageItem.objects.filter(case_id=fr.case_id, state__in=OPEN_STATES).update(first_response_id=fr.pk)
        if joined:
            return
    enter(
        fr.force_id,
        Source.FIRST_RESPONSE if fr.case_id or fr.nrm_referral_id else Source.DUTY_TO_NOTIFY,
        case_id=fr.case_id,
        referral_id=fr.nrm_referral_id,
        duty_to_notify_id=fr.duty_to_notify_id,
        first_response_id=fr.pk,
    )


def on_referral_received(event: ReferralReceived) -> None:
    enter(event.referral.force_id, Source.NRM_REFERRAL, referral=event.referral)


def on_referral_moved(event: ReferralMoved) -> None:
    """A referral accepted by another force takes its waiting triage item with it: the new force's
    SPOC allocates it, and the due day stays (the clock follows the referral, as the alert does)."""
    TriageItem.objects.filter(referral=event.referral, case__isnull=True, state__in=OPEN_STATES).update(
        force=event.to_force
    )


def _settled_elsewhere() -> Q:
    """A referral or Duty to Notify item whose record has since been linked to a case that is not
    the item's own, or whose force recorded why there is no crime: no longer waiting."""
    referral_linked = Exists(NrmCaseLink.objects.filter(referral_id=OuterRef("referral_id")))
    dtn_linked = Exists(DtnCaseLink.objects.filter(notification_id=OuterRef("duty_to_notify_id")))
    return Q(case__isnull=True) & (
        Q(referral_linked) | Q(dtn_linked) | (Q(referral__isnull=False) & ~Q(referral__no_crime_reason=""))
    )


def open_items(force_id: int | None = None) -> QuerySet[TriageItem]:
    """Items still to triage (assess and allocate), optionally of one force."""
    items = TriageItem.objects.filter(state__in=OPEN_STATES).exclude(_settled_elsewhere())
    return items if force_id is None else items.filter(force_id=force_id)


def case_of(item: TriageItem) -> Case | None:
    """The case to allocate: the item's own, else the one its referral or DtN was linked to."""
    if item.case_id is not None:
        return item.case
    if item.referral_id is not None:
        return item.referral.cases.order_by("pk").first() if item.referral else None
    return None
