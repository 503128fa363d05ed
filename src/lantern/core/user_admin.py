"""Force administration (issue 12 item 4): the force administrator adds users to their force,
changes their role, team and rank, deactivates and reactivates them and unlocks an account held
back by sign-in throttling (core/throttle.py). Every action is audited on the user's record.

An administrator acts only on users of their own force, assigns only the roles of a force (never
an advocate, CPS or analyst role), and cannot raise their own privileges: they cannot change
their own role, nor deactivate themselves. A deactivated account loses every session and API
token at once (core.auth.end_all_access).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404

from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.auth import end_all_access
from lantern.core.errors import invalid
from lantern.core.models import Force, Rank, SignInFailure, Team, User
from lantern.core.roles import Capability, Role, has_capability, role_has

MAX_REASON = 1000


def assignable_roles() -> list[Role]:
    """The roles a force administrator may give: those of a member of a police force."""
    return [role for role in Role if role_has(role.value, Capability.WORKS_IN_FORCE)]


def administered_force(actor: User) -> Force:
    """The force the actor administers, or AccessDenied."""
    if not has_capability(actor, Capability.MANAGES_USERS) or actor.force is None:
        raise AccessDenied("Only a force administrator manages the users of a force.")
    return actor.force


def member_for(actor: User, pk: int) -> User:
    """A user of the administrator's force; the same 404 for another force's user and for none
    (the refusal is audited)."""
    force = administered_force(actor)
    member = User.objects.select_related("team", "force").filter(pk=pk, force=force).first()
    if member is None:
        audit.record_refusal(actor, "core.user", str(pk)[:40], "not a user of the administrator's force")
        raise Http404("No user found")
    return member


@dataclass(frozen=True)
class UserDetails:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team: Team | None = None
    rank: str = ""
    phone: str = ""


def _check_role_team_rank(force: Force, role: str, team: Team | None, rank: str) -> None:
    if role not in {r.value for r in assignable_roles()}:
        raise invalid("role", "Choose one of the roles of a police force.")
    if team is not None and team.force_id != force.pk:
        raise invalid("team", f"Choose a team of {force.name}.")
    if rank and rank not in Rank.values:
        raise invalid("rank", "Choose a rank from the list.")


def add_user(actor: User, details: UserDetails) -> tuple[User, str]:
    """Add a user to the administrator's force. Returns the user and a one-time password, shown
    once to the administrator to pass on; only its hash is stored."""
    force = administered_force(actor)
    username = details.username.strip()
    if not username:
        raise invalid("username", "Enter a username.")
    if not (details.first_name.strip() and details.last_name.strip()):
        raise invalid("last_name", "Enter the user's first and last names.")
    _check_role_team_rank(force, details.role, details.team, details.rank)
    if User.objects.filter(username__iexact=username).exists():
        raise invalid("username", f"The username {username} is already taken.")
    password = secrets.token_urlsafe(12)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=details.first_name.strip(),
                last_name=details.last_name.strip(),
                email=details.email.strip(),
                role=details.role,
                force=force,
                team=details.team,
                rank=details.rank,
                phone=details.phone.strip(),
            )
            audit.record(actor, audit.Action.COLLECTION, user, detail=f"user added; role {details.role}")
    except IntegrityError as exc:
        raise invalid("username", f"The username {username} is already taken.") from exc
    return user, password


def change_user(actor: User, member: User, *, role: str, team: Team | None, rank: str) -> User:
    """Change a user's role, team and rank. An administrator cannot change their own role."""
    force = administered_force(actor)
    if member.force_id != force.pk:
        raise AccessDenied("You manage only the users of your own force.")
    if member.pk == actor.pk and role != actor.role:
        raise invalid("role", "You cannot change your own role: ask another administrator of your force.")
    _check_role_team_rank(force, role, team, rank)
    changes = [
        f"{name} {old or '-'} -> {new or '-'}"
        for name, old, new in (
            ("role", member.role, role),
            ("team", member.team_id, team.pk if team else None),
            ("rank", member.rank, rank),
        )
        if old != new
    ]
    if not changes:
        return member
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(role=role, team=team, rank=rank)
        audit.record(actor, audit.Action.ALTERATION, member, detail="; ".join(changes)[:255])
    member.refresh_from_db()
    return member


def deactivate_user(actor: User, member: User, reason: str) -> int:
    """Deactivate a user with the reason: every session ends and every API token is revoked at
    once. Returns the number of sessions ended."""
    force = administered_force(actor)
    if member.force_id != force.pk:
        raise AccessDenied("You manage only the users of your own force.")
    if member.pk == actor.pk:
        raise invalid("reason", "You cannot deactivate your own account.")
    text = (reason or "").strip()
    if not text:
        raise invalid("reason", "Say why the account is being deactivated.")
    if len(text) > MAX_REASON:
        raise invalid("reason", f"Keep the reason to {MAX_REASON} characters or fewer.")
    if not member.is_active:
        raise invalid("reason", f"{member.display_name}'s account is already deactivated.")
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(is_active=False)
        ended = end_all_access(member)
        audit.record(
            actor,
            audit.Action.ALTERATION,
            member,
            reason=text,
            detail=f"deactivated; {ended} session(s) ended, API tokens revoked",
        )
    member.refresh_from_db()
    return ended


def reactivate_user(actor: User, member: User) -> User:
    force = administered_force(actor)
    if member.force_id != force.pk:
        raise AccessDenied("You manage only the users of your own force.")
    if member.is_active:
        raise invalid("account", f"{member.display_name}'s account is already active.")
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(is_active=True)
        audit.record(actor, audit.Action.ALTERATION, member, detail="reactivated")
    member.refresh_from_db()
    return member


def throttled_failures(member: User) -> int:
    """Failed sign-ins still counted against this username (core.throttle keys)."""
    name = member.username.strip().casefold()[:150]
    return SignInFailure.objects.filter(
        Q(kind="user", key=name) | Q(kind="user_address", key__startswith=f"{name}@")
    ).count()


def unlock_user(actor: User, member: User) -> User:
    """Let the user sign in again at once: clears a lock and the failed sign-ins counted against
    their username (from every address). The counts per client address are left alone."""
    force = administered_force(actor)
    if member.force_id != force.pk:
        raise AccessDenied("You manage only the users of your own force.")
    name = member.username.strip().casefold()[:150]
    with transaction.atomic():
        cleared, _ = SignInFailure.objects.filter(
            Q(kind="user", key=name) | Q(kind="user_address", key__startswith=f"{name}@")
        ).delete()
        User.objects.filter(pk=member.pk).update(locked_at=None, failed_signins=0)
        audit.record(
            actor,
            audit.Action.ALTERATION,
            member,
            detail=f"unlocked at {clock.now():%Y-%m-%d %H:%M}; {cleared} throttled failure(s) cleared",
        )
    member.refresh_from_db()
    return member
