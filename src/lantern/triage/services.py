"""Triage operations: assess an item, allocate its case to an officer in charge, group linked
cases as an operation. Each checks the rules, writes in one transaction with the timeline (through
cases.services) and the audit log, and refuses bad input with a ValidationError naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from lantern.cases import services as case_services
from lantern.cases.models import Case
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.nrm import workflows as nrm_workflows
from lantern.triage import access, queue, skills
from lantern.triage.models import Allocation, Assessment, OrganisedCrime, RiskLevel, Skill, TriageItem


@dataclass(frozen=True)
class AssessmentIn:
    risk_to_victim: str
    risk_to_others: str
    organised_crime: str
    safeguarding_done: bool
    safeguarding_note: str = ""
    investigative_opportunities: str = ""
    links: str = ""


def _check_open(user: User, item: TriageItem) -> None:
    if not access.can_triage(user, item):
        raise AccessDenied("Only the triage officer or a supervisor of the item's force can triage it.")
    if item.state == TriageItem.State.ALLOCATED:
        raise invalid("item", "This item was already allocated.")


def assess(actor: User, item: TriageItem, data: AssessmentIn) -> Assessment:
    _check_open(actor, item)
    if data.risk_to_victim not in RiskLevel.values:
        raise invalid("risk_to_victim", "Choose the risk to the victim: high, medium or low.")
    if data.risk_to_others not in RiskLevel.values:
        raise invalid("risk_to_others", "Choose the risk to others: high, medium or low.")
    if data.organised_crime not in OrganisedCrime.values:
        raise invalid("organised_crime", "Say whether organised crime is involved.")
    if not data.safeguarding_done and not data.safeguarding_note.strip():
        raise invalid("safeguarding_note", "Say what safeguarding is still to be done, and by whom.")
    with transaction.atomic():
        assessment = Assessment.objects.create(
            item=item,
            assessed_by=actor,
            risk_to_victim=data.risk_to_victim,
            risk_to_others=data.risk_to_others,
            organised_crime=data.organised_crime,
            safeguarding_done=data.safeguarding_done,
            safeguarding_note=data.safeguarding_note.strip(),
            investigative_opportunities=data.investigative_opportunities.strip(),
            links=data.links.strip(),
        )
        TriageItem.objects.filter(pk=item.pk).update(state=TriageItem.State.ASSESSED)
        case = queue.case_of(item)
        if case is not None:
            case_services.add_timeline(
                case,
                case_services.Kind.CASE_EDITED,
                f"Triage assessment: risk to the victim {assessment.get_risk_to_victim_display().lower()}, "
                f"to others {assessment.get_risk_to_others_display().lower()}",
                actor,
            )
        audit.record(actor, audit.Action.COLLECTION, assessment, detail=f"triage item {item.pk}")
    item.state = TriageItem.State.ASSESSED
    return assessment


@dataclass(frozen=True)
class AllocationIn:
    officer: User
    reason: str = ""
    crime_reference: str = ""  # a referral waiting for a crime: the crime is recorded first


def _case_to_allocate(actor: User, item: TriageItem, data: AllocationIn) -> Case:
    case = queue.case_of(item)
    if case is not None:
        return case
    if item.referral is None:
        raise invalid("item", "Record the crime for this Duty to Notify on the case pages first, then allocate it.")
    if not data.crime_reference.strip():
        raise invalid("crime_reference", "Enter the crime reference to record the crime for this referral.")
    token = queue.recording_for.set(item)
    try:
        return nrm_workflows.record_crime_for_referral(
            actor,
            item.referral,
            case_services.NewCase(
                crime_reference=data.crime_reference,
                summary=f"Crime recorded at triage for NRM referral {item.referral.reference}.",
                officer_in_charge=data.officer,
            ),
        )
    finally:
        queue.recording_for.reset(token)


def allocate(actor: User, item: TriageItem, data: AllocationIn) -> Allocation:
    """Name the officer in charge. An inactive officer or one who cannot hold cases is refused; one
    without the required skills needs a recorded reason (counted: unqualified_allocations)."""
    _check_open(actor, item)
    if not Assessment.objects.filter(item=item).exists():
        raise invalid("item", "Record the triage assessment (with the risk to the victim) before allocating.")
    officer = data.officer
    if not officer.is_active:
        raise invalid("officer", f"{officer.display_name}'s account is not active: choose an active officer.")
    if not officer.can_hold_cases or officer.force_id != item.force_id:
        raise invalid("officer", f"{officer.display_name} cannot hold cases of this force.")
    missing = skills.missing_for(officer, clock.today())
    if missing and not data.reason.strip():
        raise invalid(
            "reason",
            f"{officer.display_name} does not hold every skill required "
            f"({'; '.join(Skill(m).label for m in missing)}): "
            "give the reason for allocating to them.",
        )
    with transaction.atomic():
        case = _case_to_allocate(actor, item, data)
        case_services.allocate_officer(actor, case, officer, "without the required skills" if missing else "")
        allocation = Allocation.objects.create(
            item=item,
            case=case,
            officer=officer,
            allocated_by=actor,
            qualified=not missing,
            missing_skills=missing,
            reason=data.reason.strip(),
        )
        TriageItem.objects.filter(pk=item.pk).update(state=TriageItem.State.ALLOCATED, case=case)
        audit.record(actor, audit.Action.ALTERATION, item, detail=f"allocated case {case.pk} to user {officer.pk}")
    item.refresh_from_db()
    return allocation


def unqualified_allocations(
    force_id: int | None = None, since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """How many allocations went to an officer without the required skills (for oversight)."""
    rows: QuerySet[Allocation] = Allocation.objects.filter(qualified=False)
    if force_id is not None:
        rows = rows.filter(item__force_id=force_id)
    if since is not None:
        rows = rows.filter(allocated_at__date__gte=since)
    if until is not None:
        rows = rows.filter(allocated_at__date__lte=until)
    return rows.count()


def latest_assessment(item: TriageItem) -> Assessment | None:
    return Assessment.objects.filter(item=item).select_related("assessed_by").first()


def lead_force_of(code: str) -> Force:
    force = Force.objects.filter(code__iexact=code.strip()).first()
    if force is None:
        raise invalid("lead_force", f"No force has the code {code.strip()}.")
    return force
