"""The silence before each victim contact, kept on the contact itself (TimelineEvent.silent_since):
when the silence the contact ended began, i.e. the case's previous victim contact (strictly
earlier), or when the crime was reported for the case's first contact.

Oversight's "longest silence" is then a MAX over a range of one partial index, with no per-contact
seek (decision 0027). Two ways in, both here:

- `after_contact(event)`: a contact recorded through cases.services.record_victim_contact, inside
  its transaction. A contact recorded late (before a contact already on the timeline) also
  shortens the silence of the contact that followed it.
- `fill()`: ONE set-based UPDATE, for bulk loaders (the demo generator, synthetic histories, the
  migration that added the column) after their inserts: every contact of every case that has a
  contact without its value is recomputed, so contacts loaded into a case that already had some
  are right too. Loaders need no per-row logic.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from lantern.cases.models import Case, TimelineEvent

CONTACT = TimelineEvent.Kind.VICTIM_CONTACT


def after_contact(event: TimelineEvent) -> None:
    """Set the new contact's silence, and move the start of the next contact's silence to it when
    the new one falls between that contact and the one before it. Call inside the transaction
    that recorded the contact, with the case row locked."""
    contacts = TimelineEvent.objects.filter(kind=CONTACT, case_id=event.case_id)
    before = (
        contacts.filter(recorded_at__lt=event.recorded_at)
        .order_by("-recorded_at")
        .values_list("recorded_at", flat=True)
        .first()
    )
    if before is None:
        before = Case.objects.filter(pk=event.case_id).values_list("reported_at", flat=True).get()
    TimelineEvent.objects.filter(pk=event.pk).update(silent_since=before)
    event.silent_since = before
    # Only the contacts at the earliest time after the new one began their silence before it.
    contacts.filter(recorded_at__gt=event.recorded_at, silent_since__lt=event.recorded_at).update(
        silent_since=event.recorded_at
    )


def fill() -> int:
    """Compute silent_since for every victim contact of every case with a contact still without
    it, in one UPDATE; returns the number of contacts written."""
    contacts = TimelineEvent.objects.filter(kind=CONTACT)
    previous = (
        contacts.filter(case_id=OuterRef("case_id"), recorded_at__lt=OuterRef("recorded_at"))
        .order_by("-recorded_at")
        .values("recorded_at")[:1]
    )
    reported = Case.objects.filter(pk=OuterRef("case_id")).values("reported_at")[:1]
    unfilled = contacts.filter(silent_since__isnull=True).values("case_id")
    return contacts.filter(case_id__in=unfilled).update(silent_since=Coalesce(Subquery(previous), Subquery(reported)))
