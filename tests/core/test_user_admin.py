"""Force administration (issue 12 item 4): add, change, deactivate, reactivate and unlock users
of one's own force; every action audited; no raising of one's own privileges."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from tests import factories
from tests.factories import PASSWORD, World, build_world

from lantern.core import throttle, user_admin
from lantern.core.access import AccessDenied
from lantern.core.auth import issue_token, user_for_token
from lantern.core.models import AuditEntry, Rank, Role, User


@pytest.fixture
def w(db: None) -> World:
    return build_world()


def _details(**overrides: object) -> user_admin.UserDetails:
    values: dict[str, object] = {
        "username": "pc4821",
        "first_name": "Amira",
        "last_name": "Haddad",
        "email": "amira.haddad@example.police.uk",
        "role": Role.INVESTIGATOR.value,
        "rank": Rank.DC.value,
    }
    values.update(overrides)
    return user_admin.UserDetails(**values)  # type: ignore[arg-type]


def _audited(actor: User, member: User) -> list[str]:
    rows = AuditEntry.objects.filter(actor=actor, object_type="core.user", object_id=str(member.pk))
    return list(rows.values_list("detail", flat=True))


def test_add_a_user_who_can_then_sign_in(w: World) -> None:
    member, password = user_admin.add_user(w.force_admin, _details(team=factories.team(w.wmp)))
    assert member.force == w.wmp
    assert member.role == Role.INVESTIGATOR
    assert member.check_password(password)
    assert _audited(w.force_admin, member) == ["user added; role investigator"]
    client = Client()
    response = client.post(reverse("core:login"), {"username": "pc4821", "password": password})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "oic"}, "username"),
        ({"username": "OIC"}, "username"),
        ({"role": Role.ADVOCATE.value}, "role"),
        ({"role": Role.ANALYST.value}, "role"),
        ({"role": "superuser"}, "role"),
        ({"rank": "General"}, "rank"),
        ({"last_name": " "}, "last_name"),
    ],
)
def test_bad_new_users_are_refused_naming_the_field(w: World, overrides: dict[str, object], field: str) -> None:
    before = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        user_admin.add_user(w.force_admin, _details(**overrides))
    assert field in refused.value.message_dict
    assert User.objects.count() == before


def test_a_team_of_another_force_is_refused(w: World) -> None:
    with pytest.raises(ValidationError) as refused:
        user_admin.add_user(w.force_admin, _details(team=factories.team(w.met)))
    assert "team" in refused.value.message_dict


def test_only_a_force_administrator_of_the_force(w: World) -> None:
    for actor in (w.supervisor, w.spoc, w.analyst, w.other_force_officer):
        with pytest.raises(AccessDenied):
            user_admin.add_user(actor, _details())
    with pytest.raises(Http404):
        user_admin.member_for(w.force_admin, w.other_force_officer.pk)
    assert AuditEntry.objects.filter(action="refused", object_type="core.user").exists()


def test_change_role_team_and_rank_audited(w: World) -> None:
    squad = factories.team(w.wmp, "Public Protection")
    changed = user_admin.change_user(w.force_admin, w.frontline, role=Role.INVESTIGATOR, team=squad, rank=Rank.DC)
    assert (changed.role, changed.team, changed.rank) == (Role.INVESTIGATOR, squad, Rank.DC)
    [detail] = _audited(w.force_admin, w.frontline)
    assert "role frontline -> investigator" in detail
    assert "rank PC -> DC" in detail


def test_an_administrator_cannot_raise_their_own_privileges(w: World) -> None:
    for role in (Role.SUPERVISOR, Role.SPOC, Role.INVESTIGATOR):
        with pytest.raises(ValidationError) as refused:
            user_admin.change_user(w.force_admin, w.force_admin, role=role, team=None, rank="")
        assert "role" in refused.value.message_dict
    w.force_admin.refresh_from_db()
    assert w.force_admin.role == Role.FORCE_ADMIN
    with pytest.raises(ValidationError):
        user_admin.deactivate_user(w.force_admin, w.force_admin, "Leaving")
    # Their own team and rank they may correct.
    user_admin.change_user(w.force_admin, w.force_admin, role=Role.FORCE_ADMIN, team=None, rank=Rank.STAFF)


def test_deactivation_ends_sessions_and_tokens_at_once(w: World) -> None:
    secret = issue_token(w.oic)
    client = Client()
    client.force_login(w.oic)
    assert client.get(reverse("cases:my_cases")).status_code == 200
    with pytest.raises(ValidationError):
        user_admin.deactivate_user(w.force_admin, w.oic, "")
    ended = user_admin.deactivate_user(w.force_admin, w.oic, "Left the force")
    assert ended == 1
    assert user_for_token(secret) is None
    assert not Session.objects.exists()
    assert client.get(reverse("cases:my_cases")).status_code == 302  # sent to sign in
    assert not Client().login(username="oic", password=PASSWORD)
    entry = AuditEntry.objects.filter(actor=w.force_admin, object_id=str(w.oic.pk)).last()
    assert entry is not None
    assert entry.reason == "Left the force"
    user_admin.reactivate_user(w.force_admin, w.oic)
    assert Client().login(username="oic", password=PASSWORD)
    assert _audited(w.force_admin, w.oic)[-1] == "reactivated"


def test_unlock_clears_the_throttle_for_the_username(w: World) -> None:
    for _ in range(12):
        throttle.record_failure("colleague", "10.0.0.9")
    User.objects.filter(pk=w.colleague.pk).update(failed_signins=12)
    assert throttle.wait_seconds("colleague", "10.0.0.9") > 0
    assert user_admin.throttled_failures(w.colleague) > 0
    user_admin.unlock_user(w.force_admin, w.colleague)
    assert user_admin.throttled_failures(w.colleague) == 0
    w.colleague.refresh_from_db()
    assert w.colleague.failed_signins == 0
    assert "unlocked" in _audited(w.force_admin, w.colleague)[-1]


def test_the_pages_add_and_deactivate(w: World) -> None:
    client = Client()
    client.force_login(w.force_admin)
    assert "Add a user" in client.get(reverse("core:force_admin")).content.decode()
    bad = client.post(reverse("core:add_user"), {"first_name": "Amira"})
    assert bad.status_code == 400
    assert "Enter a last name" in bad.content.decode()
    added = client.post(
        reverse("core:add_user"),
        {
            "first_name": "Amira",
            "last_name": "Haddad",
            "username": "pc4821",
            "email": "amira@example.police.uk",
            "role": Role.INVESTIGATOR.value,
            "rank": Rank.DC.value,
        },
    )
    assert added.status_code == 200
    assert "One-time password" in added.content.decode()
    member = User.objects.get(username="pc4821")
    page = client.get(reverse("core:user_detail", args=[member.pk])).content.decode()
    assert "Deactivate the account" in page
    done = client.post(reverse("core:deactivate_user", args=[member.pk]), {"reason": "Posted to another force"})
    assert done.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    own = client.get(reverse("core:change_user", args=[w.force_admin.pk])).content.decode()
    assert "You cannot change your own role" in own
