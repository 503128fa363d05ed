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
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.nrm.access import visible_duty_to_notify, visible_nrm_referrals
from lantern.nrm.models import NrmReferral
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
class LookupResult:
    query: str
    cases: list[CaseHit]
    unlinked_referrals: list[ReferralAlert]
    duty_to_notify_without_case: int = 0

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

    if looks_like_reference(text):
        key = normalise_reference(text)
        refs = CaseReference.objects.filter(Q(normalised=key) | Q(prefixed=key)).filter(may_see).select_related("case")
        for ref in refs:
            label = CaseReference.Kind(ref.kind).label
            hits.setdefault(
                ref.case_id, CaseHit(case=ref.case, matched_by=f"{label} {ref.issuer} {ref.value}", score=100)
            )
        for referral in visible_nrm_referrals(user).filter(reference_normalised=key).select_related("force", "person"):
            if not referral.cases.exists():
                alerts.append(ReferralAlert(referral, unlinked_alert_due(referral, now)))
        dtn_only = visible_duty_to_notify(user).filter(reference_normalised=key, cases__isnull=True).count()

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
    return LookupResult(query=text, cases=ordered, unlinked_referrals=alerts, duty_to_notify_without_case=dtn_only)


def _attach_headers(hits: list[CaseHit]) -> None:
    """Load force, officer and team, and all references, for the shown cases in two queries."""
    if not hits:
        return
    by_id = {c.pk: c for c in Case.objects.with_header().filter(pk__in=[h.case.pk for h in hits])}
    refs: dict[int, list[CaseReference]] = {}
    for ref in CaseReference.objects.filter(case_id__in=list(by_id)).order_by("added_at", "id"):
        refs.setdefault(ref.case_id, []).append(ref)
    for hit in hits:
        hit.case = by_id[hit.case.pk]
        hit.references = refs.get(hit.case.pk, [])
