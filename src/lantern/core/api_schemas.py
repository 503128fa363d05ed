"""The API edge's shared shapes: input schemas refuse unknown fields, one pagination definition,
one error body (decision 0001: {"detail", "errors": {field: [...]}}).

Every request body schema inherits InputSchema, so a field the API does not know (a back-dated
`agreed_at`, a misspelt name) is a 422 naming it instead of being dropped silently. List endpoints
take `limit: Limit` and `offset: Offset`, so a negative or absurd value is a 422 naming the
parameter before the view runs.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Query, Schema
from pydantic import ConfigDict

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class InputSchema(Schema):
    """Base of every request body: unknown fields are refused (422 naming the field)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """Every 4xx from the API: a sentence, and the messages per field ("__all__" for the whole request)."""

    detail: str
    errors: dict[str, list[str]]


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"How many to return (1 to {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many to skip (0 or more).")]

ERROR_STATUSES = (400, 401, 403, 404, 409, 422)

__all__ = ["ERROR_STATUSES", "MAX_LIMIT", "MAX_OFFSET", "ErrorOut", "InputSchema", "Limit", "Offset"]
