"""Errors the domain services raise, mapped by pages to form messages and by the API to 4xx."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Conflict(Exception):
    """Someone else changed the record since it was loaded: the save is refused, nothing is lost."""

    def __init__(self, message: str = "Someone else changed this case while you were editing it.") -> None:
        super().__init__(message)
        self.message = message


def invalid(field: str, message: str) -> ValidationError:
    """A refusal naming the field at fault."""
    return ValidationError({field: [message]})


__all__ = ["Conflict", "ValidationError", "invalid"]
