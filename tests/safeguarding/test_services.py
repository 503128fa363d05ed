"""Safeguarding services against the database: the first response to a referral or Duty to
Notify, NRM decisions, interpreter bookings, section 45 and the charge gate, the immigration
ledger, protected details and the disclosure export. Each bad input named in issue 5 is refused
with a message on the field at fault."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories import World, build_world, person

from lantern.cases.models import CaseParty, CaseReference, TimelineEvent
from lantern.core import crypto
from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry
from lantern.nrm import services as nrm_services
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.people.models import LanguageSkill
from lantern.safeguarding import queries
from lantern.safeguarding import services as alerts
from lantern.safeguarding.access import visible_first_responses
from lantern.safeguarding.first_response import answers as fr_answers
from lantern.safeguarding.first_response import services
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.models import (
    FirstResponse,
    ImmigrationShare,
    InterpreterBooking,
    ProtectedDetail,
    SafeguardingAlert,
    Section45Consideration,
)
from lantern.safeguarding.protected import protection
from lantern.safeguarding.section45 import considerations as section45
from lantern.safeguarding.sharing import ledger

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Recruited in Riga with a promise of warehouse work; made to work at a car wash in Birmingham for fourteen "
    "hours a day, wages taken for rent, passport held by the boss, threatened when she asked to leave."
)

ADULT_ANSWERS: dict[str, Any] = {
    "indicators": ["no_documents", "no_or_little_pay"],
    "in_immediate_danger": "no",
    "place_of_safety": "safe_house",
    "place_of_safety_by": "Salvation Army",
    "needs": ["food", "clothing"],
    "age_now": "adult",
    "under_18_at_exploitation": "no",
    "told_language": "lv",
    "told_through": "interpreter_phone",
    "interpreter_name": "Telephone interpreter",
    "explained_nrm": True,
    "explained_support": True,
    "explained_outcomes": True,
    "consent": "given",
    "narrative": NARRATIVE,
    "exploitation_types": ["labour"],
    "where_exploited": "Birmingham",
    "current_location": "West Midlands",
    "exploiters": "Two men at the car wash",
    "other_victims": "yes",
    "support_needed": "yes",
    "given_names": "Ilze",
    "family_name": "Ozola",
    "date_of_birth": "1994-03-27",
    "sex": "female",
    "nationalities": ["LV"],
    "interpreter_needed": "yes",
    "interpreter_language": "lv",
    "safe_to_contact": "yes",
    "phone": "07700 900123",
    "police_cooperation": "yes",
    "interpreter_sex_preference": "female",
    "same_interpreter_preferred": "yes",
}


def _world() -> World:
    return build_world()


def _field(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


# --- First response ------------------------------------------------------------------------------


def test_frontline_officer_goes_from_suspicion_to_a_complete_nrm_referral() -> None:
    w = _world()
    fr = services.start(w.frontline, case=w.case)
    services.update(w.frontline, fr, ADULT_ANSWERS)
    assert fr.route == "nrm"
    assert services.missing(fr) == []
    services.complete(w.frontline, fr, "NRM-2026-000777")
    fr.refresh_from_db()
    assert fr.stage == "sent"
    assert fr.nrm_referral is not None
    assert fr.person is not None
    referral = fr.nrm_referral
    assert referral.force == w.wmp
    assert referral.person == fr.person
    assert list(referral.cases.all()) == [w.case]
    assert CaseReference.objects.filter(case=w.case, kind="nrm", normalised="NRM2026000777").exists()
    assert CaseParty.objects.filter(case=w.case, person=fr.person, role="victim").exists()
    assert LanguageSkill.objects.filter(person=fr.person, language="lv", level="first").exists()
    assert fr.person.interpreter_sex_preference == "female"
    assert fr.person.same_interpreter_preferred
    # The phone number is a protected detail on the person, encrypted, and no longer on the draft.
    detail = ProtectedDetail.objects.get(person=fr.person, kind="phone")
    assert "07700" not in detail.value_token
    assert crypto.decrypt(detail.value_token) == "07700 900123"
    assert fr.contact_token == ""
    assert fr.consent_recorded_at is not None


def test_completion_writes_through_the_nrm_and_cases_services() -> None:
    """Issue 8: the referral's link, the victim's place in the case and their Victims' Code duties
    are written by the nrm and cases services, with the timeline and audit entries they make."""
    from lantern.victims_code.models import Duty

    w = _world()
    fr = services.start(w.frontline, case=w.case)
    services.update(w.frontline, fr, ADULT_ANSWERS)
    services.complete(w.frontline, fr, "NRM-2026-000778")
    fr.refresh_from_db()
    assert fr.nrm_referral is not None
    assert fr.person is not None
    kinds = set(TimelineEvent.objects.filter(case=w.case).values_list("kind", flat=True))
    assert {TimelineEvent.Kind.NRM_LINKED, TimelineEvent.Kind.PARTY_ADDED} <= kinds
    party = CaseParty.objects.get(case=w.case, person=fr.person, role="victim")
    audited = set(
        AuditEntry.objects.filter(actor=w.frontline, action=AuditEntry.Action.COMBINATION).values_list(
            "object_type", "object_id"
        )
    )
    assert ("nrm.nrmreferral", str(fr.nrm_referral.pk)) in audited
    assert ("cases.caseparty", str(party.pk)) in audited
    assert Duty.objects.filter(case=w.case, victim=fr.person).exists()


def test_a_duty_to_notify_linked_to_a_case_is_audited() -> None:
    w = _world()
    fr = services.start(w.frontline, case=w.case)
    services.update(
        w.frontline,
        fr,
        {
            "age_now": "adult",
            "under_18_at_exploitation": "no",
            "told_language": "ro",
            "told_through": "officer",
            "explained_nrm": True,
            "explained_support": True,
            "explained_outcomes": True,
            "consent": "declined",
            "decline_reason": "Afraid of being sent home",
            "narrative": NARRATIVE,
            "exploitation_types": ["labour"],
            "where_exploited": "Leicester",
            "police_cooperation": "no",
        },
    )
    services.complete(w.frontline, fr, "DTN-2026-0043")
    dtn = DutyToNotify.objects.get(reference="DTN-2026-0043")
    assert TimelineEvent.objects.filter(case=w.case, kind=TimelineEvent.Kind.DTN_LINKED).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.COMBINATION, object_type="nrm.dutytonotify", object_id=str(dtn.pk)
    ).exists()


def test_contact_details_are_encrypted_in_the_draft() -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": "adult", "consent": "given", "phone": "07700 900555"})
    fr.refresh_from_db()
    assert "900555" not in fr.contact_token
    assert "900555" not in str(fr.answers)
    assert services.contacts_of(fr) == {"phone": "07700 900555"}


def test_a_child_is_referred_without_consent() -> None:
    w = _world()
    fr = services.start(w.frontline)
    answers = {k: v for k, v in ADULT_ANSWERS.items() if k not in {"consent", "support_needed"}}
    services.update(
        w.frontline,
        fr,
        {**answers, "age_now": "under_18", "date_of_birth": "2010-01-01", "crime_reference": "20/000123/26"},
    )
    assert fr.route == "nrm"
    assert {m.field for m in services.missing(fr)} == {"local_authority_name", "local_authority_contact"}
    services.update(
        w.frontline,
        fr,
        {"local_authority_name": "Birmingham Children's Trust", "local_authority_contact": "0121 303 1888"},
    )
    services.complete(w.frontline, fr, "NRM-CHILD-1")
    fr.refresh_from_db()
    assert fr.nrm_referral is not None
    assert fr.case == w.case


@pytest.mark.parametrize("age", ["under_18", "not_sure"])
def test_bad_input_nrm_referral_for_a_child_marked_declined(age: str) -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": age})
    with pytest.raises(ValidationError) as exc:
        services.update(w.frontline, fr, {"consent": "declined"})
    assert _field(exc) == {"consent"}
    assert "always referred" in exc.value.message_dict["consent"][0]


def test_an_adult_who_declines_gets_an_anonymous_duty_to_notify() -> None:
    w = _world()
    fr = services.start(w.frontline, case=w.case)
    services.update(
        w.frontline,
        fr,
        {
            "age_now": "adult",
            "under_18_at_exploitation": "no",
            "told_language": "ro",
            "told_through": "officer",
            "explained_nrm": True,
            "explained_support": True,
            "explained_outcomes": True,
            "consent": "declined",
            "decline_reason": "Afraid of being sent home",
            "narrative": NARRATIVE,
            "exploitation_types": ["labour"],
            "where_exploited": "Leicester",
            "police_cooperation": "no",
        },
    )
    assert fr.route == "dtn"
    assert services.missing(fr) == []
    services.complete(w.frontline, fr, "DTN-2026-0042")
    dtn = DutyToNotify.objects.get(reference="DTN-2026-0042")
    assert dtn.person is None
    assert list(dtn.cases.all()) == [w.case]
    assert not NrmReferral.objects.filter(reference="DTN-2026-0042").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_names", "Ion"),
        ("family_name", "Popescu"),
        ("date_of_birth", "1990-01-01"),
        ("phone", "07700 900999"),
        ("email", "ion@example.org"),
        ("postal_address", "1 High Street, Leicester"),
    ],
)
def test_bad_input_duty_to_notify_with_identifying_details_of_a_non_consenting_adult(field: str, value: str) -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": "adult", "consent": "declined"})
    with pytest.raises(ValidationError) as exc:
        services.update(w.frontline, fr, {field: value})
    assert _field(exc) == {field}
    assert "Duty to Notify" in exc.value.message_dict[field][0]


def test_identifying_details_are_removed_when_an_adult_declines_later() -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(
        w.frontline, fr, {"age_now": "adult", "consent": "given", "given_names": "Ion", "phone": "07700 900999"}
    )
    notes = services.update(w.frontline, fr, {"consent": "declined"})
    assert notes
    assert "removed" in notes[0]
    fr.refresh_from_db()
    assert "given_names" not in fr.answers
    assert services.contacts_of(fr) == {}


def test_with_consent_to_police_contact_a_duty_to_notify_may_hold_a_name() -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": "adult", "consent": "declined", "police_contact_consent": True})
    services.update(w.frontline, fr, {"given_names": "Ion", "phone": "07700 900999"})
    assert fr.answers["given_names"] == "Ion"


def test_completion_is_refused_with_every_missing_item_named() -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": "adult", "consent": "given", "narrative": "Car wash."})
    with pytest.raises(services.Incomplete) as exc:
        services.complete(w.frontline, fr, "NRM-1")
    fields = set(exc.value.message_dict)
    assert {"narrative", "exploitation_types", "crime_reference", "given_names", "nationalities"} <= fields
    assert all(m.startswith("Missing: ") for msgs in exc.value.message_dict.values() for m in msgs)
    fr.refresh_from_db()
    assert fr.stage == "draft"
    assert not NrmReferral.objects.filter(reference="NRM-1").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age_now", "teenager"),
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "31/02/1990"),
        ("nationalities", ["Latvia"]),
        ("exploitation_types", ["slavery"]),
        ("told_language", "klingon"),
        ("email", "not an email"),
        ("age_estimate", "two hundred"),
        ("indicators", ["bad"]),
        ("narrative", "x" * 10001),
        ("unknown_field", "x"),
    ],
)
def test_malformed_answers_are_refused_on_their_field(field: str, value: Any) -> None:
    w = _world()
    fr = services.start(w.frontline)
    with pytest.raises(ValidationError) as exc:
        services.update(w.frontline, fr, {field: value})
    assert _field(exc) == {field}


def test_first_responses_are_visible_to_their_officer_and_the_force_only() -> None:
    w = _world()
    fr = services.start(w.frontline)
    assert fr in visible_first_responses(w.frontline)
    assert fr in visible_first_responses(w.supervisor)
    for outsider in (w.other_force_officer, w.advocate, w.cps, w.analyst, w.force_admin):
        assert fr not in visible_first_responses(outsider)
    with pytest.raises(AccessDenied):
        services.update(w.other_force_officer, fr, {"age_now": "adult"})


# --- NRM decisions -------------------------------------------------------------------------------


def _referral(w: World) -> NrmReferral:
    fr = services.start(w.frontline, case=w.case)
    services.update(w.frontline, fr, ADULT_ANSWERS)
    services.complete(w.frontline, fr, "NRM-DEC-1")
    fr.refresh_from_db()
    assert fr.nrm_referral is not None
    NrmReferral.objects.filter(pk=fr.nrm_referral.pk).update(referred_at=timezone.now() - timedelta(days=100))
    return NrmReferral.objects.get(pk=fr.nrm_referral.pk)


def test_decisions_are_recorded_with_dates_and_alert_the_officer_in_charge() -> None:
    w = _world()
    referral = _referral(w)
    rg_on = timezone.localdate() - timedelta(days=60)
    nrm_services.record_decision(w.oic, referral, "rg", True, rg_on)
    referral.refresh_from_db()
    assert referral.status == "rg_positive"
    period = alerts.recovery_period_of(referral)
    assert period is not None
    assert period.ends_on == rg_on + timedelta(days=30)
    alert = SafeguardingAlert.objects.get(officer=w.oic, kind="nrm_decision")
    assert w.case.crime_reference in alert.message
    assert "Ilze" not in alert.message
    assert TimelineEvent.objects.filter(case=w.case, summary__contains="Reasonable grounds decision").exists()
    nrm_services.record_decision(w.oic, referral, "cg", True, rg_on + timedelta(days=40))
    referral.refresh_from_db()
    assert referral.status == "cg_positive"


def test_decision_bad_input() -> None:
    w = _world()
    referral = _referral(w)
    with pytest.raises(ValidationError) as exc:
        nrm_services.record_decision(w.oic, referral, "cg", True, timezone.localdate())
    assert _field(exc) == {"kind"}
    with pytest.raises(ValidationError) as exc:
        nrm_services.record_decision(w.oic, referral, "rg", True, timezone.localdate() + timedelta(days=1))
    assert _field(exc) == {"decided_on"}
    nrm_services.record_decision(w.oic, referral, "rg", False, timezone.localdate())
    with pytest.raises(ValidationError):
        nrm_services.record_decision(w.oic, referral, "rg", True, timezone.localdate())
    with pytest.raises(AccessDenied):
        nrm_services.record_decision(w.frontline, referral, "cg", True, timezone.localdate())


# --- Interpreters --------------------------------------------------------------------------------


def _interpreters(w: World) -> tuple[Any, Any]:
    russian = interpreters.register(
        w.spoc,
        name="Olga R",
        sex="female",
        languages_offered={"ru": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    latvian = interpreters.register(
        w.spoc,
        name="Anna L",
        sex="female",
        languages_offered={"lv": [], "ru": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    LanguageSkill.objects.create(person=w.victim, language="lv", level="first")
    LanguageSkill.objects.create(person=w.victim, language="ru", level="little")
    return russian, latvian


def test_a_russian_interpreter_for_a_latvian_victim_is_flagged_before_confirmation() -> None:
    w = _world()
    russian, latvian = _interpreters(w)
    when = timezone.now() + timedelta(days=2)
    booking = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=russian,
        language="ru",
        purpose="abe_interview",
        booked_for=when,
        case=w.case,
    )
    assert [f["code"] for f in booking.findings] == ["not_spoken_well"]
    with pytest.raises(ValidationError) as exc:
        interpreters.confirm(w.oic, booking)
    assert _field(exc) == {"override_reason"}
    right = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=latvian,
        language="lv",
        purpose="abe_interview",
        booked_for=when,
        case=w.case,
    )
    assert right.findings == []
    assert interpreters.confirm(w.oic, right).status == "confirmed"
    # With a reason recorded, the flagged one may go ahead (e.g. a welfare call tonight).
    confirmed = interpreters.confirm(w.oic, booking, "Welfare check only tonight; Latvian interpreter booked for ABE")
    assert confirmed.status == "confirmed"
    assert confirmed.override_reason


def test_bad_input_interpreter_booking_without_a_language() -> None:
    w = _world()
    russian, _latvian = _interpreters(w)
    with pytest.raises(ValidationError) as exc:
        interpreters.propose(
            w.oic, person=w.victim, interpreter=russian, language="", purpose="update", booked_for=timezone.now()
        )
    assert _field(exc) == {"language"}
    assert InterpreterBooking.objects.count() == 0


def test_an_interpreter_cannot_be_booked_for_a_language_they_do_not_offer() -> None:
    w = _world()
    russian, _latvian = _interpreters(w)
    with pytest.raises(ValidationError) as exc:
        interpreters.propose(
            w.oic, person=w.victim, interpreter=russian, language="lv", purpose="update", booked_for=timezone.now()
        )
    assert _field(exc) == {"interpreter"}


def test_same_interpreter_preference_is_honoured_or_reasoned() -> None:
    w = _world()
    _russian, latvian = _interpreters(w)
    other = interpreters.register(
        w.spoc,
        name="Marta K",
        sex="female",
        languages_offered={"lv": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    w.victim.same_interpreter_preferred = True
    w.victim.save()
    first = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=latvian,
        language="lv",
        purpose="first_account",
        booked_for=timezone.now() - timedelta(days=3),
    )
    interpreters.confirm(w.oic, first)
    second = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=other,
        language="lv",
        purpose="update",
        booked_for=timezone.now() + timedelta(days=1),
    )
    assert [f["code"] for f in second.findings] == ["same_interpreter"]


# --- Section 45 and charges ----------------------------------------------------------------------


def _victim_suspect(w: World) -> Any:
    p = person("Tuan", "Nguyen", dob=date(2009, 2, 1))
    CaseParty.objects.create(case=w.case, person=p, role="victim_suspect")
    return p


def _elements(test: str) -> dict[str, dict[str, str]]:
    from lantern.safeguarding.rules import S45_ELEMENTS

    return {
        code: {"answer": "yes", "evidence": "Found locked in the cannabis farm; account in interview"}
        for code, _q in S45_ELEMENTS[test]
    }


def test_a_charge_without_a_reviewed_section45_record_is_refused() -> None:
    w = _world()
    p = _victim_suspect(w)
    with pytest.raises(ValidationError) as exc:
        section45.record_charge(
            w.oic, case=w.case, person=p, offence_description="Cannabis cultivation", charged_on=timezone.localdate()
        )
    assert "section 45" in exc.value.message_dict["person"][0]
    s45 = section45.record(
        w.oic,
        case=w.case,
        person=p,
        offence_description="Cannabis cultivation",
        offence_date=date(2026, 1, 10),
        schedule4_checked=True,
        schedule4_code="",
        age_at_offence=None,
        elements=_elements("under_18"),
        conclusion="may_apply",
        reasoning="Compelled by the gang who trafficked him; 16 at the time.",
    )
    assert s45.test == "under_18"
    assert s45.age_at_offence == 16
    assert s45.age_basis == "dob"
    with pytest.raises(ValidationError):  # still not reviewed
        section45.record_charge(w.oic, case=w.case, person=p, offence_description="x", charged_on=timezone.localdate())
    with pytest.raises(AccessDenied):
        section45.review(w.oic, s45, agree=True, note="")  # not a supervisor
    section45.review(w.supervisor, s45, agree=True, note="Agree: refer to CPS with s45 raised")
    charge = section45.record_charge(
        w.oic, case=w.case, person=p, offence_description="Cannabis cultivation", charged_on=timezone.localdate()
    )
    assert charge.section45 == s45


def test_a_plain_suspect_can_be_charged_without_section45() -> None:
    w = _world()
    charge = section45.record_charge(
        w.oic, case=w.case, person=w.suspect, offence_description="MSA s2", charged_on=timezone.localdate()
    )
    assert charge.pk


def test_bad_input_section45_record_without_an_age() -> None:
    w = _world()
    p = person("Arben", "Krasniqi")  # no date of birth
    CaseParty.objects.create(case=w.case, person=p, role="victim_suspect")
    with pytest.raises(ValidationError) as exc:
        section45.record(
            w.oic,
            case=w.case,
            person=p,
            offence_description="Cannabis cultivation",
            offence_date=date(2026, 1, 10),
            schedule4_checked=True,
            schedule4_code="",
            age_at_offence=None,
            elements=_elements("adult"),
            conclusion="may_apply",
            reasoning="r",
        )
    assert "age_at_offence" in _field(exc)
    assert Section45Consideration.objects.count() == 0
    s45 = section45.record(
        w.oic,
        case=w.case,
        person=p,
        offence_description="Cannabis cultivation",
        offence_date=date(2026, 1, 10),
        schedule4_checked=True,
        schedule4_code="",
        age_at_offence=24,
        elements=_elements("adult"),
        conclusion="may_apply",
        reasoning="r",
    )
    assert s45.test == "adult"
    assert s45.age_basis == "estimate"


def test_section45_each_element_and_schedule4() -> None:
    w = _world()
    p = _victim_suspect(w)
    elements = _elements("under_18")
    elements["direct_consequence"]["evidence"] = ""
    with pytest.raises(ValidationError) as exc:
        section45.record(
            w.oic,
            case=w.case,
            person=p,
            offence_description="Robbery",
            offence_date=date(2026, 1, 10),
            schedule4_checked=True,
            schedule4_code="",
            age_at_offence=None,
            elements=elements,
            conclusion="may_apply",
            reasoning="r",
        )
    assert "direct_consequence_evidence" in _field(exc)
    excluded = section45.record(
        w.oic,
        case=w.case,
        person=p,
        offence_description="Robbery",
        offence_date=date(2026, 1, 10),
        schedule4_checked=True,
        schedule4_code="ta_s8",
        age_at_offence=None,
        elements={},
        conclusion="excluded_schedule_4",
        reasoning="Robbery is in Schedule 4; NRM referral still made",
    )
    assert excluded.conclusion == "excluded_schedule_4"


def test_a_suspect_with_an_nrm_referral_needs_section45() -> None:
    w = _world()
    referral = _referral(w)
    CaseParty.objects.create(case=w.case, person=referral.person, role="suspect")
    assert section45.needs_consideration(w.case, referral.person)
    assert [p for p, _s in section45.persons_needing(w.case)] == [referral.person]


# --- Immigration ledger --------------------------------------------------------------------------


def _share(w: World, **overrides: Any) -> ImmigrationShare:
    data: dict[str, Any] = {
        "person": w.victim,
        "case": w.case,
        "subject_role": "victim",
        "recipient": "immigration_enforcement",
        "shared_what": "Name and date of birth",
        "purpose": "support",
        "purpose_detail": "",
        "legal_basis": "iaa_1999_s20",
        "legal_basis_detail": "",
        "victim_told": "yes",
        "victim_told_on": timezone.localdate(),
        "victim_not_told_reason": "",
    }
    data.update(overrides)
    return ledger.propose(w.oic, **data)


def test_sharing_is_a_recorded_decision_approved_by_another_supervisor() -> None:
    w = _world()
    share = _share(w)
    with pytest.raises(AccessDenied):
        ledger.decide(w.oic, share, approve=True, note="")
    ledger.decide(w.supervisor, share, approve=True, note="")
    share.refresh_from_db()
    assert share.status == "approved"
    assert share.approver == w.supervisor
    assert AuditEntry.objects.filter(
        action="disclosure", object_id=str(w.victim.pk), recipients="Immigration Enforcement"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"recipient": ""}, "recipient"),
        ({"shared_what": " "}, "shared_what"),
        ({"purpose": "curiosity"}, "purpose"),
        ({"legal_basis": "other"}, "legal_basis_detail"),
        ({"victim_told": "yes", "victim_told_on": None}, "victim_told_on"),
        ({"victim_told": "no"}, "victim_not_told_reason"),
        ({"purpose": "status_concern_only"}, "purpose_detail"),
    ],
)
def test_ledger_bad_input(overrides: dict[str, Any], field: str) -> None:
    w = _world()
    with pytest.raises(ValidationError) as exc:
        _share(w, **overrides)
    assert _field(exc) == {field}


def test_approving_despite_concerns_needs_a_note() -> None:
    w = _world()
    share = _share(w, victim_told="not_yet", victim_told_on=None)
    with pytest.raises(ValidationError) as exc:
        ledger.decide(w.supervisor, share, approve=True, note="")
    assert _field(exc) == {"decision_note"}


def test_status_change_of_a_victim_in_an_open_case_alerts_the_officer_in_charge() -> None:
    w = _world()
    _event, alerts = ledger.record_status_change(
        w.colleague, person=w.victim, kind="detained", occurred_on=timezone.localdate(), source="Home Office letter"
    )
    assert alerts == 1
    assert SafeguardingAlert.objects.filter(officer=w.oic, kind="immigration_status", case=w.case).exists()
    _event, none = ledger.record_status_change(
        w.colleague,
        person=w.victim,
        kind="leave_granted",
        occurred_on=timezone.localdate(),
        source="Home Office letter",
    )
    assert none == 0


def test_counts_per_force() -> None:
    w = _world()
    share = _share(w)
    ledger.decide(w.supervisor, share, approve=True, note="")
    _share(w)
    p = _victim_suspect(w)
    section45.record(
        w.oic,
        case=w.case,
        person=p,
        offence_description="Cannabis cultivation",
        offence_date=date(2026, 1, 10),
        schedule4_checked=True,
        schedule4_code="",
        age_at_offence=None,
        elements=_elements("under_18"),
        conclusion="may_apply",
        reasoning="r",
    )
    rows = {r.force_code: r for r in queries.counts_per_force()}
    assert rows["WMP"].shares_approved == 1
    assert rows["WMP"].shares_proposed == 1
    assert rows["WMP"].told_percent == 100
    assert rows["WMP"].s45_total == 1
    assert rows["WMP"].s45_awaiting_review == 1
    assert rows["WMP"].s45_under_18_test == 1
    assert rows["MPS"].shares_total == 0
    assert rows["MPS"].s45_total == 0


# --- Protected details and disclosure ------------------------------------------------------------


def test_bad_input_protected_detail_without_a_reason() -> None:
    w = _world()
    with pytest.raises(ValidationError) as exc:
        protection.protect(
            w.oic,
            kind="safe_house",
            label="Current safe house",
            value="14 Elm Road, B11 4AA",
            reason="",
            case=w.case,
            person=w.victim,
        )
    assert _field(exc) == {"reason"}
    with pytest.raises(ValidationError) as exc:
        protection.protect(
            w.oic,
            kind="safe_house",
            label="14 Elm Road",
            value="14 Elm Road",
            reason="Safe house her exploiters must not find",
            case=w.case,
        )
    assert _field(exc) == {"label"}
    assert ProtectedDetail.objects.count() == 0


def test_a_protected_value_is_encrypted_and_each_view_is_audited_with_its_reason() -> None:
    w = _world()
    detail = protection.protect(
        w.oic,
        kind="safe_house",
        label="Current safe house",
        value="14 Elm Road, B11 4AA",
        reason="Safe house her exploiters must not find",
        case=w.case,
        person=w.victim,
    )
    assert "Elm" not in detail.value_token
    with pytest.raises(ValidationError):
        protection.reveal(w.oic, detail, "")
    assert protection.reveal(w.oic, detail, "Arranging a visit for the ABE interview") == "14 Elm Road, B11 4AA"
    entry = AuditEntry.objects.filter(object_type="safeguarding.protecteddetail", action="consultation").get()
    assert entry.reason == "Arranging a visit for the ABE interview"
    assert "Elm" not in entry.detail
    with pytest.raises(AccessDenied):
        protection.reveal(w.other_force_officer, detail, "Curious about the address")


def test_export_is_refused_while_free_text_holds_a_protected_value_until_redacted() -> None:
    w = _world()
    protection.protect(
        w.oic,
        kind="safe_house",
        label="Current safe house",
        value="14 Elm Road, Sparkhill, B11 4AA",
        reason="Safe house her exploiters must not find",
        case=w.case,
        person=w.victim,
    )
    w.case.summary = "Interview summary: she now stays at 14 Elm Road, Sparkhill and feels safe."
    w.case.save()
    with pytest.raises(protection.DisclosureRefused) as exc:
        protection.export(w.oic, w.case, recipient="CPS (defence disclosure)", reason="Disclosure schedule")
    assert [f.where for f in exc.value.found] == ["Case summary"]
    assert "Elm" not in str(exc.value)
    protection.redact_found(w.oic, w.case, exc.value.found)
    w.case.refresh_from_db()
    assert "Elm Road" not in w.case.summary
    assert "feels safe" in w.case.summary
    document, withheld = protection.export(w.oic, w.case, recipient="CPS (defence disclosure)", reason="Disclosure")
    assert "Elm" not in document
    assert "B11" not in document
    assert withheld[0]["item"] == "Safe-house address: Current safe house"
    assert withheld[0]["reason"] == "Safe house her exploiters must not find"
    assert AuditEntry.objects.filter(action="disclosure", object_type="cases.case", object_id=str(w.case.pk)).exists()


def test_protected_location_on_a_person_is_withheld() -> None:
    from lantern.people.models import Location

    w = _world()
    Location.objects.create(
        kind="refuge",
        description=Location.ENCRYPTED_DESCRIPTION,
        protected=True,
        protected_reason="Refuge address",
        person=w.victim,
    )
    protection.protect(
        w.oic,
        kind="refuge",
        label="Refuge",
        value="Refuge, 3 Oak Lane, Coventry CV1 2AB",
        reason="Refuge address",
        person=w.victim,
    )
    w.case.summary = "Victim collected from 3 Oak Lane by the advocate"
    w.case.save()
    with pytest.raises(protection.DisclosureRefused):
        protection.export(w.oic, w.case, recipient="CPS", reason="Disclosure")


def test_letters_to_anyone_but_the_victim_may_not_carry_protected_values() -> None:
    w = _world()
    protection.protect(
        w.oic,
        kind="phone",
        label="New phone",
        value="07700 900321",
        reason="Victim's new phone: exploiters have the old one",
        person=w.victim,
        case=w.case,
    )
    text = "Please call the victim on 07700 900 321."
    assert protection.check_outgoing_text(text, case=w.case, recipient_is_victim=False) == ["New phone"]
    assert protection.check_outgoing_text(text, case=w.case, recipient_is_victim=True) == []


def test_first_response_draft_history_never_keeps_contacts() -> None:
    w = _world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {"age_now": "adult", "consent": "given", "phone": "07700 900555"})
    for row in FirstResponse.history.filter(id=fr.pk).values():
        assert "contact_token" not in row
        assert "answers" not in row


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=5,
)
FIELDS = sorted(fr_answers.MODEL_FIELDS | fr_answers.ANSWER_FIELDS | fr_answers.CONTACT_FIELDS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.dictionaries(st.sampled_from(FIELDS), ANY_JSON, max_size=4))
def test_any_answers_are_accepted_or_refused_on_a_field_never_an_error(answers: dict[str, Any]) -> None:
    """Whatever JSON arrives for the first response's questions: saved, or a ValidationError
    naming a field (the API turns it into a 422), never another exception."""
    w = _hypothesis_world()
    fr = services.start(w.frontline)
    try:
        services.update(w.frontline, fr, answers)
    except ValidationError as exc:
        refused = set(exc.message_dict)
    else:
        refused = set()
    assert refused <= set(FIELDS)


_WORLD: list[World] = []


def _hypothesis_world() -> World:
    if not _WORLD or not type(_WORLD[0].frontline).objects.filter(pk=_WORLD[0].frontline.pk).exists():
        _WORLD[:] = [_world()]
    return _WORLD[0]
