"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

- `RequestIdMiddleware` (first in MIDDLEWARE) gives every request an id: the caller's `X-Request-ID`
  if it looks like an id (letters, digits, `.`, `_`, `-`, `:`; 8 to 128 characters), else a new
  uuid4. It keeps the id in a context variable for the request's duration, returns it in the
  `X-Request-ID` response header and writes one access line (method, path, status, duration).
- `RequestIdFilter` (on the handler) stamps every record with the current request id ("-" outside
  a request: the task worker, management commands).
- `JsonFormatter` writes the record as JSON with a fixed set of keys only, never arbitrary `extra`
  values (Django passes the request object, whose repr holds the query string), and drops query
  strings from any path in the message (`runserver` logs the whole request line).

No personal data in application logs (docs/architecture.md, rule 4): paths are logged without their
query string, which can hold a searched-for name; paths themselves hold only record ids.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponseBase

request_id_var: ContextVar[str] = ContextVar("lantern_request_id", default="-")

ACCESS_LOGGER = logging.getLogger("lantern.access")
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# A path's query string inside a message: "GET /search/?q=Name HTTP/1.1" -> "GET /search/ HTTP/1.1".
QUERY_IN_PATH = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
# Keys the access line adds to its record (logger.info(..., extra=...)); nothing else is copied.
ACCESS_KEYS = ("method", "path", "status", "duration_ms")


def current_request_id() -> str:
    return request_id_var.get()


def request_id_from(header: str | None) -> str:
    """The caller's id if it looks like one, else a fresh uuid4 (hex)."""
    if header and SAFE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def drop_query_strings(text: str) -> str:
    return QUERY_IN_PATH.sub(r"\1", text)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        token = request_id_var.set(request_id)
        # Django logs a 4xx/5xx ("Not Found: /path") after the middleware returns, with the request
        # in the record: the filter finds the id there.
        request.META["lantern.request_id"] = request_id
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            ACCESS_LOGGER.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,  # never get_full_path(): the query string may hold a name
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id == "-":
            request = getattr(record, "request", None)
            meta = getattr(request, "META", None)
            if isinstance(meta, dict):
                request_id = meta.get("lantern.request_id", "-")
        record.request_id = request_id
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": drop_query_strings(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key in ACCESS_KEYS:
            if hasattr(record, key):
                value = getattr(record, key)
                entry[key] = drop_query_strings(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
