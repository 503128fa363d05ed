"""Every page against every persona: generated from the URL configuration of the page apps, so a
new page without a row in PAGES fails instead of escaping. Each persona gets the page (200), or a
refusal (403/404); never a 500. Anonymous users are sent to sign in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.decisions import api_world as dec
from tests.factories import CASE_READER_PERSONAS, FORCE_PERSONAS, SIGNED_IN_PERSONAS
from tests.orders import world as orders
from tests.safeguarding import api_world as sg
from tests.triage import world as triage
from tests.web.conftest import WebWorld

from lantern.cases import services

# Every namespace but the API's (tests/test_permission_matrix.py covers that one), so a page in
# a new app is covered without anyone remembering to list it here.
NOT_PAGES = {"api"}
PERSONAS = SIGNED_IN_PERSONAS
FORCE = FORCE_PERSONAS
CASE_READERS = CASE_READER_PERSONAS
INTERNAL_READERS = FORCE | {"cps"}
SEARCHERS = set(PERSONAS) - {"analyst", "force_admin"}
FORCE_OFFICERS = FORCE | {"other_force_officer"}
ADVOCATES = {"advocate", "advocate_no_consent", "advocate_withdrawn"}
TRIAGERS = {"spoc", "supervisor"}


@dataclass
class Page:
    allowed: set[str]
    kwargs: Callable[[WebWorld, dict[str, Any]], dict[str, Any]] = lambda w, e: {}
    ok: int = 200
    # Statuses that count as a refusal for this page.
    refused: set[int] = field(default_factory=lambda: {403, 404})


def case_kw(w: WebWorld, e: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w.case.pk}


def referral_kw(w: WebWorld, e: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w.referral.pk}


PAGES: dict[str, Page] = {
    "core:home": Page(set(PERSONAS), ok=302),
    "core:login": Page(set(PERSONAS), ok=302),  # signed-in users are sent home
    "core:logout": Page(set(), refused={405}),  # GET refused: signing out is a POST
    # The second sign-in step and enrolment need a password just accepted: without one, back to sign in.
    "core:signin_code": Page(set(PERSONAS), ok=302),
    "core:signin_enrol": Page(set(PERSONAS), ok=302),
    # A POST (tests/core/test_second_factor.py posts it as each persona).
    "core:reset_second_factor": Page(set(), kwargs=lambda w, e: {"pk": w.oic.pk}, refused={405}),
    "core:search": Page(SEARCHERS),
    "core:force_admin": Page({"force_admin"}),
    "core:audit_log": Page({"force_admin"}),
    "core:account": Page(set(PERSONAS)),
    "core:glossary": Page(set(PERSONAS)),
    "core:revoke_token": Page(set(), kwargs=lambda w, e: {"pk": 1}, refused={405}),  # a POST
    # Force administration (lantern.core.user_admin_views): the administrator of the user's force only.
    "core:add_user": Page({"force_admin"}),
    "core:user_detail": Page({"force_admin"}, lambda w, e: {"pk": w.oic.pk}),
    "core:change_user": Page({"force_admin"}, lambda w, e: {"pk": w.oic.pk}),
    "core:deactivate_user": Page({"force_admin"}, lambda w, e: {"pk": w.oic.pk}),
    "core:reactivate_user": Page(set(), lambda w, e: {"pk": w.oic.pk}, refused={405}),  # a POST
    "core:unlock_user": Page(set(), lambda w, e: {"pk": w.oic.pk}, refused={405}),  # a POST
    "cases:my_cases": Page(FORCE | {"frontline", "other_force_officer", "cps"}),
    "cases:team": Page(FORCE | {"other_force_officer"}),
    "cases:search": Page(set(PERSONAS), ok=302),
    "cases:new": Page(FORCE | {"frontline", "other_force_officer"}),
    "cases:detail": Page(CASE_READERS, case_kw),
    "cases:people": Page(CASE_READERS, case_kw),
    "cases:add_person": Page(FORCE, case_kw),
    "cases:timeline": Page(INTERNAL_READERS, case_kw),
    "cases:edit": Page(FORCE, case_kw),
    "cases:ownership": Page(INTERNAL_READERS, case_kw),
    "cases:handover": Page(INTERNAL_READERS, lambda w, e: {"pk": e["handover"].pk}),
    "cases:transfer": Page(FORCE_OFFICERS, lambda w, e: {"pk": e["transfer"].pk}),
    "people:detail": Page(CASE_READERS, lambda w, e: {"pk": w.victim.pk}),
    "nrm:detail": Page(FORCE, referral_kw),
    "nrm:link": Page(FORCE, referral_kw),
    "nrm:no_crime": Page(FORCE, referral_kw),
    "nrm:record_crime": Page(FORCE, referral_kw),
    "nrm:alerts": Page(FORCE_OFFICERS),
    "nrm:record_referral": Page(FORCE_OFFICERS),
    "nrm:record_dtn": Page(FORCE_OFFICERS),
    "nrm:pass": Page(FORCE, referral_kw),
    # A referral MPS passed to WMP: only WMP's SPOC decides on it.
    "nrm:decide_passing": Page({"spoc"}, lambda w, e: {"pk": e["offer"].pk}),
    "notify:sent_messages": Page(FORCE_OFFICERS),  # demo only: 404 under production settings
    "oversight:force": Page(FORCE_OFFICERS),
    "oversight:national": Page({"analyst"}),
    "oversight:download": Page({"analyst"}),
    "oversight:cases": Page(FORCE_OFFICERS, ok=400),  # no measure named: a 400 with the field; others refused
    "oversight:recommendations": Page(FORCE_OFFICERS | {"analyst"}),
    # Victims' Code (lantern.victims_code)
    "victims_code:case_duties": Page(FORCE, case_kw),
    "victims_code:record_update": Page({"oic"}, case_kw),
    "victims_code:send_update": Page({"oic"}, case_kw),
    "victims_code:record_event": Page(FORCE, case_kw),
    "victims_code:contact_plan": Page({"oic"}, case_kw),
    "victims_code:contact_details": Page({"oic"}, case_kw),
    "victims_code:reveal_contact": Page(FORCE, case_kw),
    "victims_code:enhanced_rights": Page({"oic", "supervisor", "spoc"}, case_kw),
    "victims_code:waive": Page({"oic", "supervisor", "spoc"}, lambda w, e: {"pk": _vc_duty(w).pk}),
    "victims_code:letter_pdf": Page(FORCE, lambda w, e: {"pk": _vc_letter(w).pk}),
    "victims_code:letter_delivered": Page({"oic"}, lambda w, e: {"pk": _vc_letter(w).pk}),
    "victims_code:retry_message": Page(set(), lambda w, e: {"pk": _vc_letter(w).message_id}, refused={405}),
    "victims_code:failures": Page(FORCE | {"frontline", "other_force_officer"}),
    "victims_code:my_duties": Page(FORCE | {"frontline", "other_force_officer"}),
    "victims_code:measures": Page(FORCE | {"other_force_officer", "analyst"}),
    "victims_code:measures_csv": Page(FORCE | {"other_force_officer", "analyst"}),
    # Decisions (lantern.decisions); records made on demand by tests/decisions/api_world.py
    "decisions:case": Page(CASE_READERS, case_kw),
    "decisions:checklist": Page(FORCE, case_kw),
    "decisions:interview": Page(FORCE, case_kw),
    "decisions:account": Page(FORCE, lambda w, e: {"pk": w.case.pk, "victim_pk": w.victim.pk}),
    "decisions:credibility": Page(FORCE, lambda w, e: {"pk": w.case.pk, "victim_pk": w.victim.pk}),
    "decisions:propose": Page({"oic", "supervisor", "spoc"}, case_kw),
    "decisions:new_information": Page(FORCE, case_kw),
    "decisions:reopen": Page({"oic", "supervisor", "spoc"}, case_kw),
    "decisions:cps_new": Page(FORCE, case_kw),
    "decisions:hearing_new": Page(FORCE, case_kw),
    "decisions:work": Page(FORCE | {"frontline", "other_force_officer", "cps"}),
    "decisions:detail": Page(INTERNAL_READERS, lambda w, e: {"pk": dec.proposed(w).pk}),
    # The checklist for every officer of the force; the question only for a supervisor who may answer it.
    "decisions:sign_off": Page(FORCE, lambda w, e: {"pk": dec.proposed(w).pk}),
    "decisions:make_letters": Page(set(), lambda w, e: {"pk": dec.proposed(w).pk}, refused={405}),
    "decisions:close": Page(set(), lambda w, e: {"pk": dec.proposed(w).pk}, refused={405}),
    "decisions:apply_charge": Page(set(), lambda w, e: {"pk": dec.proposed(w).pk}, refused={405}),
    "decisions:correct": Page({"oic", "supervisor", "spoc"}, lambda w, e: {"pk": dec.proposed(w).pk}),
    "decisions:written_reasons": Page(FORCE | {"advocate"}, lambda w, e: {"pk": dec.closed(w).pk}),
    "decisions:review_request": Page(FORCE | {"advocate"}, lambda w, e: {"pk": dec.closed(w).pk}),
    "decisions:agree": Page({"supervisor"}, lambda w, e: {"pk": dec.account_needing_agreement(w).pk}),
    "decisions:letter_pdf": Page(INTERNAL_READERS, lambda w, e: {"pk": dec.letter(w).pk}),
    "decisions:delivered": Page({"oic", "supervisor", "spoc"}, lambda w, e: {"pk": dec.letter(w).pk}),
    "decisions:send_written_reasons": Page(set(), lambda w, e: {"pk": dec.written_request(w).pk}, refused={405}),
    "decisions:review": Page(INTERNAL_READERS, lambda w, e: {"pk": dec.review_request(w).pk}),
    "decisions:task": Page(INTERNAL_READERS, lambda w, e: {"pk": dec.task(w).pk}),
    "decisions:cps_decision": Page(INTERNAL_READERS, lambda w, e: {"pk": dec.submission(w).pk}),
    "decisions:hearing_result": Page(FORCE, lambda w, e: {"pk": dec.hearing(w).pk}),
    # Safeguarding (lantern.safeguarding); records made on demand by tests/safeguarding/api_world.py
    "safeguarding:index": Page(FORCE | {"frontline", "other_force_officer", "analyst"}),
    "safeguarding:start": Page(FORCE | {"frontline", "other_force_officer"}),
    "safeguarding:step": Page(FORCE | {"frontline"}, lambda w, e: {"pk": sg.first_response(w).pk, "step": "signs"}),
    "safeguarding:check": Page(FORCE | {"frontline"}, lambda w, e: {"pk": sg.first_response(w).pk}),
    "safeguarding:done": Page(FORCE | {"frontline"}, lambda w, e: {"pk": sg.sent_first_response(w).pk}),
    "safeguarding:referral": Page(FORCE | {"frontline"}, lambda w, e: {"pk": sg.sent_first_response(w).pk}),
    "safeguarding:referral_pdf": Page(FORCE | {"frontline"}, lambda w, e: {"pk": sg.sent_first_response(w).pk}),
    "safeguarding:guidance": Page(set(PERSONAS)),
    "safeguarding:guidance_page": Page(set(PERSONAS), lambda w, e: {"slug": "nrm"}),
    "safeguarding:alert_seen": Page(set(), lambda w, e: {"pk": sg.alert(w).pk}),  # GET refused: a POST
    "safeguarding:nrm_decisions": Page(FORCE, referral_kw),
    "safeguarding:oversight": Page({"supervisor", "spoc", "analyst"}),
    "safeguarding:interpreters": Page(FORCE | {"frontline", "other_force_officer", "force_admin"}),
    "safeguarding:interpreter_new": Page({"supervisor", "spoc", "force_admin"}),
    # The force's own interpreters, kept by its register keepers (issue 16: edit, retire).
    "safeguarding:interpreter_edit": Page(
        {"supervisor", "spoc", "force_admin"}, lambda w, e: {"pk": sg.interpreter(w).pk}
    ),
    "safeguarding:interpreter_retire": Page(
        {"supervisor", "spoc", "force_admin"}, lambda w, e: {"pk": sg.interpreter(w).pk}
    ),
    "safeguarding:case": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:protect_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:protected_detail": Page(FORCE, lambda w, e: {"case_id": w.case.pk, "pk": sg.protected(w).pk}),
    "safeguarding:disclosure": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:booking_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:booking": Page(FORCE, lambda w, e: {"case_id": w.case.pk, "pk": sg.booking(w).pk}),
    "safeguarding:section45_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:section45_detail": Page(FORCE, lambda w, e: {"case_id": w.case.pk, "pk": sg.s45(w).pk}),
    "safeguarding:charge_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:share_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    "safeguarding:share_detail": Page(FORCE, lambda w, e: {"case_id": w.case.pk, "pk": sg.share(w).pk}),
    "safeguarding:status_event_new": Page(FORCE, lambda w, e: {"case_id": w.case.pk}),
    # Prevention and risk orders (lantern.orders): an MPS order managed by WMP (tests/orders/world.py)
    "orders:register": Page(FORCE_OFFICERS),
    "orders:new": Page(FORCE, lambda w, e: {"case_pk": w.case.pk}),
    "orders:detail": Page(FORCE_OFFICERS, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:decide": Page(FORCE, lambda w, e: {"pk": orders.draft(w.world).pk}),
    "orders:prohibition": Page(FORCE, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:notification": Page(FORCE, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:review": Page(FORCE, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:court_decision": Page(FORCE, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:breach": Page(FORCE_OFFICERS, lambda w, e: {"pk": orders.granted(w.world).pk}),
    "orders:offer": Page({"supervisor", "spoc"}, lambda w, e: {"pk": orders.mps_offer(w.world).pk}),
    # Portal (lantern.portal): the advocate's pages need a standing consent ("advocate_withdrawn"
    # lost theirs); the police's "Victim access" tab; POST-only actions refuse GET.
    "portal:clients": Page(ADVOCATES),
    "portal:client_case": Page({"advocate"}, lambda w, e: {"case_id": w.case.pk}),
    "portal:advocate_withdraw": Page(set(), lambda w, e: {"case_id": w.case.pk}, refused={405}),
    # The organisation's consent page: every advocate of an organisation (no case on it; the
    # organisation's own clients by name); the withdrawal is a POST (GET refused).
    "portal:advocate_consent": Page(ADVOCATES),
    "portal:advocate_consent_withdraw": Page(set(), lambda w, e: {"consent_pk": 1}, refused={405}),
    "portal:advocate_feedback": Page({"advocate"}, lambda w, e: {"case_id": w.case.pk}),
    "portal:case_access": Page(FORCE, case_kw),
    "portal:invitations": Page(FORCE, case_kw),
    "portal:consent_new": Page(set(), case_kw, refused={405}),
    "portal:consent_withdraw": Page(set(), lambda w, e: {"pk": w.case.pk, "consent_pk": 1}, refused={405}),
    "portal:invitation_issue": Page(set(), case_kw, refused={405}),
    "portal:invitation_revoke": Page(set(), lambda w, e: {"pk": w.case.pk, "invitation_pk": 1}, refused={405}),
    "portal:requests": Page(FORCE | {"other_force_officer", "analyst"}),
    # The victim's pages need no account (a link and a passcode; tests/portal covers valid,
    # revoked and locked links): a staff session opens nothing, only the passcode page.
    "portal:victim_start": Page(set(PERSONAS), lambda w, e: {"token": GUESSED}),
    "portal:victim_page": Page(set(PERSONAS), lambda w, e: {"token": GUESSED}, ok=302),
    "portal:victim_letter": Page(set(PERSONAS), lambda w, e: {"token": GUESSED, "letter_pk": 1}, ok=302),
    "portal:victim_feedback": Page(set(PERSONAS), lambda w, e: {"token": GUESSED}, ok=302),
    # Triage and allocation (lantern.triage): the SPOC's home; training records by the administrator
    "triage:queue": Page(TRIAGERS),
    "triage:item": Page(TRIAGERS, lambda w, e: {"pk": triage.item(w.world).pk}),
    "triage:assess": Page(TRIAGERS, lambda w, e: {"pk": triage.item(w.world).pk}),
    "triage:allocate": Page(TRIAGERS, lambda w, e: {"pk": triage.assessed_item(w.world).pk}),
    "triage:skills": Page(TRIAGERS | {"force_admin"}),
    "triage:officer_skills": Page({"force_admin"}, lambda w, e: {"pk": w.oic.pk}),
    "triage:withdraw_training": Page(set(), lambda w, e: {"pk": 1}, refused={405}),
    "triage:operations": Page(TRIAGERS),
    "triage:operation": Page(TRIAGERS, lambda w, e: {"pk": triage.operation(w.world).pk}),
}
GUESSED = "a-guessed-link-that-opens-nothing"
PUBLIC = {"portal:victim_start", "portal:victim_page", "portal:victim_letter", "portal:victim_feedback"}


def _vc_duty(w: WebWorld) -> Any:
    """A Victims' Code duty owed to the case's victim (build_world adds parties without the service)."""
    from lantern.victims_code import services as victims_code
    from lantern.victims_code.models import Duty

    victims_code.on_victim_added(w.case, w.victim, w.oic)
    return Duty.objects.filter(case=w.case, victim=w.victim).order_by("id").first()


def _vc_letter(w: WebWorld) -> Any:
    """An update to the victim sent as a letter (so there is a PDF and an outbox message)."""
    from lantern.victims_code import sending
    from lantern.victims_code.models import VictimUpdate

    existing = VictimUpdate.objects.filter(case=w.case, letter__isnull=False).first()
    if existing is not None:
        return existing
    letter = sending.OutgoingUpdate(w.victim, "letter", "Your case is being investigated.")
    return sending.send_update(w.oic, w.case, letter)


def _walk(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace and namespace not in NOT_PAGES:
            names.append(f"{namespace}:{pattern.name}")
    return names


def test_every_page_has_a_row() -> None:
    missing = sorted(set(_walk(get_resolver().url_patterns)) - set(PAGES))
    assert not missing, f"Add these pages to PAGES in {__file__}: {missing}"


def _extras(w: WebWorld) -> dict[str, Any]:
    handover = services.offer_handover(w.oic, w.case, w.colleague, "Going on leave")
    # A transfer from the MPS to WMP, waiting for a WMP supervisor or SPOC to decide.
    transfer = services.request_transfer(w.other_force_officer, w.other_case, w.wmp, "The victim moved to Birmingham")
    return {"handover": handover, "transfer": transfer, "offer": _offer_to_wmp(w)}


def _offer_to_wmp(w: WebWorld) -> Any:
    """An NRM referral received by the MPS and passed to WMP, waiting for WMP's SPOC."""
    from django.utils import timezone
    from tests.factories import person

    from lantern.nrm import passing
    from lantern.nrm import services as nrm_services

    incoming = nrm_services.receive_referral(
        w.other_force_officer,
        reference="NRM-PAGES-2",
        person=person("Besa", "Krasniqi"),
        first_responder="LA",
        referred_at=timezone.now(),
    )
    return passing.pass_referral(w.other_force_officer, incoming, w.wmp, "Exploited in Birmingham")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_by_persona(web: WebWorld, client: Client, name: str) -> None:
    """Every persona in turn against one page, then a signed-out visitor; the world is built once
    per page and each persona's request runs in a savepoint that is rolled back."""
    page = PAGES[name]
    url = reverse(name, kwargs=page.kwargs(web, _extras(web)))
    failures: list[str] = []
    for persona in PERSONAS:
        with transaction.atomic():
            client.force_login(getattr(web, persona))
            response = client.get(url)
            if persona in page.allowed:
                if response.status_code != page.ok:
                    failures.append(f"{persona}: expected {page.ok}, got {response.status_code}")
            elif response.status_code not in page.refused:
                failures.append(f"{persona}: expected one of {sorted(page.refused)}, got {response.status_code}")
            client.logout()
            transaction.set_rollback(True)
    if name not in {"core:login", "core:logout"} | PUBLIC:
        # Signed out: every page but the public ones sends the visitor to sign in.
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(reverse("core:login")):
            failures.append(f"anonymous: expected a redirect to sign in, got {response.status_code}")
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("oic", "cases:my_cases"),
        ("frontline", "cases:my_cases"),
        ("cps", "cases:my_cases"),
        ("analyst", "oversight:national"),
        ("advocate", "portal:clients"),
        ("force_admin", "core:force_admin"),
        ("spoc", "triage:queue"),
        ("supervisor", "cases:my_cases"),
    ],
)
def test_home_sends_each_role_to_its_page(web: WebWorld, client: Client, persona: str, expected: str) -> None:
    client.force_login(getattr(web, persona))
    response = client.get(reverse("core:home"))
    assert response["Location"] == reverse(expected)
