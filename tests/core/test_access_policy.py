"""The access policy's shape: roles as data (core/roles.py), core importing no app above it,
get_for giving the same 404 for "not yours" and "does not exist", and every refusal audited."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.http import Http404
from django.test import Client
from tests.factories import build_world, user

from lantern.cases import services as case_services
from lantern.cases.models import Case, Handover
from lantern.core import access, roles
from lantern.core.auth import issue_token
from lantern.core.models import AuditEntry, Rank, Role, User

CORE = Path(__file__).resolve().parents[2] / "src" / "lantern" / "core"
HIGHER_APPS = ("cases", "people", "nrm", "safeguarding", "decisions", "victims_code", "notify", "oversight", "demo")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_core_imports_no_app_above_it() -> None:
    offending = []
    for path in sorted(CORE.rglob("*.py")):
        for module in _imported_modules(path):
            if any(module == f"lantern.{app}" or module.startswith(f"lantern.{app}.") for app in HIGHER_APPS):
                offending.append(f"{path.relative_to(CORE.parent)}: {module}")
    assert offending == []


def test_the_import_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from lantern.cases.models import Case\nimport lantern.nrm.rules\n")
    assert {"lantern.cases.models", "lantern.nrm.rules"} <= _imported_modules(bad)


def test_role_table_covers_every_role() -> None:
    assert set(roles.ROLE_TABLE) == set(Role)
    for role in Role:
        spec = roles.spec_of(role.value)
        assert isinstance(spec.scope, roles.Scope)
    # Every capability is given to some role, and every scope but "none" is some role's.
    given = set().union(*(spec.capabilities for spec in roles.ROLE_TABLE.values()))
    assert given == set(roles.Capability)
    assert {spec.scope for spec in roles.ROLE_TABLE.values()} == set(roles.Scope)


def test_role_table_answers_as_the_design_says() -> None:
    assert roles.roles_with(roles.Capability.HOLDS_CASES) == ["investigator", "spoc", "supervisor"]
    assert roles.roles_with(roles.Capability.SIGNS_OFF) == ["supervisor"]
    assert sorted(roles.roles_with(roles.Capability.ALLOCATES_CASES)) == ["spoc", "supervisor"]
    assert not roles.role_has("advocate", roles.Capability.SEES_INTERNAL_DETAIL)
    assert roles.role_has("cps", roles.Capability.SEES_INTERNAL_DETAIL)
    assert roles.spec_of("no-such-role").capabilities == frozenset()


@pytest.mark.django_db
def test_force_bound_capabilities_need_a_force_and_an_active_user() -> None:
    supervisor = User(role=Role.SUPERVISOR, force_id=None, is_active=True)
    assert not roles.has_capability(supervisor, roles.Capability.SIGNS_OFF)
    inactive = User(role=Role.ANALYST, is_active=False)
    assert not roles.has_capability(inactive, roles.Capability.SEES_AGGREGATES)
    assert roles.scope_of(inactive) is roles.Scope.NONE


def _refusals(user_obj: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, actor=user_obj).order_by("id"))


@pytest.mark.django_db
def test_get_for_gives_the_same_404_for_another_forces_case_and_a_missing_one_and_audits_both() -> None:
    w = build_world()
    missing = Case.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000  # type: ignore[operator]
    with pytest.raises(Http404) as not_yours:
        access.get_for(w.oic, Case, w.other_case.pk)
    with pytest.raises(Http404) as not_there:
        access.get_for(w.oic, Case, missing)
    assert str(not_yours.value) == str(not_there.value) == "No case found"
    refusals = _refusals(w.oic)
    assert [(r.object_type, r.object_id) for r in refusals] == [
        ("cases.case", str(w.other_case.pk)),
        ("cases.case", str(missing)),
    ]
    assert access.get_for(w.oic, Case, w.case.pk) == w.case


@pytest.mark.django_db
def test_get_for_a_child_record_of_another_force_is_the_same_404_as_a_missing_one() -> None:
    w = build_world()
    met_colleague = user(Role.INVESTIGATOR, w.met, rank=Rank.DC)
    handover = case_services.offer_handover(w.other_force_officer, w.other_case, met_colleague, "Leave")
    missing = handover.pk + 1000
    messages = []
    for pk in (handover.pk, missing):
        with pytest.raises(Http404) as exc:
            access.get_for(w.oic, Handover, pk)
        messages.append(str(exc.value))
    assert messages == ["No handover found", "No handover found"]
    assert [r.object_id for r in _refusals(w.oic)] == [str(handover.pk), str(missing)]
    assert access.get_for(met_colleague, Handover, handover.pk) == handover


@pytest.mark.django_db
def test_api_404_is_the_same_json_for_not_yours_and_missing_and_both_are_audited() -> None:
    w = build_world()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.oic)}")
    not_yours = client.get(f"/api/v1/cases/{w.other_case.pk}")
    missing = client.get(f"/api/v1/cases/{w.other_case.pk + 1000}")
    assert not_yours.status_code == missing.status_code == 404
    assert json.loads(not_yours.content) == json.loads(missing.content) == {"detail": "No case found", "errors": {}}
    assert len(_refusals(w.oic)) == 2


@pytest.mark.django_db
def test_page_404_is_the_same_for_not_yours_and_missing() -> None:
    w = build_world()
    client = Client()
    client.force_login(w.oic)
    assert client.get(f"/cases/{w.other_case.pk}/").status_code == 404
    assert client.get(f"/cases/{w.other_case.pk + 1000}/").status_code == 404
    assert [r.object_type for r in _refusals(w.oic)] == ["cases.case", "cases.case"]


@pytest.mark.django_db
def test_page_and_api_403s_are_audited() -> None:
    w = build_world()
    client = Client()
    client.force_login(w.analyst)
    assert client.get("/administration/").status_code == 403
    page_refusal = _refusals(w.analyst)[-1]
    assert page_refusal.object_type == "core:force_admin"
    assert page_refusal.reason == "This page is for force administrators."

    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.advocate)}")
    response = api_client.get(f"/api/v1/cases/{w.case.pk}/duties")
    assert response.status_code == 403
    api_refusal = _refusals(w.advocate)[-1]
    assert api_refusal.object_type == "api:vc_case_duties"
    assert api_refusal.object_id == str(w.case.pk)


@pytest.mark.django_db
def test_refusals_keep_the_audit_chain_intact() -> None:
    w = build_world()
    with pytest.raises(Http404):
        access.get_for(w.analyst, Case, w.case.pk)
    from lantern.core import audit

    assert not any(isinstance(step, audit.ChainBreak) for step in audit.verify())
