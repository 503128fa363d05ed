"""The free-text sources safeguarding registers itself (apps at or below it): the immigration
sharing ledger (scanned, withheld whole from the export), the Victims' Code records, and letters
to anyone but the victim. decisions registers its own in lantern.decisions.free_text."""

from __future__ import annotations

from typing import Any

from lantern.cases.models import Case, PartyRole
from lantern.notify.models import Letter
from lantern.safeguarding.models import ImmigrationShare
from lantern.safeguarding.protected.sources import FreeTextSource, register_free_text_source
from lantern.victims_code.models import CaseEvent, ContactPlan, Duty, EnhancedRightsDecision, VictimUpdate


def _on(obj: Any, attr: str) -> str | None:
    value = getattr(obj, attr, None)
    return value.isoformat() if value is not None else None


def victim_ids(case: Case) -> set[int]:
    return set(case.parties.filter(role__in=PartyRole.victim_roles()).values_list("person_id", flat=True))


def letters_to_others(case: Case) -> list[Letter]:
    """Letters on the case to anyone but a victim in it (a victim's own letter may name their address)."""
    victims = victim_ids(case)
    return [letter for letter in Letter.objects.filter(case=case) if letter.person_id not in victims]


def register() -> None:
    register_free_text_source(
        FreeTextSource(
            "sharing_ledger",
            "Immigration information-sharing ledger",
            lambda case: ImmigrationShare.objects.filter(case=case),
            (
                ("shared_what", "what is shared"),
                ("purpose_detail", "purpose"),
                ("legal_basis_detail", "legal basis"),
                ("victim_not_told_reason", "why the victim was not told"),
                ("decision_note", "decision note"),
            ),
            exported=False,
        )
    )
    register_free_text_source(
        FreeTextSource(
            "victim_updates",
            "Update to the victim",
            lambda case: VictimUpdate.objects.filter(case=case),
            (("summary", "what the victim was told"),),
            lambda u: {"given_at": _on(u, "given_at")},
        )
    )
    register_free_text_source(
        FreeTextSource(
            "code_events",
            "Victims' Code event",
            lambda case: CaseEvent.objects.filter(case=case),
            (("note", "note"),),
            lambda e: {"kind": e.get_kind_display()},
        )
    )
    register_free_text_source(
        FreeTextSource(
            "contact_plans", "Contact plan", lambda case: ContactPlan.objects.filter(case=case), (("notes", "notes"),)
        )
    )
    register_free_text_source(
        FreeTextSource(
            "enhanced_rights_decisions",
            "Enhanced rights decision",
            lambda case: EnhancedRightsDecision.objects.filter(case=case),
            (("reason", "reason"),),
        )
    )
    register_free_text_source(
        FreeTextSource(
            "waived_duties",
            "Victims' Code duty waived",
            lambda case: Duty.objects.filter(case=case).exclude(waived_reason=""),
            (("waived_reason", "why it was waived"),),
            lambda d: {"duty": d.get_kind_display()},
        )
    )
    register_free_text_source(
        FreeTextSource(
            "letters",
            "Letter to someone other than the victim",
            letters_to_others,
            (("text", "text"),),
            lambda letter: {"kind": letter.kind, "made_at": _on(letter, "recorded_at")},
        )
    )
