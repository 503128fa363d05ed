"""Which persons a user may open.

A person is reached through the apps above people: as a party to a case the user may see
(`cases.access`), or as the subject of an NRM referral to the user's force (`nrm.access`). Those
apps register their reach here in their AppConfig.ready(), so this module imports no app above
people; a person is visible when any registered reach finds them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from lantern.core import access
from lantern.core.models import User
from lantern.people.models import Person

# A reach: the condition, as a Q on Person, under which the user reaches a person (None: no reach).
Reach = Callable[[User], Q | None]
_REACHES: list[Reach] = []


def register_reach(reach: Reach) -> None:
    if reach not in _REACHES:
        _REACHES.append(reach)


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons the user may open: parties to cases they can see (an advocate: only their
    consenting clients), and subjects of NRM referrals to their force."""
    persons = Person.objects.all()
    if not user.is_authenticated or not user.is_active:
        return persons.none()
    condition = Q(pk__in=[])
    for reach in _REACHES:
        found = reach(user)
        if found is not None:
            condition |= found
    return persons.filter(condition)


def get_person_for(user: User, pk: int) -> Person:
    """One person through the policy (404, audited, for one the user may not see)."""
    return access.get_for(user, Person, pk)
