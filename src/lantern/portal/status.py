"""What a victim's own page shows, as plain data: what has happened (event kinds, never notes,
suspects or other victims), their officer and how to reach them, when they will next hear, their
rights, the decisions they were told of with their letters, and their advocate. The template turns
each kind into plain words in the victim's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lantern.cases.models import AdvocateAssignment, Case
from lantern.decisions import reviews
from lantern.decisions.models import DecisionLetter, ReviewRight
from lantern.notify.models import Letter
from lantern.orders.queries import live_order
from lantern.people.models import Person
from lantern.victims_code import services as vc_services
from lantern.victims_code.models import CaseEvent, ContactPlan, Duty, EventKind, VictimUpdate
from lantern.victims_code.working_days import london_day

# Event kinds in plain words (the template translates each phrase key).
PLAIN_EVENT = {
    EventKind.CRIME_RECORDED: "recorded",
    EventKind.NOT_INVESTIGATED: "decision",
    EventKind.SUSPECT_ARRESTED: "arrested",
    EventKind.SUSPECT_INTERVIEWED: "interviewed",
    EventKind.RELEASED_NO_CHARGE: "released",
    EventKind.RELEASED_ON_BAIL: "released",
    EventKind.RELEASED_UNDER_INVESTIGATION: "released",
    EventKind.BAIL_CHANGED: "released",
    EventKind.CHARGED: "charged",
    EventKind.NOT_CHARGED: "decision",
    EventKind.OUT_OF_COURT_DISPOSAL: "decision",
    EventKind.CPS_DECISION: "decision",
    EventKind.COURT_HEARING: "court",
    EventKind.COURT_RESULT: "court",
    EventKind.CASE_TRANSFERRED: "moved",
    EventKind.OFFICER_CHANGED: "new_officer",
    EventKind.REVIEW_RIGHT: "decision",
    EventKind.WRITTEN_REASONS: "asked",
    EventKind.REVIEW_REQUESTED: "asked",
    EventKind.CASE_REOPENED: "reopened",
    EventKind.UPDATE_REQUESTED: "asked",
}


@dataclass
class Happening:
    on: dt.date
    kind: str  # a PLAIN_EVENT value, or "told" (you were given an update)


@dataclass
class DecisionRow:
    kind: str
    told_on: dt.date
    review_closes_on: dt.date | None
    letters: list[Letter] = field(default_factory=list)


@dataclass
class VictimStatus:
    case: Case
    victim: Person
    force: str
    officer_name: str
    officer_phone: str
    officer_email: str
    happened: list[Happening]
    next_hear_by: dt.date | None
    next_hear_late: bool  # the day has passed with the duty still open: say so, never a stale promise
    plan_days: int | None
    enhanced: bool
    decisions: list[DecisionRow]
    letters: list[Letter]
    advocate: AdvocateAssignment | None
    closed: bool
    # A prevention or risk order in force arose from this case (issue 14): said in plain words,
    # never its private details (the person it names, its prohibitions).
    protected_by_order: bool = False


def _happened(case: Case, victim: Person) -> list[Happening]:
    rows: list[Happening] = []
    events = CaseEvent.objects.filter(case=case).order_by("occurred_at", "id")
    victim_events = set(Duty.objects.filter(case=case, victim=victim).values_list("event_id", flat=True))
    for event in events:
        # An event that concerns only some victims (one victim's request) is shown only to them.
        if event.kind in (EventKind.UPDATE_REQUESTED, EventKind.REVIEW_REQUESTED, EventKind.WRITTEN_REASONS):
            if event.pk not in victim_events:
                continue
        rows.append(Happening(london_day(event.occurred_at), PLAIN_EVENT.get(EventKind(event.kind), "recorded")))
    for given_at in VictimUpdate.objects.filter(
        case=case, victim=victim, delivery=VictimUpdate.Delivery.GIVEN
    ).values_list("given_at", flat=True):
        if given_at is not None:
            rows.append(Happening(london_day(given_at), "told"))
    rows.sort(key=lambda h: h.on)
    return rows


def victim_status(case: Case, victim: Person, today: dt.date) -> VictimStatus:
    officer = case.officer_in_charge
    open_dues = list(
        Duty.objects.filter(case=case, victim=victim, state=Duty.State.OPEN)
        .order_by("due_on")
        .values_list("due_on", flat=True)[:1]
    )
    plan = ContactPlan.objects.filter(case=case, victim=victim, superseded_at__isnull=True).first()
    decisions: list[DecisionRow] = []
    letters_by_decision: dict[int, list[Letter]] = {}
    for dl in DecisionLetter.objects.filter(decision__case=case, victim=victim).select_related("letter", "update"):
        if dl.update is None or dl.update.delivery == VictimUpdate.Delivery.GIVEN:
            letters_by_decision.setdefault(dl.decision_id, []).append(dl.letter)
    for right in ReviewRight.objects.filter(decision__case=case, victim=victim).select_related("decision"):
        told_on = reviews.told_on(right)
        if told_on is None:
            continue
        closes = reviews.window_closes_on(right) if right.eligible else None
        decisions.append(
            DecisionRow(
                right.decision.kind,
                told_on,
                closes if closes and closes >= today else None,
                letters_by_decision.get(right.decision_id, []),
            )
        )
    update_letters = [
        u.letter
        for u in VictimUpdate.objects.filter(
            case=case, victim=victim, delivery=VictimUpdate.Delivery.GIVEN, letter__isnull=False
        ).select_related("letter")
        if u.letter is not None
    ]
    advocate = (
        AdvocateAssignment.objects.standing()
        .filter(person=victim)
        .select_related("advocate", "organisation")
        .order_by("-id")
        .first()
    )
    return VictimStatus(
        case=case,
        victim=victim,
        force=case.force.name,
        officer_name=officer.display_name,
        officer_phone=officer.phone,
        officer_email=officer.email,
        happened=_happened(case, victim),
        next_hear_by=open_dues[0] if open_dues else None,
        next_hear_late=bool(open_dues) and open_dues[0] < today,
        plan_days=plan.interval_days if plan else None,
        enhanced=vc_services.enhanced_rights(case, victim).enhanced,
        decisions=decisions,
        letters=update_letters,
        advocate=advocate,
        closed=case.status == "closed",
        protected_by_order=case.orders.filter(live_order(today)).exists(),
    )


def letter_for_victim(case: Case, victim: Person, letter_id: int) -> Letter | None:
    """A letter the victim may download: one sent to them on this case (and given)."""
    status_letters = {
        letter.pk
        for row in victim_status(case, victim, london_day(case.reported_at)).decisions
        for letter in row.letters
    }
    updates = set(
        VictimUpdate.objects.filter(
            case=case, victim=victim, delivery=VictimUpdate.Delivery.GIVEN, letter__isnull=False
        ).values_list("letter_id", flat=True)
    )
    if letter_id not in status_letters | updates:
        return None
    return Letter.objects.filter(pk=letter_id, person=victim).first() or Letter.objects.filter(pk=letter_id).first()
