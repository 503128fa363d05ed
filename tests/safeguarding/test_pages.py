"""The safeguarding pages through Django's test client: the first response question by question
to a referral and to a Duty to Notify, bad input refused with field messages (400, never 500),
the protected-detail and disclosure pages, and the oversight counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.factories import World, build_world, new_case, person

from lantern.cases.models import CaseParty
from lantern.core.models import AuditEntry
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.models import FirstResponse, ImmigrationShare
from lantern.safeguarding.protected import protection
from lantern.safeguarding.section45 import considerations as section45
from lantern.safeguarding.sharing import ledger

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Recruited in Tirana with a promise of restaurant work; made to work in a nail bar in Coventry seven days a "
    "week, wages kept by the boss, passport taken, threatened when she asked to leave."
)

ADULT_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("signs", {"indicators": ["no_documents", "no_or_little_pay"], "encountered_area": "Coventry"}),
    ("danger", {"in_immediate_danger": "no"}),
    ("safety", {"place_of_safety": "safe_house", "place_of_safety_by": "Salvation Army", "needs": ["food"]}),
    ("age", {"age_now": "adult", "under_18_at_exploitation": "no"}),
    ("communication", {"told_language": "sq", "told_through": "interpreter_phone"}),
    ("explain", {"explained": ["explained_nrm", "explained_support", "explained_outcomes"]}),
    ("consent", {"consent": "given"}),
    (
        "account",
        {
            "narrative": NARRATIVE,
            "exploitation_types": ["labour"],
            "where_exploited": "Coventry",
            "police_cooperation": "yes",
            "current_location": "West Midlands",
            "exploiters": "The nail bar owner",
            "other_victims": "not_known",
            "crime_reference": "",
            "support_needed": "yes",
        },
    ),
    (
        "identity",
        {
            "given_names": "Anjeza",
            "family_name": "Kola",
            "date_of_birth_day": "3",
            "date_of_birth_month": "4",
            "date_of_birth_year": "1998",
            "sex": "female",
            "nationality": "AL",
            "interpreter_needed": "yes",
            "interpreter_language": "sq",
        },
    ),
    ("contact", {"safe_to_contact": "yes", "phone": "07700 900456"}),
]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _start(client: Client, case_id: int | None = None) -> FirstResponse:
    response = client.post(reverse("safeguarding:start"), {"case": case_id} if case_id else {})
    assert response.status_code == 302
    return FirstResponse.objects.latest("pk")


def test_start_page_and_guidance_are_there_for_a_frontline_officer() -> None:
    w = build_world()
    client = _client(w.frontline)
    assert "I think this person may be a victim" in client.get(reverse("safeguarding:start")).content.decode()
    assert client.get(reverse("safeguarding:index")).status_code == 200
    assert client.get(reverse("safeguarding:guidance")).status_code == 200
    for slug in (
        "signs",
        "safety",
        "nrm",
        "children",
        "consent",
        "good-referral",
        "interpreters",
        "section-45",
        "immigration",
        "protected-details",
    ):
        response = client.get(reverse("safeguarding:guidance_page", args=[slug]))
        assert response.status_code == 200, slug
    assert client.get(reverse("safeguarding:guidance_page", args=["nope"])).status_code == 404


def test_first_response_question_by_question_to_a_complete_referral() -> None:
    w = build_world()
    client = _client(w.frontline)
    case = new_case(w.frontline, "20/000999/26")  # a frontline officer's crime is held by the SPOC
    fr = _start(client, case.pk)
    for step, data in ADULT_STEPS:
        url = reverse("safeguarding:step", args=[fr.pk, step])
        assert client.get(url).status_code == 200, step
        response = client.post(url, data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    check = client.get(reverse("safeguarding:check", args=[fr.pk]))
    assert check.status_code == 200
    assert "not complete" not in check.content.decode()
    done = client.post(reverse("safeguarding:check", args=[fr.pk]), {"reference": "NRM-2026-123456"})
    assert done.status_code == 302
    referral = NrmReferral.objects.get(reference="NRM-2026-123456")
    assert list(referral.cases.all()) == [case]
    page = client.get(done["Location"]).content.decode()
    assert "NRM referral sent" in page
    assert "NRM-2026-123456" in page


def test_check_page_names_what_is_missing_and_links_to_the_question() -> None:
    w = build_world()
    client = _client(w.frontline)
    fr = _start(client)
    client.post(
        reverse("safeguarding:step", args=[fr.pk, "age"]), {"age_now": "adult", "under_18_at_exploitation": "no"}
    )
    page = client.get(reverse("safeguarding:check", args=[fr.pk])).content.decode()
    assert "not complete yet" in page
    assert reverse("safeguarding:step", args=[fr.pk, "consent"]) in page
    refused = client.post(reverse("safeguarding:check", args=[fr.pk]), {"reference": "NRM-1"})
    assert refused.status_code == 400
    assert not NrmReferral.objects.filter(reference="NRM-1").exists()


def test_an_adult_who_declines_ends_in_an_anonymous_duty_to_notify_and_skips_identity() -> None:
    w = build_world()
    client = _client(w.frontline)
    fr = _start(client, new_case(w.frontline, "20/000998/26").pk)
    steps = ADULT_STEPS[:6] + [
        ("consent", {"consent": "declined", "decline_reason": "Afraid", "police_contact_consent": "no"}),
        (
            "account-dtn",
            {
                "narrative": NARRATIVE,
                "exploitation_types": ["labour"],
                "where_exploited": "Coventry",
                "police_cooperation": "no",
            },
        ),
    ]
    location = ""
    for step, data in steps:
        response = client.post(reverse("safeguarding:step", args=[fr.pk, step]), data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])
        location = response["Location"]
    assert location == reverse("safeguarding:check", args=[fr.pk])  # identity and contact skipped
    done = client.post(location, {"reference": "DTN-778"})
    assert done.status_code == 302
    assert DutyToNotify.objects.get(reference="DTN-778").person is None


def test_bad_input_on_pages_is_a_400_with_the_message_on_the_field() -> None:
    w = build_world()
    client = _client(w.frontline)
    fr = _start(client)
    client.post(
        reverse("safeguarding:step", args=[fr.pk, "age"]), {"age_now": "under_18", "under_18_at_exploitation": "yes"}
    )
    # A child marked as declined: the consent page does not apply, and the service refuses it anyway.
    response = client.post(reverse("safeguarding:step", args=[fr.pk, "consent"]), {"consent": "declined"})
    assert response.status_code == 400
    assert "A child is always referred" in response.content.decode()
    response = client.post(reverse("safeguarding:step", args=[fr.pk, "age"]), {})
    assert response.status_code == 400
    assert "Select whether the person is under 18" in response.content.decode()
    response = client.post(
        reverse("safeguarding:step", args=[fr.pk, "identity"]),
        {
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1990",
            "sex": "female",
            "interpreter_needed": "no",
        },
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert client.get(reverse("safeguarding:step", args=[fr.pk, "nonsense"])).status_code == 404


def test_dtn_identity_is_refused_on_the_page() -> None:
    w = build_world()
    client = _client(w.frontline)
    fr = _start(client)
    client.post(
        reverse("safeguarding:step", args=[fr.pk, "age"]), {"age_now": "adult", "under_18_at_exploitation": "no"}
    )
    client.post(
        reverse("safeguarding:step", args=[fr.pk, "consent"]), {"consent": "declined", "police_contact_consent": "no"}
    )
    response = client.post(
        reverse("safeguarding:step", args=[fr.pk, "identity"]),
        {"given_names": "Ion", "sex": "male", "interpreter_needed": "no"},
    )
    assert response.status_code == 400
    assert "must not hold their first name" in response.content.decode()


def test_another_forces_officer_cannot_open_a_first_response() -> None:
    w = build_world()
    fr = _start(_client(w.frontline))
    other = _client(w.other_force_officer)
    assert other.get(reverse("safeguarding:step", args=[fr.pk, "signs"])).status_code == 404
    assert other.get(reverse("safeguarding:check", args=[fr.pk])).status_code == 404
    assert _client(w.advocate).get(reverse("safeguarding:start")).status_code == 403


def _protected(w: World) -> Any:
    return protection.protect(
        w.oic,
        kind="safe_house",
        label="Current safe house",
        value="22 Birch Avenue, CV2 3XY",
        reason="Safe house the exploiters must not find",
        case=w.case,
        person=w.victim,
    )


def test_hub_and_lists_never_show_a_protected_value_and_a_reveal_is_audited() -> None:
    w = build_world()
    detail = _protected(w)
    client = _client(w.oic)
    for url in (
        reverse("safeguarding:case", args=[w.case.pk]),
        reverse("cases:detail", args=[w.case.pk]),
        reverse("cases:people", args=[w.case.pk]),
        reverse("cases:my_cases"),
        reverse("safeguarding:protected_detail", args=[w.case.pk, detail.pk]),
        reverse("safeguarding:disclosure", args=[w.case.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Birch" not in page, url
        assert "CV2 3XY" not in page, url
    url = reverse("safeguarding:protected_detail", args=[w.case.pk, detail.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Birch" not in refused.content.decode()
    shown = client.post(url, {"reason": "Arranging the ABE interview visit"})
    assert "22 Birch Avenue" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(
        object_type="safeguarding.protecteddetail", reason__startswith="Arranging"
    ).exists()
    assert _client(w.colleague).get(url).status_code == 200
    assert _client(w.advocate).get(url).status_code == 403
    assert _client(w.other_force_officer).get(url).status_code == 404


def test_protecting_without_a_reason_is_refused_on_the_page() -> None:
    w = build_world()
    response = _client(w.oic).post(
        reverse("safeguarding:protect_new", args=[w.case.pk]),
        {"kind": "phone", "label": "New phone", "value": "07700 900777", "reason": ""},
    )
    assert response.status_code == 400
    assert "Say why this detail must be protected" in response.content.decode()


def test_disclosure_page_refuses_then_redacts_then_exports() -> None:
    w = build_world()
    _protected(w)
    w.case.summary = "ABE summary: now living at 22 Birch Avenue with support."
    w.case.save()
    client = _client(w.oic)
    url = reverse("safeguarding:disclosure", args=[w.case.pk])
    refused = client.post(url, {"recipient": "CPS", "reason": "Disclosure to the defence"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Case summary: contains Current safe house" in body
    assert "Birch" not in body
    client.post(url, {"action": "redact"})
    exported = client.post(url, {"recipient": "CPS", "reason": "Disclosure to the defence"})
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/json")
    document = exported.content.decode()
    assert "Birch" not in document
    assert "Current safe house" in document


def test_interpreter_booking_pages_flag_a_mismatch() -> None:
    from lantern.people.models import LanguageSkill

    w = build_world()
    russian = interpreters.register(
        w.spoc,
        name="Olga R",
        sex="female",
        languages_offered={"ru": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    LanguageSkill.objects.create(person=w.victim, language="lv", level="first")
    client = _client(w.oic)
    url = reverse("safeguarding:booking_new", args=[w.case.pk])
    assert client.get(url).status_code == 200
    missing = client.post(
        url,
        {
            "person": w.victim.pk,
            "language": "",
            "interpreter": russian.pk,
            "purpose": "update",
            "booked_on_day": "1",
            "booked_on_month": "12",
            "booked_on_year": "2026",
        },
    )
    assert missing.status_code == 400
    assert "Choose the language" in missing.content.decode()
    made = client.post(
        url,
        {
            "person": w.victim.pk,
            "language": "ru",
            "interpreter": russian.pk,
            "purpose": "abe_interview",
            "booked_on_day": "1",
            "booked_on_month": "12",
            "booked_on_year": "2026",
        },
    )
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "has not said they speak Russian" in page
    unreasoned = client.post(made["Location"], {"override_reason": ""})
    assert unreasoned.status_code == 400


def test_section45_pages_and_the_charge_gate() -> None:
    w = build_world()
    p = person("Minh", "Tran", dob=date(2008, 9, 1))
    CaseParty.objects.create(case=w.case, person=p, role="victim_suspect")
    client = _client(w.oic)
    hub = client.get(reverse("safeguarding:case", args=[w.case.pk])).content.decode()
    assert "Not considered" in hub
    charge = client.post(
        reverse("safeguarding:charge_new", args=[w.case.pk]),
        {
            "person": p.pk,
            "offence_description": "Cannabis cultivation",
            "charged_on_day": "1",
            "charged_on_month": "2",
            "charged_on_year": "2026",
        },
    )
    assert charge.status_code == 400
    assert "section 45" in charge.content.decode()
    url = reverse("safeguarding:section45_new", args=[w.case.pk]) + f"?person={p.pk}"
    assert client.get(url).status_code == 200
    data = {
        "person": p.pk,
        "test": "adult",
        "offence_description": "Cannabis cultivation",
        "offence_date_day": "10",
        "offence_date_month": "1",
        "offence_date_year": "2026",
        "schedule4_code": "",
        "schedule4_checked": "on",
        "conclusion": "may_apply",
        "reasoning": "Locked in; 17 at the time",
    }
    switched = client.post(url, data)
    assert switched.status_code == 400
    assert "under-18 test applies" in switched.content.decode()
    data.update(
        {
            "test": "under_18",
            "direct_consequence_answer": "yes",
            "direct_consequence_evidence": "Locked in",
            "reasonable_person_would_do_answer": "yes",
            "reasonable_person_would_do_evidence": "Threats",
        }
    )
    assert client.post(url, data).status_code == 302
    s45 = p.section45_considerations.get()
    review = _client(w.supervisor).post(
        reverse("safeguarding:section45_detail", args=[w.case.pk, s45.pk]), {"decision": "agree"}
    )
    assert review.status_code == 302
    s45.refresh_from_db()
    assert s45.status == "reviewed"


def test_ledger_pages_and_oversight_counts() -> None:
    w = build_world()
    client = _client(w.oic)
    url = reverse("safeguarding:share_new", args=[w.case.pk])
    bad = client.post(
        url,
        {
            "person": w.victim.pk,
            "subject_role": "victim",
            "recipient": "immigration_enforcement",
            "shared_what": "Name",
            "purpose": "support",
            "legal_basis": "iaa_1999_s20",
            "victim_told": "no",
        },
    )
    assert bad.status_code == 400
    assert "Say why the person will not be told" in bad.content.decode()
    ok = client.post(
        url,
        {
            "person": w.victim.pk,
            "subject_role": "victim",
            "recipient": "immigration_enforcement",
            "shared_what": "Name",
            "purpose": "support",
            "legal_basis": "iaa_1999_s20",
            "victim_told": "yes",
            "victim_told_on_day": "1",
            "victim_told_on_month": "3",
            "victim_told_on_year": "2026",
        },
    )
    assert ok.status_code == 302
    share = ImmigrationShare.objects.get()
    decided = _client(w.supervisor).post(
        reverse("safeguarding:share_detail", args=[w.case.pk, share.pk]), {"decision": "approve"}
    )
    assert decided.status_code == 302
    ledger.record_status_change(w.oic, person=w.victim, kind="detained", occurred_on=timezone.localdate(), source="HO")
    section45.persons_needing(w.case)
    page = _client(w.supervisor).get(reverse("safeguarding:oversight")).content.decode()
    assert 'data-force="WMP"' in page
    assert 'data-force="MPS"' not in page
    national = _client(w.analyst).get(reverse("safeguarding:oversight"))
    assert national.status_code == 200
    assert 'data-force="MPS"' in national.content.decode()
    assert _client(w.oic).get(reverse("safeguarding:oversight")).status_code == 403
    index = client.get(reverse("safeguarding:index")).content.decode()
    assert "Detained under immigration powers" in index


def test_nrm_decision_page_records_and_shows_the_recovery_period() -> None:
    w = build_world()
    from lantern.nrm import services as nrm_services

    referral = nrm_services.receive_referral(
        w.oic,
        reference="NRM-PAGE-1",
        person=w.victim,
        first_responder="LA",
        referred_at=timezone.now() - timedelta(days=40),
    )
    client = _client(w.oic)
    url = reverse("safeguarding:nrm_decisions", args=[referral.pk])
    bad = client.post(
        url,
        {
            "kind": "cg",
            "outcome": "positive",
            "decided_on_day": "1",
            "decided_on_month": "1",
            "decided_on_year": str(timezone.localdate().year),
        },
    )
    assert bad.status_code == 400
    rg = timezone.localdate() - timedelta(days=10)
    ok = client.post(
        url,
        {
            "kind": "rg",
            "outcome": "positive",
            "decided_on_day": rg.day,
            "decided_on_month": rg.month,
            "decided_on_year": rg.year,
        },
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "Recovery period" in page
    assert "at least 30 days" in page
    assert _client(w.frontline).get(url).status_code in (403, 404)


def test_interpreter_register_pages() -> None:
    w = build_world()
    spoc = _client(w.spoc)
    url = reverse("safeguarding:interpreter_new")
    bad = spoc.post(url, {"name": "Anna L", "sex": "female", "languages": "Elvish", "vetting": "nppv2"})
    assert bad.status_code == 400
    assert "is not a language on the list" in bad.content.decode()
    group = spoc.post(
        url,
        {"name": "Anna L", "sex": "female", "languages": "Kurdish (which Kurdish not recorded)", "vetting": "nppv2"},
    )
    assert group.status_code == 400
    assert "name the particular language" in group.content.decode()
    ok = spoc.post(
        url,
        {
            "name": "Anna L",
            "sex": "female",
            "languages": "Latvian\nArabic: Sudanese Arabic",
            "vetting": "nppv2",
            "vetted_until_day": "1",
            "vetted_until_month": "1",
            "vetted_until_year": "2030",
        },
    )
    assert ok.status_code == 302
    page = _client(w.frontline).get(reverse("safeguarding:interpreters")).content.decode()
    assert "Anna L" in page
    assert "Sudanese Arabic" in page
    assert _client(w.frontline).get(url).status_code == 403
    assert _client(w.advocate).get(reverse("safeguarding:interpreters")).status_code == 403
