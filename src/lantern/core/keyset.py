"""Keyset ("cursor") paging for lists ordered newest first by (a time, id): the next page is the
rows strictly before the last one shown, found through an index, so page 1,000 costs what page 1
does. OFFSET paging reads and discards every earlier row. The cursor is opaque to clients: the
last row's time and id, URL-safe base64."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.db.models import Q


class BadCursor(ValueError):
    """A cursor this service did not make (or one made for a different list)."""


def encode(at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at_text, pk_text = raw.split("|")
        at = dt.datetime.fromisoformat(at_text)
        pk = int(pk_text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(cursor) from error
    if at.tzinfo is None or pk < 1:
        raise BadCursor(cursor)
    return at, pk


def before(cursor: str, time_field: str) -> Q:
    """Rows after the cursor's row in newest-first order: earlier time, or the same time and a
    smaller id."""
    at, pk = decode(cursor)
    return Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "pk__lt": pk})
