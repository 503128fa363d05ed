from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.auth import issue_token
from lantern.core.models import User


class Command(BaseCommand):
    help = "Print a new API bearer token for a user (./lantern token --user NAME)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="username the token acts as")
        parser.add_argument("--name", default="cli", help="a label for the token")
        parser.add_argument("--days", type=int, default=None, help="days until it expires (LANTERN_API_TOKEN_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or user.locked_at is not None:
            raise CommandError(f"No active, unlocked user named {options['user']!r}.")
        if options["days"] is not None and not 1 <= options["days"] <= 366:
            raise CommandError("--days must be between 1 and 366.")
        self.stdout.write(issue_token(user, options["name"], days=options["days"]))
