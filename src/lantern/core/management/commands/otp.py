"""manage.py otp USER: the current TOTP code of a user (the demo without a phone). Refused under
production settings (LANTERN_PRODUCTION): there a code comes only from the user's own app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import second_factor
from lantern.core.models import User


class Command(BaseCommand):
    help = "Print a user's current sign-in code (./lantern otp USER); refused in production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refused under production settings (LANTERN_PRODUCTION): codes come from the user's app."
            )
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        try:
            self.stdout.write(second_factor.current_code(user))
        except second_factor.CodeRefused as exc:
            raise CommandError(exc.message) from exc
