"""What every safeguarding API handler shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lantern.cases.access import get_case_for
from lantern.core import access
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.people.access import visible_persons


def officer(request: HttpRequest) -> User:
    """The signed-in user, if they are police of a force (every write here needs that)."""
    user = _user(request)
    if not access.can_handle_safeguarding(user):
        raise AccessDenied("Safeguarding records are made by police officers and staff.")
    return user


def party(user: User, case_id: int, person_id: int) -> tuple[Any, Any]:
    """The case (through the policy) and a person in it whom the user may see, or a refusal on person_id."""
    case = get_case_for(user, case_id)
    person = visible_persons(user).filter(pk=person_id, case_parties__case=case).first()
    if person is None:
        raise invalid("person_id", "Choose a person in this case.")
    return case, person
