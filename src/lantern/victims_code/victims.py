"""Who a case's Victims' Code duties are owed to."""

from __future__ import annotations

from lantern.cases.models import Case, CaseParty
from lantern.core.errors import invalid
from lantern.people.models import Person


def victims_of(case: Case) -> list[Person]:
    """The people a case's duties are owed to: its victims (and victim-suspects), once each."""
    parties = CaseParty.objects.victims().filter(case=case).select_related("person").order_by("id")
    seen: dict[int, Person] = {}
    for party in parties:
        seen.setdefault(party.person_id, party.person)
    return list(seen.values())


def check_victim(case: Case, victim: Person, field: str = "victim") -> None:
    if not CaseParty.objects.victims().filter(case=case, person=victim).exists():
        raise invalid(field, "That person is not a victim in this case.")
