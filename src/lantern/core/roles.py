"""Roles, as data: what each role may see (its case scope) and what it may do (its capabilities).

This is the one place a role is named. Everywhere else asks a question of this table:
`has_capability(user, Capability.HANDLES_NRM)`, `scope_of(user) is Scope.CONSENTING_CLIENTS`,
`roles_with(Capability.HOLDS_CASES)` for a query. Pure rules modules that hold a role as a plain
string ask `role_has(role, capability)`.

The module imports nothing but Django's TextChoices, so rules modules may import it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import TextChoices


class Role(TextChoices):
    FRONTLINE = "frontline", "Frontline officer or staff"
    INVESTIGATOR = "investigator", "Investigator"
    SPOC = "spoc", "Modern slavery SPOC"
    SUPERVISOR = "supervisor", "Supervisor"
    FORCE_ADMIN = "force_admin", "Force administrator"
    ADVOCATE = "advocate", "Advocate"
    CPS = "cps", "CPS liaison"
    ANALYST = "analyst", "National analyst"


class Scope(enum.Enum):
    """Which cases a role may open (the building block is cases.access.case_condition)."""

    OWN_CASES = "own cases: recorded, held or offered"
    FORCE = "the force's cases, cases shared with the force and transfers asked of it"
    CONSENTING_CLIENTS = "cases of clients whose consent stands, and only what a victim may know"
    CPS_REFERRED = "cases referred to the user's CPS organisation"
    AGGREGATES = "aggregates only, never a case or a person"
    NONE = "no case content"


class Capability(enum.Enum):
    """What a role may do beyond seeing. Each is named once, here."""

    WORKS_IN_FORCE = "is a member of one police force"
    HOLDS_CASES = "may be the accountable officer in charge of a case"
    POLICES_FORCE_CASES = "acts as police on any case of the force (evidence, NRM decisions, duties to notify)"
    RECORDS_CASES = "records crimes, first responses and people"
    HANDLES_NRM = "works NRM referrals and Duty to Notify records of the force"
    HANDLES_SAFEGUARDING = "interpreter bookings, section 45, the sharing ledger, protected details"
    REVIEWS_SAFEGUARDING = "reviews section 45 considerations, approves sharing with the Home Office"
    SIGNS_OFF = "signs decisions off and receives escalations"
    ALLOCATES_CASES = "manages ownership of any case of the force, decides transfers into it"
    TRIAGES = "receives crimes recorded by officers who cannot hold cases"
    READS_DUTIES = "sees the Victims' Code duties of cases they can see"
    SEES_INTERNAL_DETAIL = "sees suspects, the full timeline and NRM detail"
    SEARCHES = "uses the one search"
    HAS_CASE_LIST = "has a My cases list (cases held; recorded or referred for those who hold none)"
    SEES_FORCE_DASHBOARD = "sees the force dashboard, NRM alerts and the decisions work list"
    SEES_SAFEGUARDING_COUNTS = "sees ledger and section 45 counts"
    SEES_AGGREGATES = "sees national aggregates (every force, never a person)"
    MANAGES_INTERPRETERS = "keeps the force's interpreter register"
    MANAGES_USERS = "manages the users of their force (and revokes their API tokens)"
    SEARCHES_AUDIT_LOG = "searches the force's audit log for professional standards (decision 0015)"
    SUPPORTS_VICTIMS = "asks for updates, written reasons and reviews for consenting clients"
    ADVISES_AS_CPS = "records CPS advice and charging decisions"


@dataclass(frozen=True)
class RoleSpec:
    scope: Scope
    capabilities: frozenset[Capability]


C = Capability
_POLICE = {
    C.WORKS_IN_FORCE,
    C.RECORDS_CASES,
    C.HANDLES_SAFEGUARDING,
    C.READS_DUTIES,
    C.SEES_INTERNAL_DETAIL,
    C.SEARCHES,
    C.HAS_CASE_LIST,
}
_CASE_POLICE = _POLICE | {C.HOLDS_CASES, C.POLICES_FORCE_CASES, C.HANDLES_NRM, C.SEES_FORCE_DASHBOARD}

ROLE_TABLE: dict[Role, RoleSpec] = {
    Role.FRONTLINE: RoleSpec(Scope.OWN_CASES, frozenset(_POLICE)),
    Role.INVESTIGATOR: RoleSpec(Scope.FORCE, frozenset(_CASE_POLICE)),
    Role.SPOC: RoleSpec(
        Scope.FORCE,
        frozenset(_CASE_POLICE | {C.ALLOCATES_CASES, C.TRIAGES, C.SEES_SAFEGUARDING_COUNTS, C.MANAGES_INTERPRETERS}),
    ),
    Role.SUPERVISOR: RoleSpec(
        Scope.FORCE,
        frozenset(
            _CASE_POLICE
            | {
                C.ALLOCATES_CASES,
                C.SIGNS_OFF,
                C.REVIEWS_SAFEGUARDING,
                C.SEES_SAFEGUARDING_COUNTS,
                C.MANAGES_INTERPRETERS,
            }
        ),
    ),
    Role.FORCE_ADMIN: RoleSpec(
        Scope.NONE, frozenset({C.WORKS_IN_FORCE, C.MANAGES_USERS, C.MANAGES_INTERPRETERS, C.SEARCHES_AUDIT_LOG})
    ),
    Role.ADVOCATE: RoleSpec(Scope.CONSENTING_CLIENTS, frozenset({C.SEARCHES, C.SUPPORTS_VICTIMS})),
    Role.CPS: RoleSpec(
        Scope.CPS_REFERRED, frozenset({C.SEES_INTERNAL_DETAIL, C.SEARCHES, C.HAS_CASE_LIST, C.ADVISES_AS_CPS})
    ),
    Role.ANALYST: RoleSpec(Scope.AGGREGATES, frozenset({C.SEES_AGGREGATES, C.SEES_SAFEGUARDING_COUNTS})),
}

# Capabilities that only mean something inside a force: a user of such a role with no force has none of them.
FORCE_BOUND = frozenset(
    {
        C.WORKS_IN_FORCE,
        C.HOLDS_CASES,
        C.POLICES_FORCE_CASES,
        C.RECORDS_CASES,
        C.HANDLES_NRM,
        C.HANDLES_SAFEGUARDING,
        C.REVIEWS_SAFEGUARDING,
        C.SIGNS_OFF,
        C.ALLOCATES_CASES,
        C.TRIAGES,
        C.SEES_FORCE_DASHBOARD,
        C.MANAGES_INTERPRETERS,
        C.MANAGES_USERS,
        C.SEARCHES_AUDIT_LOG,
    }
)


class HasRole(Protocol):
    """A user, or any record that carries a role, an active flag and a force id."""

    role: Any
    is_active: bool
    force_id: Any


def spec_of(role: str) -> RoleSpec:
    """The table's row for a role value; an unknown role sees nothing and may do nothing."""
    try:
        return ROLE_TABLE[Role(role)]
    except ValueError:
        return RoleSpec(Scope.NONE, frozenset())


def role_has(role: str, capability: Capability) -> bool:
    """Whether the role (a plain value, for pure rules modules) carries the capability."""
    return capability in spec_of(role).capabilities


def roles_with(capability: Capability) -> list[str]:
    """The role values carrying a capability, for a query (`role__in=roles_with(...)`)."""
    return [role.value for role, spec in ROLE_TABLE.items() if capability in spec.capabilities]


def scope_of(user: HasRole) -> Scope:
    """The user's case scope; an inactive or signed-out user has none."""
    if not getattr(user, "is_authenticated", True) or not user.is_active:
        return Scope.NONE
    return spec_of(user.role).scope


def has_capability(user: HasRole, capability: Capability) -> bool:
    """Whether an active user's role carries the capability (force-bound ones need a force)."""
    if not getattr(user, "is_authenticated", True) or not user.is_active:
        return False
    if capability in FORCE_BOUND and user.force_id is None:
        return False
    return role_has(user.role, capability)
