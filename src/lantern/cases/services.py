"""Operations on cases. Each is one explicit function: it checks the rules, opens a transaction,
writes the change, the timeline and the audit log, and returns the result. Pages, the API and
the CLI all call these; none writes case records itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db import IntegrityError, transaction
from django.db.models import F

from lantern.cases import silences
from lantern.cases.access import allocates_for, can_manage_ownership, is_case_officer
from lantern.cases.events import CaseRecorded, CaseTransferred, OfficerChanged, PartyAdded
from lantern.cases.models import (
    Case,
    CaseParty,
    CaseReference,
    CaseShare,
    CaseStatus,
    Handover,
    Offence,
    PartyRole,
    TimelineEvent,
    Transfer,
)
from lantern.cases.references import MalformedReference, normalise_reference, prefixed, validate_reference
from lantern.core import audit, clock, events
from lantern.core.access import AccessDenied, can_record_cases
from lantern.core.errors import Conflict, invalid
from lantern.core.models import Force, User
from lantern.core.roles import Capability, roles_with
from lantern.people.models import Person

Kind = TimelineEvent.Kind


def add_timeline(
    case: Case, kind: str, summary: str, recorded_by: User | None, recorded_at: datetime | None = None
) -> TimelineEvent:
    """One entry on the case's timeline, at recorded_at (now unless given: a victim contact's time)."""
    return TimelineEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary[:255],
        recorded_by=recorded_by,
        recorded_at=recorded_at or clock.now(),
        force_id=case.force_id,
    )


def _record_version(case: Case, reason: str) -> None:
    """Reload after a guarded UPDATE and write the new state to the case's history
    (simple_history records on save, and a conditional UPDATE does not call save)."""
    case.refresh_from_db()
    case._change_reason = reason  # type: ignore[attr-defined]
    case.save()


def _check_crime_reference(force: Force, raw: str, *, field: str = "crime_reference") -> tuple[str, str]:
    try:
        value = validate_reference(raw)
    except MalformedReference as exc:
        raise invalid(field, str(exc)) from exc
    normalised = normalise_reference(value)
    if Case.objects.filter(force=force, crime_reference_normalised=normalised).exists():
        raise invalid(field, f"{force.name} already has a case with crime reference {value}.")
    return value, normalised


def _check_officer(officer: User, force: Force, field: str) -> None:
    if not officer.can_hold_cases:
        raise invalid(field, f"{officer.display_name} cannot hold cases (role: {officer.get_role_display()}).")
    if officer.force_id != force.pk:
        raise invalid(field, f"{officer.display_name} is not an officer of {force.name}.")


def triage_officer(force: Force) -> User | None:
    """Who holds a crime recorded by someone who cannot hold cases (a frontline officer): the
    force's modern slavery SPOC, who triages and allocates it."""
    triage = User.objects.filter(force=force, role__in=roles_with(Capability.TRIAGES), is_active=True)
    return triage.order_by("pk").first()


@dataclass(frozen=True)
class NewCase:
    crime_reference: str
    summary: str = ""
    exploitation_types: tuple[str, ...] = ()
    officer_in_charge: User | None = None
    reported_at: datetime | None = None


def record_case(actor: User, data: NewCase) -> Case:
    """Record a crime in the actor's force. The actor holds it unless an officer is named."""
    if not can_record_cases(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff can record a crime.")
    force = actor.force
    officer = data.officer_in_charge or (actor if actor.can_hold_cases else triage_officer(force))
    if officer is None:
        raise invalid("officer_in_charge", f"Name the officer in charge: {force.name} has no SPOC to triage it.")
    _check_officer(officer, force, "officer_in_charge")
    reported_at = data.reported_at or clock.now()
    if reported_at > clock.now():
        raise invalid("reported_at", "The date reported cannot be in the future.")
    value, normalised = _check_crime_reference(force, data.crime_reference)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                force=force,
                crime_reference=value,
                crime_reference_normalised=normalised,
                summary=data.summary,
                exploitation_types=list(data.exploitation_types),
                reported_at=reported_at,
                officer_in_charge=officer,
                recorded_by=actor,
            )
            CaseReference.objects.create(
                case=case,
                kind=CaseReference.Kind.CRIME,
                issuer=force.code,
                value=value,
                normalised=normalised,
                prefixed=prefixed(force.code, normalised),
            )
            add_timeline(
                case,
                Kind.CASE_RECORDED,
                f"Crime recorded as {force.code} {value}; officer in charge {officer.display_name}",
                actor,
            )
            audit.record(actor, audit.Action.COLLECTION, case)
            events.publish(CaseRecorded(case, actor))
    except IntegrityError as exc:  # two people recording the same reference at the same moment
        raise invalid("crime_reference", f"{force.name} already has a case with crime reference {value}.") from exc
    return case


