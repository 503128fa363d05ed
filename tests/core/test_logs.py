"""Structured logs (lantern.core.logs): one JSON object per line, the request id on each, and no
personal data, in particular not the query string of a search for a person's name."""

from __future__ import annotations

import io
import json
import logging
import re
import sys

import pytest
from django.test import Client
from tests.factories import build_world

from lantern.core.logs import JsonFormatter, RequestIdFilter, request_id_from, request_id_var

SEARCH = "/search/"


@pytest.mark.django_db
def test_a_search_for_a_name_logs_its_request_id_and_never_the_name(client: Client) -> None:
    world = build_world()
    client.force_login(world.oic)
    raw = io.StringIO()
    handler = logging.getLogger("lantern.access").handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    old_stream = handler.setStream(raw)
    try:
        response = client.get(SEARCH, {"q": "Bērziņa"}, headers={"X-Request-ID": "test-request-0001"})
        missing = client.get("/no-such-page/", {"q": "Volkov"}, headers={"X-Request-ID": "test-request-0002"})
    finally:
        handler.setStream(old_stream or sys.stderr)
    assert response.status_code == 200
    assert "Bērziņa" in response.content.decode()  # the search really ran on the name
    assert response["X-Request-ID"] == "test-request-0001"
    assert missing.status_code == 404
    text = raw.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is one JSON object
    access = [line for line in lines if line["logger"] == "lantern.access"]
    assert [(a["request_id"], a["method"], a["path"], a["status"]) for a in access] == [
        ("test-request-0001", "GET", SEARCH, 200),
        ("test-request-0002", "GET", "/no-such-page/", 404),
    ]
    assert all(isinstance(a["duration_ms"], float) for a in access)
    assert {line["request_id"] for line in lines} == {"test-request-0001", "test-request-0002"}
    assert any(line["logger"] == "django.request" for line in lines)  # "Not Found" carries its id too
    for name in ("Bērziņa", "B%C4%93rzi%C5%86a", "Berzina", "Volkov", "q="):
        assert name not in text


def test_an_unsafe_or_missing_request_id_is_replaced_by_a_uuid() -> None:
    assert request_id_from("abc-123_XYZ.9") == "abc-123_XYZ.9"
    for bad in (None, "", "short", "two words here", "name\nINJECTED log line", "x" * 200, "<script>1234</script>"):
        assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(bad))


def test_a_response_gets_a_fresh_request_id_when_none_is_sent(client: Client) -> None:
    first = client.get("/no-such-page/")
    second = client.get("/no-such-page/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_formatter_writes_fixed_keys_only_and_drops_query_strings() -> None:
    class FakeRequest:
        META = {"lantern.request_id": "from-the-request"}

        def __repr__(self) -> str:
            return "<WSGIRequest: GET '/search/?q=Ilze'>"

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', ("GET /search/?q=Ilze HTTP/1.1", 200), None
    )
    record.request = FakeRequest()
    assert RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == '"GET /search/ HTTP/1.1" 200'
    assert entry["request_id"] == "from-the-request"
    assert set(entry) == {"time", "level", "logger", "message", "request_id"}
    token = request_id_var.set("inside-a-request")
    try:
        inner = logging.LogRecord("lantern.x", logging.ERROR, __file__, 1, "case %s closed", (42,), None)
        RequestIdFilter().filter(inner)
        assert json.loads(JsonFormatter().format(inner))["request_id"] == "inside-a-request"
    finally:
        request_id_var.reset(token)
