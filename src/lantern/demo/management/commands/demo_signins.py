"""manage.py demo_signins: the demo sign-ins that exist in this database, one per role."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from lantern.core import second_factor
from lantern.core.models import User
from lantern.core.roles import Role
from lantern.demo.staff import DEMO_PASSWORD, DEMO_SIGNINS


class Command(BaseCommand):
    help = (
        "List the demo sign-ins (username, role, force, password, TOTP secret) present in the database; "
        "`./lantern otp USER` prints a current code."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        order = [s.username for s in DEMO_SIGNINS]
        users = {
            u.username: u
            for u in User.objects.filter(username__in=order).select_related("force", "organisation", "team")
        }
        out = Console(file=cast(IO[str], self.stdout._out), width=170)
        if not users:
            out.print("No demo sign-ins in this database: run ./lantern generate --scale demo")
            return
        table = Table(title="Demo sign-ins")
        for column in ("username", "role", "rank", "force", "team or organisation", "password", "TOTP secret"):
            table.add_column(column)
        for username in order:
            user = users.get(username)
            if user is None:
                continue
            password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(changed)"
            where = user.team.name if user.team else (user.organisation.name if user.organisation else "")
            table.add_row(
                user.username,
                Role(user.role).label,
                user.rank,
                user.force.code if user.force else "-",
                where,
                password,
                _secret(user),
            )
        out.print(table)
        out.print(
            "Sign in with the password, then the code from an authenticator app holding the secret, "
            "or from: ./lantern otp USERNAME"
        )


def _secret(user: User) -> str:
    factor = second_factor.factor_for(user)
    if factor is None or factor.confirmed_at is None:
        return "(set up at first sign-in)"
    return second_factor.secret_of(factor)
