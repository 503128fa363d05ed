"""Schemathesis over the whole API (issue 9, "Done when"): every operation of /api/v1/openapi.json is
called with generated requests, valid and invalid, through the WSGI application on the test
database of the normal run (SQLite or PostgreSQL alike), signed in with a real API token of an
investigator who holds a case. No response may be a 5xx, use an undeclared status or content type,
or break its declared schema.

The examples are bounded (LANTERN_SCHEMATHESIS_EXAMPLES per operation and mode, 2 by default) so the
walk takes well under a minute per database. Path ids are drawn half the time from the records of
the test world, so generated bodies reach the services as well as the 404 path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.factories import World, build_world

from lantern.core.auth import issue_token

EXAMPLES = int(os.environ.get("LANTERN_SCHEMATHESIS_EXAMPLES", "2"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler inside the test's transaction: like the test client, the connection is
    not closed between requests (that would end the transaction the test world lives in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _known_ids(w: World) -> dict[str, int]:
    victim_party = w.case.parties.get(person=w.victim)
    return {
        "case_id": w.case.pk,
        "person_id": w.victim.pk,
        "party_id": victim_party.pk,
    }


def _run_operation(operation: Any, mode: GenerationMode, token: str, known: dict[str, int]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported as found
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), use_known=st.booleans())
    def call(case: Any, use_known: bool) -> None:
        if use_known and case.path_parameters:
            for name in case.path_parameters:
                if name in known:
                    case.path_parameters[name] = known[name]
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    call()


@pytest.mark.django_db
def test_schemathesis_finds_no_server_error_and_no_response_off_schema(wsgi_app: WSGIHandler) -> None:
    w = build_world()
    token = issue_token(w.oic, name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    known = _known_ids(w)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # an operation the document describes wrongly fails here
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run_operation(operation, mode, token, known)
            except Exception as exc:  # noqa: BLE001 - collected: one report naming every operation at fault
                failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
                print(failures[-1], flush=True)
    assert operations > 50
    assert not failures, "\n\n".join(failures)