def edit_case(actor: User, case: Case, *, expected_version: int, summary: str, status: str) -> Case:
    """Change a case's summary or status. Refused with Conflict if someone saved since
    expected_version was loaded, so the second of two concurrent edits never overwrites the first."""
    if not is_case_officer(actor, case):
        raise AccessDenied("Only officers of the force holding the case can change it.")
    if status not in CaseStatus.values:
        raise invalid("status", f"{status!r} is not a case status.")
    if status != case.status and CaseStatus.CLOSED in (status, case.status):
        # Closing goes through the closure gate, reopening restores the duties (lantern.decisions).
        raise invalid(
            "status",
            "Close a case by proposing a decision on its Decisions page (enquiries, the victim's account, "
            "sign-off and written reasons are needed first); reopen it there too."
            if status == CaseStatus.CLOSED
            else "This case is closed: reopen it from its Decisions page, so the victim's duties are restored.",
        )
    changed = [name for name, new in (("summary", summary), ("status", status)) if getattr(case, name) != new]
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            summary=summary, status=status, version=F("version") + 1, updated_at=clock.now()
        )
        if not updated:
            raise Conflict()
        _record_version(case, "edit")
        if "status" in changed:
            add_timeline(case, Kind.STATUS_CHANGED, f"Status changed to {case.get_status_display()}", actor)
        if "summary" in changed:
            add_timeline(case, Kind.CASE_EDITED, "Case summary changed", actor)
        audit.record(actor, audit.Action.ALTERATION, case, detail="fields: " + ",".join(changed))
    return case


class StatusDecision(Protocol):
    """A decision that moves a case's status (lantern.decisions.models.Decision; cases imports
    nothing above it): it says whether it, in effect on this case, closes or reopens it."""

    def closes_case(self, case: Case) -> bool: ...

    def reopens_case(self, case: Case) -> bool: ...


def _write_status(actor: User | None, case: Case, status: str, summary: str) -> None:
    """Write the status with its version, history, timeline and audit entry (inside the caller's
    transaction or its own)."""
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=status, version=F("version") + 1, updated_at=clock.now())
        _record_version(case, summary[:100])
        add_timeline(case, Kind.STATUS_CHANGED, summary, actor)
        audit.record(actor, audit.Action.ALTERATION, case, detail="status " + status)


def change_status(actor: User | None, case: Case, status: str, summary: str) -> None:
    """Move an open case between open statuses as its investigation goes (charged, with the CPS, at
    court; lantern.decisions). Closing and reopening have their own guarded services."""
    if status not in CaseStatus.values:
        raise invalid("status", f"{status!r} is not a case status.")
    if CaseStatus.CLOSED in (status, case.status):
        raise invalid("status", "A case is closed and reopened only by a decision in effect.")
    _write_status(actor, case, status, summary)


def close_case(actor: User | None, case: Case, summary: str, *, by_decision: StatusDecision) -> None:
    """Close the case: only through the decision flow, by a closing decision in effect on it."""
    if not by_decision.closes_case(case):
        raise invalid("status", "A case is closed only by a signed-off closing decision put into effect.")
    _write_status(actor, case, CaseStatus.CLOSED, summary)


def reopen_case(actor: User | None, case: Case, summary: str, *, by_decision: StatusDecision) -> None:
    """Reopen a closed case (under investigation again): only by a decision to reopen in effect."""
    if case.status != CaseStatus.CLOSED:
        raise invalid("status", "The case is not closed.")
    if not by_decision.reopens_case(case):
        raise invalid("status", "A case is reopened only by a decision to reopen it.")
    _write_status(actor, case, CaseStatus.INVESTIGATING, summary)


