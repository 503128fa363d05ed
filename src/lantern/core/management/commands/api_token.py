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

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['user']!r}.")
        self.stdout.write(issue_token(user, options["name"]))
