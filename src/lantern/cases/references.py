"""Reference normalisation: how a typed reference is matched to a stored one.

There is no national format for crime references (each force's system issues its own), nor a
published NRM or Duty to Notify format, so references are opaque strings. Matching ignores case,
spaces and separators, and works with or without the issuing force's code in front.
"""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
MAX_REFERENCE_LENGTH = 40


class MalformedReference(ValueError):
    """A reference that cannot be any reference: empty, too long, or with no digit in it."""


def normalise_reference(raw: str) -> str:
    """Upper-case letters and digits only: ' 01/2345-26 ' -> '01234526'."""
    return _NOT_ALNUM.sub("", raw.upper())


def prefixed(issuer: str, normalised: str) -> str:
    return normalise_reference(issuer) + normalised


def validate_reference(raw: str) -> str:
    """Return the reference stripped of outer spaces, or raise MalformedReference saying why."""
    value = raw.strip()
    if not value:
        raise MalformedReference("Enter a reference.")
    if len(value) > MAX_REFERENCE_LENGTH:
        raise MalformedReference(f"A reference is at most {MAX_REFERENCE_LENGTH} characters long.")
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z /\-_.:]*", value):
        raise MalformedReference("A reference may contain only letters, digits, spaces and / - _ . :")
    if not any(ch.isdigit() for ch in value):
        raise MalformedReference("A reference must contain at least one digit.")
    return value


def looks_like_reference(query: str) -> bool:
    """A search query with a digit in it is tried as a reference first."""
    return any(ch.isdigit() for ch in query)