def add_party(actor: User, case: Case, person: Person, role: str) -> CaseParty:
    if not is_case_officer(actor, case):
        raise AccessDenied("Only officers of the force holding the case can add people to it.")
    if role not in PartyRole.values:
        raise invalid("role", f"{role!r} is not a role in a case: choose victim, suspect, witness or victim_suspect.")
    if CaseParty.objects.filter(case=case, person=person, role=role).exists():
        raise invalid("person", "This person is already in the case in that role.")
    with transaction.atomic():
        party = CaseParty.objects.create(case=case, person=person, role=role)
        add_timeline(case, Kind.PARTY_ADDED, f"{party.get_role_display()} added", actor)
        audit.record(actor, audit.Action.COMBINATION, party, detail=f"person {person.pk} into case {case.pk}")
        events.publish(PartyAdded(case, person, role, actor))
    return party


def add_offence(actor: User, case: Case, legislation: str, description: str = "") -> Offence:
    if not is_case_officer(actor, case):
        raise AccessDenied("Only officers of the force holding the case can add offences.")
    if legislation not in Offence.Legislation.values:
        raise invalid("legislation", f"{legislation!r} is not a known offence.")
    if legislation == Offence.Legislation.OTHER and not description.strip():
        raise invalid("description", "Describe the offence.")
    with transaction.atomic():
        offence = Offence.objects.create(case=case, legislation=legislation, description=description)
        add_timeline(case, Kind.OFFENCE_ADDED, f"Offence added: {offence.get_legislation_display()}", actor)
    return offence


# --- Ownership: exactly one accountable officer at every moment -----------------------------


