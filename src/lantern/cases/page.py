"""What every case page shares: the case header, the sub-navigation for the user's role, and the
audit entry for the consultation (DPA 2018 s62) that showing a case is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.cases import queries
from lantern.cases.access import can_manage_ownership, is_case_officer
from lantern.cases.models import Case
from lantern.core import access, audit
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.victims_code.code import can_see_duties


@dataclass(frozen=True)
class Tab:
    key: str
    text: str
    href: str
    current: bool


def tabs_for(user: User, case: Case, current: str) -> list[Tab]:
    spec = [("overview", "Overview", "cases:detail"), ("people", "People", "cases:people")]
    if access.can_see_internal_detail(user):
        spec += [("timeline", "Timeline", "cases:timeline"), ("ownership", "Ownership", "cases:ownership")]
    if can_see_duties(user):
        spec.append(("duties", "Victim updates", "victims_code:case_duties"))  # lantern.victims_code
    if access.can_handle_safeguarding(user) and user.force_id == case.force_id:
        spec.append(("safeguarding", "Safeguarding", "safeguarding:case"))
    spec.append(("decisions", "Decisions", "decisions:case"))  # lantern.decisions: closure, reviews, CPS
    if has_capability(user, Capability.POLICES_FORCE_CASES) and user.force_id == case.force_id:
        spec.append(("victim_access", "Victim access", "portal:case_access"))  # lantern.portal: consent, link
    return [Tab(key, text, reverse(name, args=[case.pk]), key == current) for key, text, name in spec]


def can_edit(user: User, case: Case) -> bool:
    return is_case_officer(user, case)


def case_context(user: User, case: Case, tab: str, *, record: bool = True) -> dict[str, Any]:
    """Context for the case header and sub-navigation; records the consultation."""
    if record:
        audit.record(user, audit.Action.CONSULTATION, case, detail=f"page {tab}")
    return {
        "case": case,
        "references": queries.references_of(case),
        "tabs": tabs_for(user, case, tab),
        "internal": access.can_see_internal_detail(user),
        "can_edit": can_edit(user, case),
        "can_manage": can_manage_ownership(user, case),
        "contact_overdue": queries.contact_overdue(case),
        "open_handover": queries.open_handover(case) if access.can_see_internal_detail(user) else None,
        "open_transfer": queries.open_transfer(case) if access.can_see_internal_detail(user) else None,
    }
