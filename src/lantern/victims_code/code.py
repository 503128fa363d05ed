"""Reading the Code data (versions and deadlines) and the working calendar from the database and
settings, for the pure rules in rules.py; and who may do what with duties (composed from the
access policy's capabilities)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from lantern.cases.access import can_manage_ownership, is_case_officer
from lantern.cases.models import Case
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.victims_code.models import CodeVersion, DeadlineRule
from lantern.victims_code.rules import RuleRow, VersionRow
from lantern.victims_code.working_days import WorkingCalendar


@dataclass(frozen=True)
class CodeData:
    versions: tuple[VersionRow, ...]
    rules: tuple[RuleRow, ...]


def load_code() -> CodeData:
    """Every version of the Code and its deadlines (a few dozen rows)."""
    versions = tuple(VersionRow(v.pk, v.code, v.in_force_from) for v in CodeVersion.objects.all())
    rules = tuple(
        RuleRow(r.pk, r.version_id, r.duty_kind, r.standard_working_days, r.enhanced_working_days)
        for r in DeadlineRule.objects.all()
    )
    return CodeData(versions, rules)


def working_calendar() -> WorkingCalendar:
    raw = [part.strip() for part in settings.LANTERN_EXTRA_BANK_HOLIDAYS.split(",") if part.strip()]
    try:
        extra = frozenset(dt.date.fromisoformat(part) for part in raw)
    except ValueError as exc:
        raise ValueError(f"LANTERN_EXTRA_BANK_HOLIDAYS must be ISO dates, comma-separated: {exc}") from exc
    return WorkingCalendar(extra_holidays=extra)


# --- Who may do what -------------------------------------------------------------------------


def can_see_duties(user: User) -> bool:
    """Police who can see a case see its duties (the case itself comes through the access policy)."""
    return has_capability(user, Capability.READS_DUTIES)


def holds_case(user: User, case: Case) -> bool:
    """Updates to the victim and contact plans are the officer in charge's."""
    return user.is_active and case.officer_in_charge_id == user.pk


def can_waive(user: User, case: Case) -> bool:
    """The officer in charge, or a supervisor or SPOC of the case's force."""
    return can_manage_ownership(user, case)


def can_record_events(user: User, case: Case) -> bool:
    """Any officer of the force holding the case can record what happened on it."""
    return is_case_officer(user, case)


def can_see_measures(user: User) -> bool:
    return access.sees_aggregates_only(user) or access.can_see_force_dashboard(user)