def offer_handover(actor: User, case: Case, to_officer: User, reason: str) -> Handover:
    """Offer the case to a named officer. Until they accept, the current officer stays accountable."""
    if not can_manage_ownership(actor, case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can hand this case over.")
    _check_officer(to_officer, case.force, "to_officer")
    if to_officer.pk == case.officer_in_charge_id:
        raise invalid("to_officer", f"{to_officer.display_name} is already the officer in charge.")
    if not reason.strip():
        raise invalid("reason", "Say why the case is being handed over.")
    if Handover.objects.filter(case=case, state=Handover.State.OFFERED).exists():
        raise invalid("to_officer", "This case already has a handover waiting; withdraw it first.")
    with transaction.atomic():
        handover = Handover.objects.create(
            case=case, from_officer=case.officer_in_charge, to_officer=to_officer, offered_by=actor, reason=reason
        )
        add_timeline(case, Kind.HANDOVER_OFFERED, f"Handover offered to {to_officer.display_name}", actor)
    return handover


def allocate_officer(actor: User, case: Case, officer: User, note: str = "") -> Case:
    """Name the officer in charge at once, without an offer (lantern.triage's allocation by a SPOC
    or supervisor of the case's force). Refused for an inactive user or one who cannot hold cases."""
    if not allocates_for(actor, case.force_id):
        raise AccessDenied("Only a supervisor or SPOC of the case's force can allocate it.")
    if not officer.is_active:
        raise invalid("officer", f"{officer.display_name}'s account is not active: choose an active officer.")
    _check_officer(officer, case.force, "officer")
    summary = f"Allocated by triage to {officer.display_name}" + (f": {note}" if note else "")
    with transaction.atomic():
        previous_id = case.officer_in_charge_id
        if officer.pk != previous_id:
            Case.objects.filter(pk=case.pk).update(
                officer_in_charge=officer, version=F("version") + 1, updated_at=clock.now()
            )
            _record_version(case, "allocated by triage")
        add_timeline(case, Kind.HANDOVER_ACCEPTED, summary, actor)
        audit.record(actor, audit.Action.ALTERATION, case, detail="officer in charge (triage allocation)")
        if officer.pk != previous_id:
            events.publish(OfficerChanged(case, officer, actor))
    return case


def _open_handover(handover: Handover) -> None:
    if handover.state != Handover.State.OFFERED:
        raise invalid("handover", f"This handover was already {handover.get_state_display().lower()}.")


def accept_handover(actor: User, handover: Handover) -> Case:
    _open_handover(handover)
    if actor.pk != handover.to_officer_id:
        raise AccessDenied("Only the officer it was offered to can accept a handover.")
    case = handover.case
    _check_officer(actor, case.force, "to_officer")
    with transaction.atomic():
        now = clock.now()
        Handover.objects.filter(pk=handover.pk).update(state=Handover.State.ACCEPTED, decided_at=now)
        previous = case.officer_in_charge
        Case.objects.filter(pk=case.pk).update(officer_in_charge=actor, version=F("version") + 1, updated_at=now)
        _record_version(case, "handover accepted")
        add_timeline(
            case,
            Kind.HANDOVER_ACCEPTED,
            f"Officer in charge changed from {previous.display_name} to {actor.display_name}",
            actor,
        )
        audit.record(actor, audit.Action.ALTERATION, case, detail="officer in charge")
        events.publish(OfficerChanged(case, actor, actor))
    handover.refresh_from_db()
    return case


def decline_handover(actor: User, handover: Handover, note: str) -> Handover:
    _open_handover(handover)
    if actor.pk != handover.to_officer_id:
        raise AccessDenied("Only the officer it was offered to can decline a handover.")
    if not note.strip():
        raise invalid("decision_note", "Say why you are declining, so the case can go to someone else.")
    with transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(
            state=Handover.State.DECLINED, decided_at=clock.now(), decision_note=note
        )
        add_timeline(handover.case, Kind.HANDOVER_DECLINED, f"Handover declined by {actor.display_name}", actor)
    handover.refresh_from_db()
    return handover


def withdraw_handover(actor: User, handover: Handover) -> Handover:
    _open_handover(handover)
    if not can_manage_ownership(actor, handover.case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can withdraw a handover.")
    with transaction.atomic():
        Handover.objects.filter(pk=handover.pk).update(state=Handover.State.WITHDRAWN, decided_at=clock.now())
        add_timeline(handover.case, Kind.HANDOVER_WITHDRAWN, "Handover withdrawn", actor)
    handover.refresh_from_db()
    return handover


def request_transfer(actor: User, case: Case, to_force: Force, reason: str) -> Transfer:
    if not can_manage_ownership(actor, case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can transfer this case.")
    if to_force.pk == case.force_id:
        raise invalid("to_force", f"The case is already with {to_force.name}.")
    if not reason.strip():
        raise invalid("reason", "Say why the case is moving to another force.")
    if Transfer.objects.filter(case=case, state=Transfer.State.REQUESTED).exists():
        raise invalid("to_force", "This case already has a transfer waiting.")
    with transaction.atomic():
        transfer = Transfer.objects.create(
            case=case,
            from_force=case.force,
            to_force=to_force,
            from_reference=case.crime_reference,
            reason=reason,
            requested_by=actor,
        )
        add_timeline(case, Kind.TRANSFER_REQUESTED, f"Transfer to {to_force.name} requested", actor)
    return transfer


def accept_transfer(actor: User, transfer: Transfer, new_crime_reference: str, new_officer: User) -> Case:
    """The receiving force accepts: it issues its own crime reference and names the officer in
    charge. The old reference stays on the case and still finds it; all history stays."""
    if transfer.state != Transfer.State.REQUESTED:
        raise invalid("transfer", f"This transfer was already {transfer.get_state_display().lower()}.")
    if not allocates_for(actor, transfer.to_force_id):
        raise AccessDenied("A supervisor or SPOC of the receiving force accepts a transfer.")
    to_force = transfer.to_force
    _check_officer(new_officer, to_force, "new_officer")
    value, normalised = _check_crime_reference(to_force, new_crime_reference, field="new_crime_reference")
    case = transfer.case
    with transaction.atomic():
        now = clock.now()
        CaseReference.objects.filter(case=case, kind=CaseReference.Kind.CRIME).update(
            kind=CaseReference.Kind.PREVIOUS_CRIME
        )
        CaseReference.objects.create(
            case=case,
            kind=CaseReference.Kind.CRIME,
            issuer=to_force.code,
            value=value,
            normalised=normalised,
            prefixed=prefixed(to_force.code, normalised),
        )
        Case.objects.filter(pk=case.pk).update(
            force=to_force,
            crime_reference=value,
            crime_reference_normalised=normalised,
            officer_in_charge=new_officer,
            version=F("version") + 1,
            updated_at=now,
        )
        Transfer.objects.filter(pk=transfer.pk).update(
            state=Transfer.State.ACCEPTED, decided_by=actor, decided_at=now, to_reference=value
        )
        _record_version(case, "transfer accepted")
        add_timeline(
            case,
            Kind.TRANSFER_ACCEPTED,
            f"Transferred from {transfer.from_force.code} {transfer.from_reference} to {to_force.code} {value}; "
            f"officer in charge {new_officer.display_name}",
            actor,
        )
        audit.record(actor, audit.Action.DISCLOSURE, case, recipients=to_force.name, reason=transfer.reason[:200])
        events.publish(CaseTransferred(case, new_officer, actor))
    return case


def decline_transfer(actor: User, transfer: Transfer, note: str) -> Transfer:
    if transfer.state != Transfer.State.REQUESTED:
        raise invalid("transfer", f"This transfer was already {transfer.get_state_display().lower()}.")
    if not allocates_for(actor, transfer.to_force_id):
        raise AccessDenied("A supervisor or SPOC of the receiving force declines a transfer.")
    if not note.strip():
        raise invalid("note", "Say why the transfer is declined.")
    with transaction.atomic():
        Transfer.objects.filter(pk=transfer.pk).update(
            state=Transfer.State.DECLINED, decided_by=actor, decided_at=clock.now()
        )
        add_timeline(
            transfer.case,
            Kind.TRANSFER_DECLINED,
            f"{transfer.to_force.name} declined the transfer: {note[:150]}",
            actor,
        )
    transfer.refresh_from_db()
    return transfer


def withdraw_transfer(actor: User, transfer: Transfer, reason: str = "") -> Transfer:
    """The sending force takes back a transfer request before the receiving force decides it.
    Refused once decided: an accepted case is the other force's to send back, a declined one
    stayed here anyway."""
    if transfer.state != Transfer.State.REQUESTED:
        raise invalid(
            "transfer",
            f"This transfer was already {transfer.get_state_display().lower()}, so it can no longer be withdrawn.",
        )
    if actor.force_id != transfer.from_force_id or not can_manage_ownership(actor, transfer.case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC of the sending force can withdraw it.")
    with transaction.atomic():
        updated = Transfer.objects.filter(pk=transfer.pk, state=Transfer.State.REQUESTED).update(
            state=Transfer.State.WITHDRAWN, decided_by=actor, decided_at=clock.now()
        )
        if not updated:  # decided a moment ago by the receiving force
            raise invalid("transfer", "This transfer was decided a moment ago, so it can no longer be withdrawn.")
        summary = f"Transfer request to {transfer.to_force.name} withdrawn"
        add_timeline(transfer.case, Kind.NOTE, summary + (f": {reason.strip()[:150]}" if reason.strip() else ""), actor)
        audit.record(actor, audit.Action.ALTERATION, transfer, detail="transfer withdrawn")
    transfer.refresh_from_db()
    return transfer


def share_case(actor: User, case: Case, force: Force, reason: str) -> CaseShare:
    """Let another force see the case (cross-border work): a recorded disclosure."""
    if not can_manage_ownership(actor, case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can share this case.")
    if force.pk == case.force_id:
        raise invalid("force", "A case is always visible to its own force.")
    if not reason.strip():
        raise invalid("reason", "Say why the other force needs to see this case.")
    with transaction.atomic():
        share = CaseShare.objects.create(case=case, force=force, reason=reason, granted_by=actor)
        add_timeline(case, Kind.SHARED, f"Shared with {force.name}", actor)
        audit.record(actor, audit.Action.DISCLOSURE, case, recipients=force.name, reason=reason)
    return share


def record_victim_contact(actor: User, case: Case, at: datetime, how: str) -> TimelineEvent:
    """The minimum the foundation needs: when the victim was last told anything. The Victims'
    Code app builds the full update record on top of this."""
    if at > clock.now():
        raise invalid("at", "The contact cannot be in the future.")
    if at < case.reported_at:
        raise invalid("at", "The contact cannot be before the crime was reported.")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").get()  # one contact at a time
        event = add_timeline(case, Kind.VICTIM_CONTACT, f"Victim contacted ({how})", actor, recorded_at=at)
        silences.after_contact(event)  # the silence it ended, and the next contact's if recorded late
        if case.last_victim_contact_at is None or at > case.last_victim_contact_at:
            Case.objects.filter(pk=case.pk).update(last_victim_contact_at=at)
            case.last_victim_contact_at = at
    return event
