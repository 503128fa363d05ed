"""Sharing with the Home Office (F7): what a supervisor weighs, and which status changes alert."""

from __future__ import annotations

from collections.abc import Iterable

# --- Immigration information sharing (F7) ----------------------------------------------------


def sharing_concerns(subject_role: str, purpose: str, victim_told: str, not_told_reason: str) -> list[str]:
    """What a supervisor should weigh before approving a sharing with the Home Office (NPCC
    guidance as summarised in seed 001 12.16; LSBS recommendations, Annex G)."""
    concerns = []
    if purpose == "status_concern_only":
        concerns.append(
            "Sharing on doubts about immigration status alone is what deters victims from reporting: "
            "consider a referral to an advice organisation instead."
        )
    if subject_role in ("victim", "victim_suspect", "witness") and victim_told != "yes":
        if not not_told_reason.strip():
            concerns.append(
                "The guidance says the person should be told their information will be passed on: record "
                "when they were told, or why not."
            )
    return concerns


def status_change_alerts(kind: str, open_case_roles: Iterable[str]) -> bool:
    """A change of immigration status that threatens a victim's or witness's place in an open
    case (leave refused, detention, removal) alerts the officer in charge."""
    return kind in ("leave_refused", "detained", "removal_directions") and bool(
        set(open_case_roles) & {"victim", "witness", "victim_suspect"}
    )
