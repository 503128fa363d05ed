"""Alerts to officers, and what safeguarding does when an NRM decision is recorded."""

from __future__ import annotations

from django.utils import timezone

from lantern.cases.models import Case, CaseStatus
from lantern.core.access import AccessDenied
from lantern.core.models import User
from lantern.nrm.events import NrmDecisionRecorded
from lantern.nrm.models import NrmDecision, NrmReferral
from lantern.safeguarding import rules
from lantern.safeguarding.models import SafeguardingAlert

# What update() accepts: fields kept on the model, answers kept in FirstResponse.answers, and
# contact details kept encrypted.


# --- Alerts and NRM decisions -----------------------------------------------------------------------------


def alert(officer: User, kind: str, message: str, case: Case | None = None) -> SafeguardingAlert:
    return SafeguardingAlert.objects.create(officer=officer, case=case, kind=kind, message=message[:255])


def on_nrm_decision(event: NrmDecisionRecorded) -> None:
    """Subscribed to nrm's NrmDecisionRecorded: alert (and e-mail) the officer in charge of each
    open case the person is in. (lantern.decisions subscribes too: a positive conclusive grounds
    decision is new information on each closed case.)"""
    from lantern.safeguarding.alert_mail import alert_and_email, alert_key  # it builds on alert() here

    referral = event.referral
    open_cases = Case.objects.filter(parties__person_id=referral.person_id).exclude(status=CaseStatus.CLOSED)
    for case in open_cases.distinct().select_related("officer_in_charge"):
        alert_and_email(
            case.officer_in_charge,
            SafeguardingAlert.Kind.NRM_DECISION,
            f"{event.label} for a person in case {case.full_reference}",
            case,
            key=alert_key("nrm_decision", event.decision.pk, case),
        )


def recovery_period_of(referral: NrmReferral) -> rules.RecoveryPeriod | None:
    decisions = {d.kind: d for d in referral.decisions.all()}
    rg = decisions.get(NrmDecision.Kind.REASONABLE_GROUNDS)
    if rg is None or not rg.positive:
        return None
    cg = decisions.get(NrmDecision.Kind.CONCLUSIVE_GROUNDS)
    return rules.recovery_period(rg.decided_on, cg.decided_on if cg else None)


def mark_alert_seen(actor: User, alert_obj: SafeguardingAlert) -> None:
    if alert_obj.officer_id != actor.pk:
        raise AccessDenied("This alert is for another officer.")
    SafeguardingAlert.objects.filter(pk=alert_obj.pk, seen_at__isnull=True).update(seen_at=timezone.now())
