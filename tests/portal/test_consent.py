"""Consent to share with an advocate: recorded by the police or the advocate's organisation,
refused with a clear message when incomplete, withdrawn through either side with effect at once
on every endpoint and page an advocate can reach, audited and on the timeline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.factories import World
from tests.portal.conftest import london

from lantern.cases import access as cases_access
from lantern.cases.models import AdvocateAssignment, TimelineEvent
from lantern.core import access
from lantern.core.auth import issue_token
from lantern.core.models import AuditEntry
from lantern.portal import consent, rules
from lantern.victims_code import plans
from lantern.victims_code.models import Channel


def _new(w: World, **kw: object) -> consent.NewConsent:
    base: dict[str, object] = {
        "person": w.victim,
        "advocate": w.advocate_no_consent,
        "organisation": w.advocate_no_consent.organisation,
        "given_how": "orally_interpreter",
        "interpreter_language": "lv",
    }
    base.update(kw)
    return consent.NewConsent(**base)  # type: ignore[arg-type]


def test_police_record_consent_audited_and_on_the_timeline(world: World) -> None:
    w = world
    before = TimelineEvent.objects.filter(case=w.case).count()
    made = consent.record_consent(w.oic, _new(w, share_decisions=False))
    assert made.recorded_through == "police"
    assert made.organisation == w.advocate_no_consent.organisation
    assert made.interpreter_language == "lv"
    assert made.share_decisions is False
    assert TimelineEvent.objects.filter(case=w.case).count() == before + 1
    assert AuditEntry.objects.filter(object_type="cases.advocateassignment", object_id=str(made.pk)).exists()
    assert cases_access.visible_cases(w.advocate_no_consent).filter(pk=w.case.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"organisation": None}, "organisation", "Choose the organisation"),
        (
            {"valid_until": london("2026-11-01 00:00"), "given_at": london("2026-12-01 00:00")},
            "valid_until",
            "after its start",
        ),
        ({"given_at": london("2027-01-01 00:00")}, "given_at", "cannot be in the future"),
        ({"given_how": ""}, "given_how", "how the victim gave consent"),
        ({"interpreter_language": ""}, "interpreter_language", "which language"),
        (
            {"share_officer": False, "share_update_dates": False, "share_decisions": False, "share_next_update": False},
            "shares",
            "at least one",
        ),
    ],
)
def test_bad_consent_refused_with_a_clear_message(
    world: World, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        consent.record_consent(world.oic, _new(world, **changes))
    assert words in " ".join(caught.value.message_dict[field])


def test_api_refuses_consent_without_organisation_with_422(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(world.oic)}")
    response = client.post(
        "/api/v1/consents",
        json.dumps(
            {"person_id": world.victim.pk, "advocate_id": world.advocate_no_consent.pk, "given_how": "in_writing"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "organisation" in response.json()["errors"]


def test_the_advocates_organisation_records_consent_only_for_people_it_supports(world: World) -> None:
    w = world
    made = consent.record_consent(w.advocate, _new(w, advocate=w.advocate_no_consent))
    assert made.recorded_through == "advocacy"
    stranger = w.other_case.parties.get(role="victim").person
    with pytest.raises(access.AccessDenied):
        consent.record_consent(w.advocate, _new(w, person=stranger))
    with pytest.raises(access.AccessDenied):  # another force cannot record for a case it cannot see
        consent.record_consent(w.other_force_officer, _new(w))


def test_a_new_consent_replaces_the_standing_one(world: World) -> None:
    w = world
    old = AdvocateAssignment.objects.standing().get(advocate=w.advocate)
    consent.record_consent(
        w.oic, _new(w, advocate=w.advocate, organisation=w.advocate.organisation, share_officer=False)
    )
    old.refresh_from_db()
    assert old.consent_withdrawn_at is not None
    assert AdvocateAssignment.objects.standing().filter(advocate=w.advocate).count() == 1


def test_rules_consent_problems_pure() -> None:
    now = london("2026-12-07 09:00")
    ok = rules.ConsentInput(1, 1, True, now - dt.timedelta(days=1), None, "in_writing", "", (True, False, False, False))
    assert rules.consent_problems(ok, now) == {}
    assert rules.consent_stands(now, None, now + dt.timedelta(days=1), now)
    assert not rules.consent_stands(now, None, now, now)
    assert not rules.consent_stands(None, None, None, now)


# --- A withdrawal or an expiry hides the case at once, everywhere -------------------------------


def _end(w: World, how: str, clock: time_machine.Traveller) -> None:
    standing = AdvocateAssignment.objects.standing().get(advocate=w.advocate)
    if how == "withdrawn_by_police":
        consent.withdraw_consent(w.oic, standing, "The victim phoned")
    elif how == "withdrawn_by_organisation":
        consent.withdraw_consent(w.advocate, standing, "The victim told us")
    else:  # expired: ends a minute from now; a minute later it has
        AdvocateAssignment.objects.filter(pk=standing.pk).update(valid_until=london("2026-12-07 09:01"))
        clock.move_to(london("2026-12-07 09:02"))


@pytest.mark.parametrize("how", ["withdrawn_by_police", "withdrawn_by_organisation", "expired"])
def test_an_ended_consent_hides_the_case_on_every_advocate_endpoint_and_page(
    world: World, clock: time_machine.Traveller, how: str
) -> None:
    from tests import test_permission_matrix as matrix
    from tests.web import test_pages as pages

    w = world
    from lantern.nrm import services as nrm_services

    referral = nrm_services.receive_referral(
        w.oic, reference="NRM-PORTAL-1", person=w.victim, first_responder="LA", referred_at=london("2026-12-01 09:00")
    )
    nrm_services.link_referral(w.oic, referral, w.case)
    extra = {"case2": w.case, "referral": referral}
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.advocate)}")
    web = Client()
    web.force_login(w.advocate)
    assert api.get(f"/api/v1/cases/{w.case.pk}").status_code == 200
    assert web.get(reverse("portal:client_case", args=[w.case.pk])).status_code == 200
    _end(w, how, clock)
    failures = []
    for name, row in matrix.API.items():
        # Lists answer 200 without the case (checked below); consent has its own rules (above).
        if "advocate" not in row.allowed or name in {
            "my_clients",
            "record_consent",
            "withdraw_consent",
            "list_cases",
            "lookup_endpoint",
        }:
            continue
        url = reverse(f"api:{name}", kwargs=row.kwargs(w, extra))
        method = getattr(api, row.method.lower())
        response = (
            method(url, data=json.dumps(row.body(w, extra)), content_type="application/json")
            if row.method != "GET"
            else api.get(url)
        )
        if response.status_code not in {403, 404}:
            failures.append(f"API {name}: {response.status_code}")
    for name, page in pages.PAGES.items():
        if "advocate" not in page.allowed or name in {
            "portal:clients",
            "portal:advocate_consent",  # the organisation's consents, by client name: no case (below)
            "core:account",  # the advocate's own account and API tokens: no case on it
            "core:home",
            "core:login",
            "core:signin_code",  # the second factor's steps: no case on them (a verified session is sent on)
            "core:signin_enrol",
            "core:glossary",  # the glossary of terms: no case on it
            "core:search",
            "cases:search",
        }:
            continue
        if name.startswith("safeguarding:guidance") or name in pages.PUBLIC:
            continue
        url = reverse(name, kwargs=page.kwargs(w, {}))  # type: ignore[arg-type]
        response = web.get(url)
        if response.status_code not in {403, 404}:
            failures.append(f"page {name}: {response.status_code}")
    assert not failures, failures
    assert api.get("/api/v1/me/clients").json() == []
    assert w.case.full_reference not in web.get(reverse("portal:clients")).content.decode()
    assert w.case.crime_reference not in web.get(reverse("portal:advocate_consent")).content.decode()
    assert w.case.pk not in {c["id"] for c in api.get("/api/v1/cases").json()}
    found = api.get("/api/v1/lookup", {"q": "20/000123/26"})
    assert found.status_code != 200 or w.case.pk not in {c["case"]["id"] for c in found.json()["cases"]}


def test_a_contact_plan_runs_through_the_advocate_only_while_consent_stands(world: World) -> None:
    w = world
    plan = plans.NewPlan(w.victim, 14, Channel.ADVOCATE, "lv", advocate=w.advocate)
    made = plans.set_contact_plan(w.oic, w.case, plan)
    assert made.advocate == w.advocate
    consent.withdraw_consent(w.oic, AdvocateAssignment.objects.standing().get(advocate=w.advocate))
    with pytest.raises(ValidationError):
        plans.set_contact_plan(w.oic, w.case, plan)
