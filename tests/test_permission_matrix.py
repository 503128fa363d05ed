"""Every role against every URL: generated from the URL configuration, so that a new page or
endpoint without a row in EXPECTED fails this test instead of escaping it.

Each row names the URL, how to build its arguments and body from the test world, and the
status each persona must get. Anything not listed as allowed must be refused (401/403/404, or a
redirect to sign in for pages) and must leave no trace of a change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from tests.decisions import api_world as dec
from tests.factories import (
    CASE_READER_PERSONAS,
    FORCE_PERSONAS,
    PASSWORD,
    SIGNED_IN_PERSONAS,
    World,
    build_world,
    new_case,
    person,
)
from tests.orders import world as orders
from tests.safeguarding import api_world as sg
from tests.triage import world as triage

from lantern.cases import services
from lantern.core.auth import issue_token
from lantern.nrm import passing
from lantern.nrm import services as nrm_services

PERSONAS = [*SIGNED_IN_PERSONAS, "anonymous"]
FORCE = FORCE_PERSONAS
CASE_READERS = CASE_READER_PERSONAS
RECORDERS = FORCE | {"frontline", "other_force_officer"}
ALL_SIGNED_IN = set(PERSONAS) - {"anonymous"}
DENIED = {401, 403, 404}
# Advocates of the victim's organisation (with, without and after withdrawn consent).
ADVOCATES = {"advocate", "advocate_no_consent", "advocate_withdrawn"}
# The force's triage officers (SPOC) and supervisors (lantern.triage).
TRIAGERS = {"spoc", "supervisor"}


@dataclass
class Row:
    method: str = "GET"
    allowed: set[str] = field(default_factory=set)
    ok: int = 200
    kwargs: Callable[[World, dict[str, Any]], dict[str, Any]] = lambda w, extra: {}
    body: Callable[[World, dict[str, Any]], dict[str, Any]] = lambda w, extra: {}
    query: Callable[[World, dict[str, Any]], dict[str, Any]] = lambda w, extra: {}


def case_kw(w: World, extra: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": w.case.pk}


API: dict[str, Row] = {
    "lookup_endpoint": Row(
        allowed=ALL_SIGNED_IN - {"analyst", "force_admin"}, query=lambda w, e: {"q": "20/000123/26"}
    ),
    "list_cases": Row(allowed=ALL_SIGNED_IN),
    "create_case": Row("POST", RECORDERS, 201, body=lambda w, e: {"crime_reference": "77/000001/26"}),
    "get_case": Row(allowed=CASE_READERS, kwargs=case_kw),
    "patch_case": Row(
        "PATCH", FORCE, kwargs=case_kw, body=lambda w, e: {"version": w.case.version, "summary": "changed"}
    ),
    "list_parties": Row(allowed=CASE_READERS, kwargs=case_kw),
    "add_party": Row(
        "POST", FORCE, 201, kwargs=case_kw, body=lambda w, e: {"person_id": w.victim.pk, "role": "witness"}
    ),
    "timeline": Row(allowed=FORCE | {"cps"}, kwargs=case_kw),
    "offer_handover": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        201,
        kwargs=lambda w, e: {"case_id": e["case2"].pk},
        body=lambda w, e: {"to_officer_id": w.colleague.pk, "reason": "Leave"},
    ),
    "accept_handover": Row("POST", {"colleague"}, kwargs=lambda w, e: {"handover_id": e["handover"].pk}),
    "decline_handover": Row(
        "POST", {"colleague"}, kwargs=lambda w, e: {"handover_id": e["handover"].pk}, body=lambda w, e: {"note": "busy"}
    ),
    "withdraw_handover": Row(
        "POST", {"oic", "supervisor", "spoc"}, kwargs=lambda w, e: {"handover_id": e["handover"].pk}
    ),
    "request_transfer": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        201,
        kwargs=case_kw,
        body=lambda w, e: {"to_force_code": "MPS", "reason": "Moved"},
    ),
    "accept_transfer": Row(
        "POST",
        {"supervisor", "spoc"},
        kwargs=lambda w, e: {"transfer_id": e["transfer"].pk},
        body=lambda w, e: {"new_crime_reference": "20/000555/26", "new_officer_id": w.oic.pk},
    ),
    "decline_transfer": Row(
        "POST",
        {"supervisor", "spoc"},
        kwargs=lambda w, e: {"transfer_id": e["transfer"].pk},
        body=lambda w, e: {"note": "no"},
    ),
    "create_person": Row(
        "POST", RECORDERS, 201, body=lambda w, e: {"names": [{"given_names": "Ana", "family_name": "Pop"}]}
    ),
    "get_person": Row(allowed=CASE_READERS, kwargs=lambda w, e: {"person_id": w.victim.pk}),
    "receive": Row(
        "POST",
        FORCE,
        201,
        body=lambda w, e: {
            "reference": "NRM-NEW-1",
            "person_id": w.victim.pk,
            "first_responder": "LA",
            "referred_at": timezone.now().isoformat(),
        },
    ),
    "get_referral": Row(allowed=CASE_READERS, kwargs=lambda w, e: {"referral_id": e["referral"].pk}),
    "link": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"referral_id": e["referral"].pk},
        body=lambda w, e: {"case_id": e["case2"].pk},
    ),
    "no_crime": Row(
        "POST", FORCE, kwargs=lambda w, e: {"referral_id": e["referral"].pk}, body=lambda w, e: {"reason": "Overseas"}
    ),
    "alerts": Row(allowed=FORCE | {"other_force_officer"}),
    "record_dtn": Row(
        "POST",
        FORCE | {"other_force_officer"},
        201,
        body=lambda w, e: {
            "reference": "DTN-MATRIX-1",
            "notified_at": timezone.now().isoformat(),
            "exploitation_types": ["labour"],
        },
    ),
    "pass_referral": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"referral_id": e["referral"].pk},
        body=lambda w, e: {"to_force_code": "MPS", "reason": "Exploited in London"},
    ),
    # A referral the MPS passed to WMP: only WMP's SPOC accepts or returns it.
    "accept_passing": Row("POST", {"spoc"}, kwargs=lambda w, e: {"passing_id": e["offer"].pk}),
    "return_passing": Row(
        "POST", {"spoc"}, kwargs=lambda w, e: {"passing_id": e["offer"].pk}, body=lambda w, e: {"reason": "Not ours"}
    ),
    # Victims' Code (lantern.victims_code.api)
    "vc_case_duties": Row(allowed=FORCE, kwargs=case_kw),
    "vc_record_event": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {"kind": "suspect_arrested", "occurred_at": timezone.now().isoformat()},
    ),
    "vc_record_update": Row(
        "POST",
        {"oic"},
        201,
        kwargs=case_kw,
        body=lambda w, e: {
            "given_at": timezone.now().isoformat(),
            "channel": "phone",
            "language": "lv",
            "summary": "Told",
        },
    ),
    "vc_waive_duty": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        kwargs=lambda w, e: {"duty_id": _a_duty(w).pk},
        body=lambda w, e: {"reason": "The victim asked not to be contacted about it"},
    ),
    "vc_contact_plan": Row(
        "POST",
        {"oic"},
        201,
        kwargs=case_kw,
        body=lambda w, e: {"interval_days": 28, "channel": "phone", "language": "lv"},
    ),
    "vc_my_duties": Row(allowed=FORCE | {"frontline", "other_force_officer"}),
    "vc_measures": Row(
        allowed=FORCE | {"other_force_officer", "analyst"},
        query=lambda w, e: {"start": "2026-01-01", "end": "2026-12-31", "by": "force"},
    ),
    # Safeguarding (lantern.safeguarding.api); records made on demand by tests/safeguarding/api_world.py
    "start_first_response": Row("POST", RECORDERS, 201),
    "get_first_response": Row(allowed=FORCE | {"frontline"}, kwargs=lambda w, e: {"fr_id": sg.first_response(w).pk}),
    "update_first_response": Row(
        "PATCH",
        FORCE | {"frontline"},
        kwargs=lambda w, e: {"fr_id": sg.first_response(w).pk},
        body=lambda w, e: {"answers": {"age_now": "adult"}},
    ),
    "complete_first_response": Row(
        "POST",
        FORCE | {"frontline"},
        kwargs=lambda w, e: {"fr_id": sg.first_response(w, complete=True).pk},
        body=lambda w, e: {"reference": "NRM-API-000001"},
    ),
    "record_nrm_decision": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"referral_id": e["referral"].pk},
        body=lambda w, e: {"kind": "rg", "positive": True, "decided_on": timezone.localdate().isoformat()},
    ),
    "check_interpreter": Row(
        "POST",
        FORCE,
        body=lambda w, e: {"person_id": w.victim.pk, "language": "lv", "on": "2026-12-01"},
    ),
    "propose_interpreter_booking": Row(
        "POST",
        FORCE,
        201,
        body=lambda w, e: {
            "person_id": w.victim.pk,
            "case_id": w.case.pk,
            "interpreter_id": sg.interpreter(w).pk,
            "language": "lv",
            "purpose": "update",
            "booked_for": timezone.now().isoformat(),
        },
    ),
    "confirm_interpreter_booking": Row(
        "POST",
        FORCE,
        kwargs=lambda w, e: {"booking_id": sg.booking(w).pk},
        body=lambda w, e: {"override_reason": ""},
    ),
    "record_section45": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: sg.case_with_victim_suspect(w),
        body=lambda w, e: sg.s45_body(w),
    ),
    "review_section45": Row(
        "POST",
        {"supervisor"},
        kwargs=lambda w, e: {"s45_id": sg.s45(w).pk},
        body=lambda w, e: {"agree": True},
    ),
    "record_charge": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {"person_id": w.suspect.pk, "offence_description": "MSA s2", "charged_on": "2026-03-01"},
    ),
    "propose_immigration_share": Row("POST", FORCE, 201, body=lambda w, e: sg.share_body(w)),
    "decide_immigration_share": Row(
        "POST",
        {"supervisor"},
        kwargs=lambda w, e: {"share_id": sg.share(w).pk},
        body=lambda w, e: {"approve": True},
    ),
    "record_immigration_status": Row(
        "POST",
        FORCE,
        201,
        body=lambda w, e: {"person_id": w.victim.pk, "kind": "detained", "occurred_on": "2026-03-01", "source": "HO"},
    ),
    "protect_detail": Row(
        "POST",
        FORCE,
        201,
        body=lambda w, e: {
            "case_id": w.case.pk,
            "kind": "phone",
            "label": "New phone",
            "value": "07700 900999",
            "reason": "Exploiters have the old number",
        },
    ),
    "reveal_protected_detail": Row(
        "POST",
        FORCE,
        kwargs=lambda w, e: {"detail_id": sg.protected(w).pk},
        body=lambda w, e: {"reason": "Arranging the ABE interview"},
    ),
    "disclosure_export": Row(
        "POST",
        FORCE,
        kwargs=case_kw,
        body=lambda w, e: {"recipient": "CPS", "reason": "Disclosure to the defence"},
    ),
    "safeguarding_counts": Row(allowed={"supervisor", "spoc", "analyst"}),
    # Oversight (lantern.oversight.api)
    "oversight_measures": Row(allowed=FORCE | {"other_force_officer", "analyst"}, query=lambda w, e: _quarter()),
    "oversight_publication": Row(allowed={"analyst"}, query=lambda w, e: _quarter()),
    # Decisions (lantern.decisions.api); records made on demand by tests/decisions/api_world.py
    "dec_case_decisions": Row(allowed=FORCE | {"cps"}, kwargs=case_kw),
    "dec_get_decision": Row(allowed=FORCE | {"cps"}, kwargs=lambda w, e: {"decision_id": dec.proposed(w).pk}),
    "dec_work_list": Row(allowed=FORCE | {"frontline", "other_force_officer", "cps"}),
    "dec_answer_enquiry": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {"item": "financial", "answer": "not_possible", "note": "No accounts found"},
    ),
    "dec_record_interview": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {
            "suspect_id": w.suspect.pk,
            "interviewed_on": dec.today().isoformat(),
            "under_caution": True,
            "circumstances": "voluntary",
        },
    ),
    "dec_record_account": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {
            "victim_id": w.victim.pk,
            "taken": True,
            "taken_on": dec.today().isoformat(),
            "method": "abe_interview",
        },
    ),
    "dec_agree_account": Row(
        "POST",
        {"supervisor"},
        kwargs=lambda w, e: {"account_id": dec.account_needing_agreement(w).pk},
        body=lambda w, e: {"note": "Every reasonable attempt was made"},
    ),
    "dec_record_credibility": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {"victim_id": w.victim.pk, "a_factor": False},
    ),
    "dec_propose": Row(
        "POST", {"oic", "supervisor", "spoc"}, 201, kwargs=case_kw, body=lambda w, e: dec.decision_body()
    ),
    "dec_sign_off": Row(
        "POST",
        {"supervisor"},
        kwargs=lambda w, e: {"decision_id": dec.proposed(w, ready=True).pk},
        body=lambda w, e: {"agreed": True},
    ),
    "dec_make_letters": Row(
        "POST", {"oic", "supervisor", "spoc"}, 201, kwargs=lambda w, e: {"decision_id": dec.signed_off(w).pk}
    ),
    "dec_close": Row("POST", {"oic", "supervisor", "spoc"}, kwargs=lambda w, e: {"decision_id": dec.lettered(w).pk}),
    "dec_apply_charge": Row(
        "POST", {"oic", "supervisor", "spoc"}, kwargs=lambda w, e: {"decision_id": dec.charge_proposed(w).pk}
    ),
    "dec_correct": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        201,
        kwargs=lambda w, e: {"decision_id": dec.proposed(w).pk},
        body=lambda w, e: {**dec.decision_body("14"), "correction_reason": "The victim withdrew support"},
    ),
    "dec_record_delivery": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        kwargs=lambda w, e: {"letter_id": dec.letter(w).pk},
        body=lambda w, e: {"method": "posted", "delivered_at": timezone.now().isoformat()},
    ),
    "dec_request_written_reasons": Row(
        "POST",
        FORCE | {"advocate"},
        201,
        kwargs=lambda w, e: {"decision_id": dec.closed(w).pk},
        body=lambda w, e: {"victim_id": w.victim.pk, "received_on": dec.today().isoformat(), "requester": "victim"},
    ),
    "dec_send_written_reasons": Row(
        "POST", {"oic", "supervisor", "spoc"}, kwargs=lambda w, e: {"request_id": dec.written_request(w).pk}
    ),
    "dec_request_review": Row(
        "POST",
        FORCE | {"advocate"},
        201,
        kwargs=lambda w, e: {"decision_id": dec.closed(w, reviewable=True).pk},
        body=lambda w, e: {"victim_id": w.victim.pk, "received_on": dec.today().isoformat(), "requester": "victim"},
    ),
    "dec_acknowledge_review": Row(
        "POST",
        {"oic"},
        kwargs=lambda w, e: {"request_id": dec.review_request(w).pk},
        body=lambda w, e: {"given_at": timezone.now().isoformat(), "channel": "phone", "summary": "Received"},
    ),
    "dec_assign_reviewer": Row(
        "POST",
        {"supervisor"},
        kwargs=lambda w, e: {"request_id": dec.review_request(w).pk},
        body=lambda w, e: {"reviewer_id": dec.reviewer(w).pk},
    ),
    "dec_review_result": Row(  # only the reviewer assigned, who is none of the personas
        "POST",
        set(),
        kwargs=lambda w, e: {"request_id": dec.review_request(w, assigned=True).pk},
        body=lambda w, e: {"result": "upheld", "reasons": "Everything reasonable was done"},
    ),
    "dec_new_information": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"case_id": dec.closed(w).case_id},
        body=lambda w, e: {
            "kind": "trafficker_contact",
            "received_on": dec.today().isoformat(),
            "summary": "Messages from the exploiter",
        },
    ),
    "dec_complete_task": Row(
        "POST",
        {"oic", "supervisor"},
        kwargs=lambda w, e: {"task_id": dec.task(w).pk},
        body=lambda w, e: {"reopen": False, "reasons": "Already known; nothing new to follow"},
    ),
    "dec_reopen": Row(
        "POST",
        {"oic", "supervisor", "spoc"},
        kwargs=lambda w, e: {"case_id": dec.closed(w).case_id},
        body=lambda w, e: {"reason": "A new witness"},
    ),
    "dec_submit_to_cps": Row(
        "POST",
        FORCE,
        201,
        kwargs=case_kw,
        body=lambda w, e: {
            "kind": "pre_charge",
            "organisation_id": dec.cps_org().pk,
            "submitted_on": dec.today().isoformat(),
            "summary": "Charge under s1?",
        },
    ),
    "dec_cps_decision": Row(
        "POST",
        FORCE | {"cps"},
        kwargs=lambda w, e: {"submission_id": dec.submission(w).pk},
        body=lambda w, e: {"decision": "no_charge", "decided_on": dec.today().isoformat(), "note": "Insufficient"},
    ),
    "dec_record_hearing_result": Row(
        "POST",
        FORCE,
        kwargs=lambda w, e: {"hearing_id": dec.hearing(w).pk},
        body=lambda w, e: {"result": "Sent to the Crown Court", "result_on": dec.today().isoformat()},
    ),
    "dec_record_hearing": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: dec.charged(w),
        body=lambda w, e: {
            "defendant_id": w.suspect.pk,
            "kind": "first",
            "hearing_at": timezone.now().isoformat(),
            "court": "Birmingham Magistrates' Court",
        },
    ),
    # Prevention and risk orders (lantern.orders.api); tests/orders/world.py: an MPS order managed by WMP
    "list_orders": Row(allowed=FORCE | {"other_force_officer"}),
    "create_order": Row(
        "POST",
        FORCE,
        201,
        body=lambda w, e: {
            "kind": "stro",
            "subject_id": w.suspect.pk,
            "managing_force_code": "WMP",
            "managing_officer_id": w.oic.pk,
            "court": "Birmingham Magistrates' Court",
            "case_ids": [w.case.pk],
        },
    ),
    "get_order": Row(allowed=FORCE | {"other_force_officer"}, kwargs=lambda w, e: {"order_id": orders.granted(w).pk}),
    "decide_order": Row(
        "POST",
        FORCE,
        kwargs=lambda w, e: {"order_id": orders.draft(w).pk},
        body=lambda w, e: {"granted": False, "decided_on": orders.today().isoformat()},
    ),
    "add_prohibition": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {"text": "Not to act as a gangmaster"},
    ),
    "record_notification": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {
            "names": "Dmitri Volkov",
            "address": "1 High St",
            "address_force_code": "WMP",
            "notified_on": orders.today().isoformat(),
        },
    ),
    "record_review": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {"reviewed_on": orders.today().isoformat(), "summary": "Compliant"},
    ),
    "record_court_decision": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {
            "kind": "variation",
            "decided_on": orders.today().isoformat(),
            "court": "Southwark Crown Court",
            "summary": "Added a prohibition on visiting car washes",
        },
    ),
    "record_breach": Row(
        "POST",
        FORCE | {"other_force_officer"},
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {
            "occurred_on": orders.today().isoformat(),
            "summary": "Seen at a car wash",
            "crime_reference": "20/900001/26",
        },
    ),
    "offer_order": Row(
        "POST",
        FORCE,
        201,
        kwargs=lambda w, e: {"order_id": orders.granted(w).pk},
        body=lambda w, e: {"to_force_code": "MPS", "reason": "He moved to London"},
    ),
    "accept_order_offer": Row(
        "POST",
        {"supervisor", "spoc"},
        kwargs=lambda w, e: {"offer_id": orders.mps_offer(w).pk},
        body=lambda w, e: {"officer_id": w.oic.pk},
    ),
    "decline_order_offer": Row(
        "POST",
        {"supervisor", "spoc"},
        kwargs=lambda w, e: {"offer_id": orders.mps_offer(w).pk},
        body=lambda w, e: {"note": "He is in prison"},
    ),
    # Portal (lantern.portal.api): advocates with a standing consent; "advocate_withdrawn" lost it
    "my_clients": Row(allowed=ALL_SIGNED_IN),  # an empty list for anyone without clients
    "request_update": Row("POST", {"advocate"}, 201, kwargs=case_kw, body=lambda w, e: {"message": "Any news?"}),
    "record_consent": Row(
        "POST",
        FORCE | ADVOCATES,
        201,
        body=lambda w, e: {
            "person_id": w.victim.pk,
            "advocate_id": w.advocate_no_consent.pk,
            "organisation_id": w.advocate.organisation_id,
            "given_how": "orally_interpreter",
            "interpreter_language": "lv",
        },
    ),
    "withdraw_consent": Row(
        "POST",
        FORCE | ADVOCATES,
        kwargs=lambda w, e: {"consent_id": _standing_consent(w).pk},
        body=lambda w, e: {"reason": "The victim asked"},
    ),
    # Triage and allocation (lantern.triage.api): the WMP case's item (tests/triage/world.py)
    "list_triage_items": Row(allowed=TRIAGERS),
    "get_triage_item": Row(allowed=TRIAGERS, kwargs=lambda w, e: {"item_id": triage.item(w).pk}),
    "assess_triage_item": Row(
        "POST",
        TRIAGERS,
        201,
        kwargs=lambda w, e: {"item_id": triage.item(w).pk},
        body=lambda w, e: {
            "risk_to_victim": "high",
            "risk_to_others": "low",
            "organised_crime": "suspected",
            "safeguarding_done": True,
        },
    ),
    "triage_candidates": Row(allowed=TRIAGERS, kwargs=lambda w, e: {"item_id": triage.item(w).pk}),
    "allocate_triage_item": Row(
        "POST",
        TRIAGERS,
        201,
        kwargs=lambda w, e: {"item_id": triage.assessed_item(w).pk},
        body=lambda w, e: {"officer_id": w.colleague.pk, "reason": "Speaks Latvian"},
    ),
    "list_training": Row(allowed=TRIAGERS | {"force_admin"}, kwargs=lambda w, e: {"officer_id": w.oic.pk}),
    "record_training": Row(
        "POST",
        {"force_admin"},
        201,
        kwargs=lambda w, e: {"officer_id": w.oic.pk},
        body=lambda w, e: {"skill": "pip2", "achieved_on": "2024-03-01"},
    ),
    "list_operations": Row(allowed=TRIAGERS),
    "create_operation": Row(
        "POST", TRIAGERS, 201, body=lambda w, e: {"name": "Operation Kestrel", "lead_force_code": "WMP"}
    ),
    "add_operation_case": Row(
        "POST",
        TRIAGERS,
        201,
        kwargs=lambda w, e: {"operation_id": triage.operation(w).pk},
        body=lambda w, e: {"case_id": w.case.pk},
    ),
    "unqualified_allocation_count": Row(allowed=TRIAGERS),
}


def _quarter() -> dict[str, Any]:
    from lantern.core.clock import today
    from lantern.oversight.filters import current_quarter

    return {"period": current_quarter(today())}


def _standing_consent(w: World) -> Any:
    from lantern.cases.models import AdvocateAssignment

    return AdvocateAssignment.objects.standing().get(advocate=w.advocate, person=w.victim)


def _a_duty(w: World) -> Any:
    """A Victims' Code duty owed to the case's victim (build_world adds parties without the service)."""
    from lantern.victims_code import services as victims_code
    from lantern.victims_code.models import Duty

    victims_code.on_victim_added(w.case, w.victim, w.oic)
    return Duty.objects.filter(case=w.case, victim=w.victim).order_by("id").first()


# The API's own documents are public by design (no data in them).
API_PUBLIC = {"openapi-json", "openapi-view", "api-root"}


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            found += [
                (route, f"{ns}{name}" if name and ns and not name.startswith(ns) else name)
                for route, name in _walk(p.url_patterns, prefix + str(p.pattern))
            ]
        elif isinstance(p, URLPattern):
            found.append((prefix + str(p.pattern), p.name))
    return found


def api_url_names() -> list[str]:
    return [
        name.split(":", 1)[1]
        for route, name in _walk(get_resolver().url_patterns)
        if name and route.startswith("api/v1/") and name.split(":", 1)[1] not in API_PUBLIC
    ]


def test_every_api_endpoint_has_a_row() -> None:
    missing = sorted(set(api_url_names()) - set(API))
    assert not missing, f"Add these endpoints to the permission matrix: {missing}"


def _world_with_extras() -> tuple[World, dict[str, Any]]:
    w = build_world()
    handover = services.offer_handover(w.oic, w.case, w.colleague, "Leave")
    # A transfer from the MPS to WMP, waiting for a WMP supervisor or SPOC to decide.
    transfer = services.request_transfer(w.other_force_officer, w.other_case, w.wmp, "Victim moved to Birmingham")
    referral = nrm_services.receive_referral(
        w.oic, reference="NRM-MATRIX-1", person=w.victim, first_responder="LA", referred_at=timezone.now()
    )
    nrm_services.link_referral(w.oic, referral, w.case)
    case2 = new_case(w.oic, "20/000124/26")
    incoming = nrm_services.receive_referral(
        w.other_force_officer,
        reference="NRM-MATRIX-2",
        person=person("Besa", "Krasniqi"),
        first_responder="LA",
        referred_at=timezone.now(),
    )
    offer = passing.pass_referral(w.other_force_officer, incoming, w.wmp, "Exploited in Birmingham")
    return w, {"handover": handover, "transfer": transfer, "referral": referral, "case2": case2, "offer": offer}


def _client_for(w: World, persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(getattr(w, persona))}")


# Tables a refused request is expected to write: the audit log records the refusal, a token's
# last use is stamped even when the endpoint then refuses, and failed sign-ins are counted.
_WRITTEN_ON_REFUSAL = {"core_auditentry", "core_apitoken", "core_signinfailure"}


def _fingerprint() -> str:
    """A digest of every row of every Lantern table except those above: a refused request that
    created, changed or deleted anything at all moves it. One SELECT per table, no ORM: the
    matrix takes it twice for each refused persona of each endpoint."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        {
            table
            for config in apps.get_app_configs()
            if config.name.startswith("lantern.")
            for model in config.get_models(include_auto_created=True)
            if (table := model._meta.db_table) not in _WRITTEN_ON_REFUSAL
        }
    )
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608 - table names from the models
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API))
def test_api_endpoint_by_role(name: str) -> None:
    """Every persona in turn against one endpoint. The world is built once per endpoint; each
    persona's request runs in a savepoint that is rolled back, so each sees the same data."""
    row = API[name]
    w, extra = _world_with_extras()
    url = reverse(f"api:{name}", kwargs=row.kwargs(w, extra))
    failures: list[str] = []
    for persona in PERSONAS:
        with transaction.atomic():
            client = _client_for(w, persona)
            # The row's body and query may create what they name (a review request to assign, say):
            # build them before the fingerprint, so that only the request itself is judged.
            query, body = row.query(w, extra), row.body(w, extra)
            before = _fingerprint()
            if row.method == "GET":
                response = client.get(url, query)
            else:
                response = getattr(client, row.method.lower())(
                    url, data=json.dumps(body), content_type="application/json"
                )
            if persona in row.allowed:
                if response.status_code != row.ok:
                    failures.append(
                        f"{persona}: expected {row.ok}, got {response.status_code} {response.content[:200]!r}"
                    )
            elif response.status_code not in DENIED:
                failures.append(f"{persona}: expected a refusal, got {response.status_code} {response.content[:200]!r}")
            elif _fingerprint() != before:
                failures.append(f"{persona}: refused but changed data")
            transaction.set_rollback(True)
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_and_lookup_show_only_visible_cases(persona: str) -> None:
    w, _extra = _world_with_extras()
    client = _client_for(w, persona)
    listed = client.get("/api/v1/cases")
    found = client.get("/api/v1/lookup", {"q": "Ilze Berzina"})
    if persona == "anonymous":
        assert listed.status_code == 401
        assert found.status_code == 401
        return
    ids = {c["id"] for c in listed.json()}
    assert (w.case.pk in ids) == (persona in CASE_READERS), persona
    if found.status_code == 200:
        found_ids = {c["case"]["id"] for c in found.json()["cases"]}
        assert (w.case.pk in found_ids) == (persona in CASE_READERS), persona


__all__ = ["PASSWORD"]
