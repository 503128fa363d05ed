"""The advocate's clients: each consenting client's cases with what the consent lets them see:
the force, the officer in charge and how to reach them, when the victim was last told anything,
the next update due and whether any is overdue, and the decisions already communicated. Never
evidence, suspects, other victims or protected details."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max

from lantern.cases import access as cases_access
from lantern.cases.models import AdvocateAssignment, Case, CaseParty, CaseStatus, PartyRole
from lantern.core.models import User
from lantern.decisions import reviews
from lantern.decisions.models import ReviewRight
from lantern.victims_code.models import Duty, VictimUpdate

SORTS = {
    "name": lambda r: (r.client_name.lower(), r.case_id),
    "force": lambda r: (r.force, r.client_name.lower()),
    "next_due": lambda r: (r.next_due_on is None, r.next_due_on or dt.date.max, r.client_name.lower()),
    "last_told": lambda r: (r.last_told_at is None, r.last_told_at or dt.datetime.max.replace(tzinfo=dt.UTC)),
}


@dataclass
class Officer:
    name: str
    rank: str
    team: str
    phone: str
    email: str


@dataclass
class DecisionTold:
    kind: str
    told_on: dt.date
    review_closes_on: dt.date | None


@dataclass
class ClientRow:
    case_id: int
    client_id: int
    client_name: str
    crime_reference: str
    force: str
    status: str
    status_label: str
    organisation: str
    officer: Officer | None = None
    last_told_at: dt.datetime | None = None
    next_due_on: dt.date | None = None
    overdue: bool = False
    decisions: list[DecisionTold] = field(default_factory=list)
    shares: dict[str, bool] = field(default_factory=dict)


def _row(case: Case, consent: AdvocateAssignment, today: dt.date) -> ClientRow:
    person = consent.person
    row = ClientRow(
        case_id=case.pk,
        client_id=person.pk,
        client_name=person.display_name,
        crime_reference=case.full_reference,
        force=case.force.name,
        status=case.status,
        status_label=CaseStatus(case.status).label,
        organisation=consent.organisation.name if consent.organisation else "",
        shares={
            "officer": consent.share_officer,
            "update_dates": consent.share_update_dates,
            "decisions": consent.share_decisions,
            "next_update": consent.share_next_update,
        },
    )
    if consent.share_officer:
        oic = case.officer_in_charge
        row.officer = Officer(
            oic.get_full_name() or oic.username,
            oic.get_rank_display(),
            oic.team.name if oic.team else "",
            oic.phone,
            oic.email,
        )
    if consent.share_update_dates:
        told = VictimUpdate.objects.filter(case=case, victim=person, delivery=VictimUpdate.Delivery.GIVEN).aggregate(
            last=Max("given_at")
        )["last"]
        single = case.parties.victims().values("person").distinct().count() == 1
        if single and case.last_victim_contact_at and (told is None or case.last_victim_contact_at > told):
            told = case.last_victim_contact_at
        row.last_told_at = told
    if consent.share_next_update:
        open_dues = list(
            Duty.objects.filter(case=case, victim=person, state=Duty.State.OPEN)
            .order_by("due_on")
            .values_list("due_on", flat=True)[:50]
        )
        row.next_due_on = open_dues[0] if open_dues else None
        row.overdue = bool(open_dues) and open_dues[0] < today
    if consent.share_decisions:
        for right in ReviewRight.objects.filter(decision__case=case, victim=person).select_related("decision"):
            told_on = reviews.told_on(right)
            if told_on is not None:
                closes = reviews.window_closes_on(right) if right.eligible else None
                row.decisions.append(DecisionTold(right.decision.get_kind_display(), told_on, closes))
    return row


def client_rows(
    user: User, today: dt.date, *, sort: str = "next_due", force: str = "", overdue_only: bool = False, q: str = ""
) -> list[ClientRow]:
    """The advocate's clients, one row per client and case the advocate may see."""
    consents = list(
        AdvocateAssignment.objects.standing()
        .filter(advocate=user)
        .select_related("person", "organisation")
        .order_by("id")
    )
    if not consents:
        return []
    by_person = {c.person_id: c for c in consents}
    parties = CaseParty.objects.filter(person_id__in=list(by_person), role__in=PartyRole.victim_roles())
    cases = cases_access.visible_cases(user).filter(pk__in=parties.values("case")).with_header()
    victims_by_case: dict[int, list[int]] = {}
    for case_id, person_id in parties.values_list("case_id", "person_id"):
        victims_by_case.setdefault(case_id, []).append(person_id)
    rows = []
    for case in cases:
        for person_id in sorted(set(victims_by_case.get(case.pk, []))):
            rows.append(_row(case, by_person[person_id], today))
    if force:
        rows = [r for r in rows if r.force == force]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    if q.strip():
        needle = q.strip().lower()
        rows = [r for r in rows if needle in r.client_name.lower() or needle in r.crime_reference.lower()]
    rows.sort(key=SORTS.get(sort, SORTS["next_due"]))
    return rows
