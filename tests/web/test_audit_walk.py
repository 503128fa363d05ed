"""The audit walk (issue 9 item 3): from the URL configuration, as the permission matrices do,
every API read and every page with a record id is read once by a user allowed to see it, and once
by a user who may not (another force) and for an id that does not exist. Each read of personal data
must leave a consultation entry by the reader; each refusal a refusal entry. A record you may not
see and a missing one give the same answer.

One world per test; each request runs in a savepoint that is rolled back, as in the matrices.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from tests import test_permission_matrix as matrix
from tests.web import test_pages as pages
from tests.web.conftest import WebWorld

from lantern.core.auth import issue_token
from lantern.core.models import AuditEntry, User

Action = AuditEntry.Action
REFUSED = Action.REFUSED
MISSING_ID = 2_000_000_000

# API reads that show no personal data (the reason is the row's comment); everything else must audit.
API_NOT_PERSONAL = {
    "vc_measures",  # aggregate Victims' Code figures by group: no person or case in them
    "oversight_measures",  # aggregate measures (suppressed when they leave a force): no person or case
    "oversight_publication",  # the published statistics: suppressed aggregates only
    "unqualified_allocation_count",  # one number per force: no person or case in it
}
# Reads whose records only one role has: read by that role (the others get an empty list).
API_READER = {"my_clients": "advocate"}
# Pages with a record id that are not reads (a POST-only action): refused on GET, nothing to audit.
PAGES_NOT_READS = {"core:revoke_token"}
# Pages whose argument is not a record id (a guidance slug): nothing personal, no record to refuse.
PAGES_NOT_RECORDS = {
    "safeguarding:guidance_page",
    "portal:victim_start",  # the victim's link token, not a record id: the passcode step guards it
}


def _refresh(world: Any) -> None:
    """Rolled-back savepoints leave the world's Python objects as the last request changed them."""
    for item in vars(world).values():
        if isinstance(item, Model) and item.pk is not None:
            item.refresh_from_db()


def _reader(allowed: set[str]) -> str:
    return "oic" if "oic" in allowed else sorted(allowed)[0]


def _entries_since(last_id: int, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=last_id, action=action))


def _last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _api_get(user: User | None, url: str, query: dict[str, Any]) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}") if user else Client()
    return client.get(url, query)


def _check(
    failures: list[str], label: str, response: Any, statuses: set[int], user: User, action: str, before: int
) -> None:
    if response.status_code not in statuses:
        failures.append(f"{label}: expected {sorted(statuses)}, got {response.status_code}")
        return
    if not [e for e in _entries_since(before, action) if e.actor_id == user.pk]:
        failures.append(f"{label}: no {action} entry by {user.username}")


API_READS = sorted(name for name, row in matrix.API.items() if row.method == "GET")


@pytest.mark.django_db
def test_every_api_read_and_refusal_is_audited() -> None:
    w, extra = matrix._world_with_extras()
    failures: list[str] = []
    for name in API_READS:
        row = matrix.API[name]
        with transaction.atomic():
            kwargs = row.kwargs(w, extra)
            url = reverse(f"api:{name}", kwargs=kwargs)
            reader = getattr(w, API_READER.get(name) or _reader(row.allowed))
            before = _last_id()
            response = _api_get(reader, url, row.query(w, extra))
            if name not in API_NOT_PERSONAL:
                _check(failures, f"{name} read", response, {row.ok}, reader, Action.CONSULTATION, before)
            if kwargs:
                _refusals(failures, name, url, kwargs, row, w, extra)
            transaction.set_rollback(True)
        _refresh(w)
    assert not failures, "\n".join(failures)


def _refusals(
    failures: list[str], name: str, url: str, kwargs: dict[str, Any], row: matrix.Row, w: Any, extra: dict[str, Any]
) -> None:
    stranger = w.other_force_officer
    missing_url = reverse(f"api:{name}", kwargs=dict.fromkeys(kwargs, MISSING_ID))
    before = _last_id()
    missing = _api_get(stranger, missing_url, row.query(w, extra))
    # A role that may not use the endpoint at all is refused (403) whatever the id: the same answer.
    may_use = "other_force_officer" in row.allowed
    _check(failures, f"{name} missing id", missing, {404} if may_use else {403, 404}, stranger, REFUSED, before)
    if may_use:
        return
    before = _last_id()
    refused = _api_get(stranger, url, row.query(w, extra))
    _check(failures, f"{name} another force's record", refused, {403, 404}, stranger, Action.REFUSED, before)
    if refused.status_code == 404 and len(kwargs) == 1 and refused.content != missing.content:
        failures.append(f"{name}: not yours {refused.content!r} differs from missing {missing.content!r}")


def test_every_page_with_a_record_id_is_audited(web: WebWorld) -> None:
    failures: list[str] = []
    extras = pages._extras(web)
    client = Client()
    for name, page in sorted(pages.PAGES.items()):
        if name in PAGES_NOT_READS | PAGES_NOT_RECORDS or not page.allowed or page.ok != 200:
            continue
        with transaction.atomic():
            kwargs = page.kwargs(web, extras)
            if not kwargs:
                transaction.set_rollback(True)
                continue
            url = reverse(name, kwargs=kwargs)
            reader = getattr(web, _reader(page.allowed))
            client.force_login(reader)
            before = _last_id()
            _check(failures, f"{name} read", client.get(url), {200}, reader, Action.CONSULTATION, before)
            stranger = web.other_force_officer
            client.force_login(stranger)
            before = _last_id()
            missing = client.get(reverse(name, kwargs=dict.fromkeys(kwargs, MISSING_ID)))
            # A role that may not use the page at all is refused (403) whatever the id: the same answer.
            may_use = "other_force_officer" in page.allowed
            _check(failures, f"{name} missing id", missing, {404} if may_use else {403, 404}, stranger, REFUSED, before)
            if not may_use:
                before = _last_id()
                refused = client.get(url)
                label = f"{name} another force's record"
                _check(failures, label, refused, {403, 404}, stranger, Action.REFUSED, before)
                # A record you may not see answers as a missing one does (a 403 is for a record you may
                # see but not change, or a page your role may not use: it discloses nothing).
                if refused.status_code == 404 and missing.status_code != 404:
                    failures.append(f"{label}: 404, but a missing id is {missing.status_code}")
            client.logout()
            transaction.set_rollback(True)
        _refresh(web)
    assert not failures, "\n".join(failures)
