"""Protected values only through the encrypted path (decision 0004, issue 16).

A protected address or contact detail is recorded as a protected detail (lantern.safeguarding,
encrypted) or as a victim's protected contact details (lantern.victims_code, encrypted). No other
page or API endpoint takes a "protected" flag: a client that sends one would otherwise believe it
had protected a value the service then holds in plain text. This middleware refuses such a
request before any view runs, naming the field: 422 in the API's error format, 400 on a page.
(The database also refuses a protected people.Location that holds an address: a constraint.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

PROTECTED_FLAGS = frozenset({"protected", "is_protected", "protected_location", "location_protected"})
# The pages whose "protected" flag is the encrypted path itself.
ENCRYPTED_PATHS = frozenset({"victims_code:contact_details"})
FALSE_VALUES = ("", "0", "false", "off", "no", "none", "null")


def message_for(field: str) -> str:
    return (
        f"{field}: a protected value cannot be sent here, because it would be stored in plain text. "
        "Record a protected address or contact detail as a protected detail (the case's Safeguarding page, "
        "or POST /api/v1/protected-details), where it is encrypted."
    )


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in FALSE_VALUES
    return bool(value)


def flag_in(data: Any, path: str = "") -> str:
    """The dotted path of the first truthy protected flag in a JSON document, or ""."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if str(key).lower() in PROTECTED_FLAGS and _truthy(value):
                return here
            found = flag_in(value, here)
            if found:
                return found
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found = flag_in(item, f"{path}.{i}" if path else str(i))
            if found:
                return found
    return ""


class RefusePlainProtectedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ENCRYPTED_PATHS:
            return None
        if request.content_type == "application/json":
            try:
                field = flag_in(json.loads(request.body or b"null"))
            except ValueError:
                return None  # the API refuses malformed JSON itself
            if field:
                return JsonResponse(
                    {"detail": "The request was refused: see errors.", "errors": {field: [message_for(field)]}},
                    status=422,
                )
            return None
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            posted = request.POST
            flags = (k for k in posted if k.lower() in PROTECTED_FLAGS)
            field = next((k for k in flags if any(map(_truthy, posted.getlist(k)))), "")
            if field:
                return render(request, "core/plain_protected.html", {"message": message_for(field)}, status=400)
        return None
