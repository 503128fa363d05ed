"""Sign-off as a checklist (issue 10 item 2): the closure gate's items shown with their state, the
question asked only once nothing but the sign-off is missing, and a refusal that names every
missing item and, apart from them, why this user may not sign off, on the page and by the API."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.decisions import api_world as dec
from tests.factories import World

from lantern.cases.models import CaseStatus
from lantern.core.auth import issue_token
from lantern.decisions import facts, rules
from lantern.decisions.models import Decision, DecisionLetter


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def sign_off(user: Any, decision: Decision) -> Any:
    return api(user).post(
        f"/api/v1/decisions/{decision.pk}/sign-off", data=json.dumps({"agreed": True}), content_type="application/json"
    )


def every_missing_message(decision: Decision) -> list[str]:
    gate = rules.closure_gate(facts.gate_facts(decision.case, decision), dec.today())
    return [m.message for m in gate.missing if m.stage in ("evidence", "decision")]


def test_a_refused_sign_off_by_api_names_every_missing_item_for_the_officer_and_the_supervisor(world: World) -> None:
    decision = dec.proposed(world)  # nothing recorded: the account, nine enquiries, credibility
    expected = every_missing_message(decision)
    assert len(expected) >= 10

    by_oic = sign_off(world.oic, decision)
    assert by_oic.status_code == 403
    body = by_oic.json()
    assert body["errors"]["missing"] == expected
    assert any("supervisor" in reason for reason in body["errors"]["signer"])

    by_supervisor = sign_off(world.supervisor, decision)
    assert by_supervisor.status_code == 422
    errors = by_supervisor.json()["errors"]
    assert errors["missing"] == expected
    assert "signer" not in errors  # the supervisor may sign off: only the items stand in the way
    assert f"{len(expected)} items still missing" in errors["agreed"][0]
    decision.refresh_from_db()
    assert decision.state == Decision.State.PROPOSED


def test_a_supervisor_who_is_the_officer_in_charge_is_told_both_lists(world: World) -> None:
    decision = dec.proposed(world)
    world.case.officer_in_charge = world.supervisor
    world.case.save(update_fields=["officer_in_charge"])
    errors = sign_off(world.supervisor, decision).json()["errors"]
    assert errors["missing"] == every_missing_message(decision)
    assert any("officer in charge cannot sign off" in reason for reason in errors["signer"])


def page(user: Any, decision: Decision) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("decisions:sign_off", args=[decision.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_checklist_and_does_not_ask_while_items_are_missing(world: World) -> None:
    decision = dec.proposed(world)
    html = page(world.supervisor, decision)
    assert 'data-testid="sign-off-tasks"' in html
    assert "You can sign off once these" in html
    for message in every_missing_message(decision):
        assert message.replace("'", "&#x27;").replace("“", "&ldquo;")[:30] in html or message[:30] in html
    assert "Sign off and close" not in html
    assert "Incomplete" in html


def test_the_officer_in_charge_sees_what_is_missing_and_why_they_may_not(world: World) -> None:
    decision = dec.proposed(world)
    html = page(world.oic, decision)
    assert "A supervisor can sign off once" in html
    assert "You cannot sign this decision off" in html
    assert "Sign off and close" not in html


def test_sign_off_and_close_closes_the_case_with_its_letter(world: World) -> None:
    decision = dec.proposed(world, ready=True)
    html = page(world.supervisor, decision)
    assert "Sign off and close</button>" in html
    assert "Return to the officer with reasons</button>" in html
    assert "You can sign off once" not in html
    client = Client()
    client.force_login(world.supervisor)
    done = client.post(reverse("decisions:sign_off", args=[decision.pk]), {"agreed": "yes"})
    assert done.status_code == 302
    decision.refresh_from_db()
    world.case.refresh_from_db()
    assert decision.state == Decision.State.APPLIED
    assert world.case.status == CaseStatus.CLOSED
    assert DecisionLetter.objects.filter(decision=decision, victim=world.victim, update__isnull=False).exists()


def test_returning_needs_the_reasons(world: World) -> None:
    decision = dec.proposed(world, ready=True)
    client = Client()
    client.force_login(world.supervisor)
    refused = client.post(reverse("decisions:sign_off", args=[decision.pk]), {"agreed": "no", "note": ""})
    assert refused.status_code == 400
    assert "Say what more is needed" in refused.content.decode()
    back = client.post(reverse("decisions:sign_off", args=[decision.pk]), {"agreed": "no", "note": "Trace the van."})
    assert back.status_code == 302
    decision.refresh_from_db()
    assert decision.state == Decision.State.RETURNED


def test_outcome_codes_and_terms_are_explained_by_the_glossary(world: World) -> None:
    decision = dec.proposed(world, ready=True)
    html = page(world.supervisor, decision)
    assert '<abbr title="Investigation complete' in html or "Outcome 18</abbr>" in html
    client = Client()
    client.force_login(world.oic)
    glossary = client.get(reverse("core:glossary")).content.decode()
    for words in ("Single Competent Authority", "Duty to Notify", "Home Office", "Enhanced rights", "Waive a duty"):
        assert words in glossary
    assert 'id="outcome-18"' in glossary
