"""The API edge's shared shapes: input schemas refuse unknown fields, one pagination definition,
one error body (decision 0001: {"detail", "errors": {field: [...]}}).

Every request body schema inherits InputSchema, so a field the API does not know (a back-dated
`agreed_at`, a misspelt name) is a 422 naming it instead of being dropped silently. List endpoints
take `limit: Limit` and `offset: Offset`, so a negative or absurd value is a 422 naming the
parameter before the view runs.
"""

from __future__ import annotations

from typing import Annotated, Any

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
After = Annotated[
    str | None,
    Query(max_length=200, description="The X-Next-Cursor of the previous page: the cases after it (keyset paging)."),
]

ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


_ERROR_DESCRIPTIONS = {
    400: "Bad request",
    401: "Not signed in, or the token is unknown, expired or revoked",
    403: "Your role may not do this",
    404: "No such record, or one you may not see (the same answer for both)",
    409: "Someone else changed the record since you loaded it",
    422: "The request was refused: the errors name each field or parameter at fault",
}


def declare_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error body and the 4xx responses to every operation of an OpenAPI document."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema()
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in ERROR_STATUSES:
                responses.setdefault(
                    status,
                    {"description": _ERROR_DESCRIPTIONS[status], "content": body},
                )
    return document


__all__ = ["ERROR_STATUSES", "MAX_LIMIT", "MAX_OFFSET", "ErrorOut", "InputSchema", "Limit", "Offset", "declare_errors"]
