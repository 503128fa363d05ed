"""One search that finds anything: crime references (current or from before a transfer), NRM and
Duty to Notify references, and people's names in any spelling, optionally with a date of birth.

Every result is a case the user may see (through lantern.cases.access), with what someone looking
for the officer in charge needs: force, status, officer with rank, team, phone and e-mail, and
when the victim was last contacted. NRM referrals with no crime recorded come back as alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q

from lantern.cases.access import case_condition
from lantern.cases.models import Case, CaseParty, CaseReference, PartyRole
from lantern.cases.references import looks_like_reference, normalise_reference
from lantern.core import audit, clock
from lantern.core.access import can_record_cases
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.nrm.access import visible_duty_to_notify, visible_nrm_referrals
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.nrm.passing import spoc_contacts
from lantern.nrm.rules import unlinked_alert_due
from lantern.people.search import find_people

MAX_QUERY_LENGTH = 120


@dataclass
class CaseHit:
    case: Case
    matched_by: str
    score: float
    references: list[CaseReference] = field(default_factory=list)
    matched_name: str = ""


@dataclass
class ReferralAlert:
    """An NRM referral that has reached a force with no crime recorded for it."""

    referral: NrmReferral
    overdue: bool


@dataclass
class HeldElsewhere:
    """An NRM or Duty to Notify reference the user may not follow to a case: which force holds the
    record and how to reach its SPOC. Never the person or the case."""

    kind: str  # "NRM referral" or "Duty to Notify"
    reference: str
    force: Force
    spocs: list[User]


@dataclass
class LookupResult:
    query: str
    cases: list[CaseHit]
    unlinked_referrals: list[ReferralAlert]
    duty_to_notify_without_case: int = 0
    held_elsewhere: list[HeldElsewhere] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.cases and not self.unlinked_referrals


def lookup(
    user: User, query: str, date_of_birth: date | None = None, *, limit: int = 25, now: datetime | None = None
) -> LookupResult:
    """Run a search for `user`. Raises ValidationError (field "q") for unusable input."""
    text = (query or "").strip()
    if not text:
        raise invalid("q", "Enter a crime, NRM or Duty to Notify reference, or a name.")
    if len(text) > MAX_QUERY_LENGTH:
        raise invalid("q", f"A search is at most {MAX_QUERY_LENGTH} characters.")
    if date_of_birth is not None and date_of_birth > clock.today():
        raise invalid("dob", "A date of birth cannot be in the future.")

    may_see = case_condition(user, "case__")
    hits: dict[int, CaseHit] = {}
    alerts: list[ReferralAlert] = []
    dtn_only = 0
    held: list[HeldElsewhere] = []

    if looks_like_reference(text):
        dtn_only, held = _by_reference(user, normalise_reference(text), may_see, hits, alerts, now)

    if not hits and any(ch.isalpha() for ch in text):
        matches = find_people(text)
        if matches:
            scores = {m.person_id: m.score for m in matches}
            parties = CaseParty.objects.filter(person_id__in=list(scores)).filter(may_see)
            if date_of_birth is not None:
                parties = parties.filter(person__date_of_birth=date_of_birth)
            parties = parties.select_related("case").prefetch_related("person__names")
            for party in parties:
                score = scores[party.person_id]
                # A victim's case before a suspect's when both match equally.
                rank = score + (1 if party.role in PartyRole.victim_roles() else 0)
                current = hits.get(party.case_id)
                if current is None or rank > current.score:
                    hits[party.case_id] = CaseHit(
                        case=party.case,
                        matched_by=f"{party.get_role_display()} name",
                        score=rank,
                        matched_name=party.person.display_name,
                    )
            referral_q = visible_nrm_referrals(user).filter(person_id__in=list(scores), cases__isnull=True)
            if date_of_birth is not None:
                referral_q = referral_q.filter(person__date_of_birth=date_of_birth)
            for referral in referral_q.select_related("force", "person")[:limit]:
                alerts.append(ReferralAlert(referral, unlinked_alert_due(referral, now)))

    ordered = sorted(hits.values(), key=lambda h: (-h.score, -h.case.reported_at.timestamp()))[:limit]
    _attach_headers(ordered)
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="search",
        object_id="",
        detail=("cases " + ",".join(str(h.case.pk) for h in ordered))[:255] if ordered else "no cases",
    )
    return LookupResult(
        query=text, cases=ordered, unlinked_referrals=alerts, duty_to_notify_without_case=dtn_only, held_elsewhere=held
    )


def _by_reference(
    user: User, key: str, may_see: Q, hits: dict[int, CaseHit], alerts: list[ReferralAlert], now: datetime | None
) -> tuple[int, list[HeldElsewhere]]:
    """Cases a reference finds (into `hits`), unlinked referrals (into `alerts`); returns the count
    of Duty to Notify records without a case, and what is held where the user may not follow."""
    refs = CaseReference.objects.filter(Q(normalised=key) | Q(prefixed=key)).filter(may_see).select_related("case")
    for ref in refs:
        label = CaseReference.Kind(ref.kind).label
        hits.setdefault(ref.case_id, CaseHit(case=ref.case, matched_by=f"{label} {ref.issuer} {ref.value}", score=100))
    for referral in visible_nrm_referrals(user).filter(reference_normalised=key).select_related("force", "person"):
        if not referral.cases.exists():
            alerts.append(ReferralAlert(referral, unlinked_alert_due(referral, now)))
    dtn_only = visible_duty_to_notify(user).filter(reference_normalised=key, cases__isnull=True).count()
    held = _held_elsewhere(user, key) if not hits and can_record_cases(user) else []
    return dtn_only, held


def _held_elsewhere(user: User, key: str) -> list[HeldElsewhere]:
    """Police who find no case for an NRM or Duty to Notify reference they may not follow learn
    which force holds the record and its SPOC's contacts (decision 0023)."""
    found: list[HeldElsewhere] = []
    referrals = NrmReferral.objects.filter(reference_normalised=key).exclude(pk__in=visible_nrm_referrals(user))
    for referral in referrals.select_related("force"):
        found.append(
            HeldElsewhere("NRM referral", referral.reference, referral.force, list(spoc_contacts(referral.force)))
        )
    records = DutyToNotify.objects.filter(reference_normalised=key).exclude(pk__in=visible_duty_to_notify(user))
    for dtn in records.select_related("force"):
        found.append(HeldElsewhere("Duty to Notify", dtn.reference, dtn.force, list(spoc_contacts(dtn.force))))
    for item in found:
        audit.record(
            user,
            audit.Action.CONSULTATION,
            object_type="search held elsewhere",
            object_id="",
            detail=f"{item.kind} held by {item.force.code}: force and SPOC contacts shown",
        )
    return found


def _attach_headers(hits: list[CaseHit]) -> None:
    """Load force, officer and team, and all references, for the shown cases in two queries."""
    if not hits:
        return
    by_id = {c.pk: c for c in Case.objects.with_header().filter(pk__in=[h.case.pk for h in hits])}
    refs: dict[int, list[CaseReference]] = {}
    for ref in CaseReference.objects.filter(case_id__in=list(by_id)).order_by("recorded_at", "id"):
        refs.setdefault(ref.case_id, []).append(ref)
    for hit in hits:
        hit.case = by_id[hit.case.pk]
        hit.references = refs.get(hit.case.pk, [])
