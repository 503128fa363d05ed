"""The immigration information-sharing ledger and immigration status changes (F7).

Every sharing of a victim's or witness's information with the Home Office is a recorded
decision: proposed with what, why and on what legal basis, and whether the person was told;
approved or refused by a supervisor who did not propose it. A change in a victim's or witness's
immigration status while their case is open alerts the officer in charge.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case, CaseParty, CaseStatus
from lantern.core import audit
from lantern.core.access import AccessDenied, can_handle_safeguarding, can_review_safeguarding
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.people.models import Person
from lantern.safeguarding import rules
from lantern.safeguarding.alert_mail import alert_and_email, alert_key
from lantern.safeguarding.models import ImmigrationShare, ImmigrationStatusEvent, SafeguardingAlert

Share = ImmigrationShare


def propose(  # noqa: C901 - one guard clause per ledger field; to split (issue 8 item 5)
    actor: User,
    *,
    person: Person,
    case: Case | None,
    subject_role: str,
    recipient: str,
    shared_what: str,
    purpose: str,
    purpose_detail: str,
    legal_basis: str,
    legal_basis_detail: str,
    victim_told: str,
    victim_told_on: date | None,
    victim_not_told_reason: str,
) -> ImmigrationShare:
    if not can_handle_safeguarding(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff record information sharing.")
    if case is not None:
        if case.force_id != actor.force_id:
            raise AccessDenied("You can record sharing only on cases of your own force.")
        if not CaseParty.objects.filter(case=case, person=person).exists():
            raise invalid("person", "This person is not in that case.")
    if subject_role not in ("victim", "witness", "victim_suspect"):
        raise invalid("subject_role", "Select whether the person is a victim or a witness.")
    if recipient not in Share.Recipient.values:
        raise invalid("recipient", "Select who the information would go to.")
    if not shared_what.strip():
        raise invalid("shared_what", "Say exactly what would be shared.")
    if purpose not in Share.Purpose.values:
        raise invalid("purpose", "Select the purpose of sharing.")
    if purpose == Share.Purpose.STATUS_CONCERN_ONLY and not purpose_detail.strip():
        raise invalid("purpose_detail", "Explain why sharing on doubts about status alone is necessary here.")
    if legal_basis not in Share.LegalBasis.values:
        raise invalid("legal_basis", "Select the legal basis for sharing.")
    if legal_basis == Share.LegalBasis.OTHER and not legal_basis_detail.strip():
        raise invalid("legal_basis_detail", "Describe the legal basis.")
    if victim_told not in Share.Told.values:
        raise invalid("victim_told", "Select whether the person has been told.")
    if victim_told == Share.Told.YES:
        if victim_told_on is None:
            raise invalid("victim_told_on", "Enter the date the person was told.")
        if victim_told_on > timezone.localdate():
            raise invalid("victim_told_on", "The date the person was told cannot be in the future.")
    elif victim_told == Share.Told.NO and not victim_not_told_reason.strip():
        raise invalid("victim_not_told_reason", "Say why the person will not be told.")
    with transaction.atomic():
        share = Share.objects.create(
            force=actor.force,
            case=case,
            person=person,
            subject_role=subject_role,
            recipient=recipient,
            shared_what=shared_what.strip(),
            purpose=purpose,
            purpose_detail=purpose_detail.strip(),
            legal_basis=legal_basis,
            legal_basis_detail=legal_basis_detail.strip(),
            victim_told=victim_told,
            victim_told_on=victim_told_on if victim_told == Share.Told.YES else None,
            victim_not_told_reason=victim_not_told_reason.strip(),
            proposed_by=actor,
        )
        audit.record(actor, audit.Action.COLLECTION, share, detail="immigration sharing proposed")
    return share


def concerns(share: ImmigrationShare) -> list[str]:
    return rules.sharing_concerns(share.subject_role, share.purpose, share.victim_told, share.victim_not_told_reason)


def decide(actor: User, share: ImmigrationShare, *, approve: bool, note: str) -> ImmigrationShare:
    """A supervisor of the force, not the proposer, approves (the sharing is then made and
    recorded as a disclosure) or refuses. Approving despite concerns needs a note."""
    if not can_review_safeguarding(actor) or actor.force_id != share.force_id:
        raise AccessDenied("A supervisor of the force approves sharing with the Home Office.")
    if share.proposed_by_id == actor.pk:
        raise AccessDenied("Sharing is approved by someone other than the officer who proposed it.")
    if share.status != Share.Status.PROPOSED:
        raise invalid("status", f"This sharing was already {share.get_status_display().lower()}.")
    if not note.strip() and (not approve or concerns(share)):
        raise invalid("decision_note", "Record the reason for your decision.")
    with transaction.atomic():
        share.status = Share.Status.APPROVED if approve else Share.Status.REFUSED
        share.approver = actor
        share.decided_at = timezone.now()
        share.decision_note = note.strip()
        share.save(update_fields=["status", "approver", "decided_at", "decision_note"])
        if approve:
            audit.record(
                actor,
                audit.Action.DISCLOSURE,
                share.person,
                recipients=share.get_recipient_display(),
                reason=share.get_purpose_display(),
                detail=f"immigration share {share.pk}",
            )
        audit.record(actor, audit.Action.ALTERATION, share, detail=share.status)
    return share


def record_told(actor: User, share: ImmigrationShare, told_on: date) -> ImmigrationShare:
    if not can_handle_safeguarding(actor) or actor.force_id != share.force_id:
        raise AccessDenied("Only police of the force can update this entry.")
    if told_on > timezone.localdate():
        raise invalid("victim_told_on", "The date the person was told cannot be in the future.")
    Share.objects.filter(pk=share.pk).update(victim_told=Share.Told.YES, victim_told_on=told_on)
    audit.record(actor, audit.Action.ALTERATION, share, detail="person told")
    share.refresh_from_db()
    return share


def record_status_change(
    actor: User, *, person: Person, kind: str, occurred_on: date | None, source: str
) -> tuple[ImmigrationStatusEvent, int]:
    """Record a change of immigration status; alert the officer in charge of every open case in
    which the person is a victim or witness. Returns the event and the number of alerts."""
    if not can_handle_safeguarding(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff record immigration status changes.")
    if kind not in ImmigrationStatusEvent.Kind.values:
        raise invalid("kind", "Select what changed.")
    if occurred_on is None or occurred_on > timezone.localdate():
        raise invalid("occurred_on", "Enter the date of the change, today or earlier.")
    if not source.strip():
        raise invalid("source", "Say how you learned of it.")
    alerts = 0
    with transaction.atomic():
        event = ImmigrationStatusEvent.objects.create(
            force=actor.force,
            person=person,
            kind=kind,
            occurred_on=occurred_on,
            source=source.strip(),
            recorded_by=actor,
        )
        audit.record(actor, audit.Action.COLLECTION, event)
        parties = (
            CaseParty.objects.filter(person=person)
            .exclude(case__status=CaseStatus.CLOSED)
            .select_related("case", "case__officer_in_charge", "case__force")
        )
        by_case: dict[int, list[str]] = {}
        cases: dict[int, Case] = {}
        for party in parties:
            by_case.setdefault(party.case_id, []).append(party.role)
            cases[party.case_id] = party.case
        for case_id, roles in by_case.items():
            if rules.status_change_alerts(kind, roles):
                case = cases[case_id]
                alert_and_email(
                    case.officer_in_charge,
                    SafeguardingAlert.Kind.IMMIGRATION_STATUS,
                    f"{event.get_kind_display()} for a victim or witness in case {case.full_reference}",
                    case,
                    key=alert_key("immigration_status", event.pk, case),
                )
                alerts += 1
    return event, alerts
