"""What every case page shares: the case header, the sub-navigation for the user's role, and the
audit entry for the consultation (DPA 2018 s62) that showing a case is.

The sub-navigation is a registry: each app registers its tab (`register_tab`) in its
`AppConfig.ready()`, so cases never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.cases import queries
from lantern.cases.access import can_manage_ownership, is_case_officer
from lantern.cases.models import Case
from lantern.core import access, audit
from lantern.core.models import User

Visible = Callable[[User, Case], bool]


@dataclass(frozen=True)
class Tab:
    key: str
    text: str
    href: str
    current: bool


@dataclass(frozen=True)
class TabSpec:
    """One registered tab: shown, in `order`, to users for whom `visible(user, case)` holds."""

    key: str
    text: str
    url_name: str
    visible: Visible
    order: int


_registry: dict[str, TabSpec] = {}


def register_tab(key: str, text: str, url_name: str, *, order: int, visible: Visible | None = None) -> None:
    """Add a tab to every case page (idempotent by key: ready() may run twice)."""
    _registry[key] = TabSpec(key, text, url_name, visible or (lambda user, case: True), order)


def registered_tabs() -> list[TabSpec]:
    return sorted(_registry.values(), key=lambda spec: (spec.order, spec.key))


def tabs_for(user: User, case: Case, current: str) -> list[Tab]:
    return [
        Tab(spec.key, spec.text, reverse(spec.url_name, args=[case.pk]), spec.key == current)
        for spec in registered_tabs()
        if spec.visible(user, case)
    ]


def register_case_tabs() -> None:
    """The tabs cases itself owns (called from `CasesConfig.ready()`)."""
    register_tab("overview", "Overview", "cases:detail", order=10)
    register_tab("people", "People", "cases:people", order=20)
    register_tab("timeline", "Timeline", "cases:timeline", order=30, visible=_internal)
    register_tab("ownership", "Ownership", "cases:ownership", order=40, visible=_internal)


def _internal(user: User, case: Case) -> bool:
    return access.can_see_internal_detail(user)


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
