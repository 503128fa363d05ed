"""Records the permission matrix's safeguarding rows need, made on demand from the test world
(tests/test_permission_matrix.py calls these from its rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from tests.factories import World, person

from lantern.cases.models import CaseParty
from lantern.people.models import LanguageSkill
from lantern.safeguarding import services as alerts
from lantern.safeguarding.first_response import services
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.protected import protection
from lantern.safeguarding.rules import S45_ELEMENTS
from lantern.safeguarding.section45 import considerations as section45
from lantern.safeguarding.sharing import ledger

NARRATIVE = (
    "Recruited in Riga with a promise of warehouse work; made to work at a car wash in Birmingham fourteen hours "
    "a day, wages taken for rent, passport held by the boss, threatened when she asked to leave."
)

COMPLETE_ADULT: dict[str, Any] = {
    "age_now": "adult",
    "under_18_at_exploitation": "no",
    "told_language": "lv",
    "told_through": "interpreter_phone",
    "explained_nrm": True,
    "explained_support": True,
    "explained_outcomes": True,
    "consent": "given",
    "narrative": NARRATIVE,
    "exploitation_types": ["labour"],
    "where_exploited": "Birmingham",
    "current_location": "West Midlands",
    "exploiters": "Two men",
    "other_victims": "yes",
    "crime_reference": "20/000777/26",
    "support_needed": "yes",
    "given_names": "Ilze",
    "family_name": "Ozola",
    "date_of_birth": "1994-03-27",
    "sex": "female",
    "nationalities": ["LV"],
    "interpreter_needed": "no",
    "safe_to_contact": "no",
    "police_cooperation": "yes",
}


def first_response(w: World, *, complete: bool = False) -> Any:
    fr = services.start(w.frontline)
    if complete:
        services.update(w.frontline, fr, COMPLETE_ADULT)
    return fr


def interpreter(w: World) -> Any:
    return interpreters.register(
        w.spoc,
        name="Anna L",
        sex="female",
        languages_offered={"lv": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )


def booking(w: World) -> Any:
    LanguageSkill.objects.get_or_create(person=w.victim, language="lv", defaults={"level": "first"})
    return interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=interpreter(w),
        language="lv",
        purpose="update",
        booked_for=timezone.now(),
        case=w.case,
    )


def victim_suspect(w: World) -> Any:
    p = person("Minh", "Tran", dob=date(2008, 9, 1))
    CaseParty.objects.create(case=w.case, person=p, role="victim_suspect")
    return p


def case_with_victim_suspect(w: World) -> dict[str, Any]:
    """URL kwargs for the case, after adding a victim-suspect to it (made before the request)."""
    victim_suspect(w)
    return {"case_id": w.case.pk}


def s45_body(w: World) -> dict[str, Any]:
    party = CaseParty.objects.filter(case=w.case, role="victim_suspect").order_by("-pk").first()
    return {
        "person_id": party.person_id if party else victim_suspect(w).pk,
        "offence_description": "Cannabis cultivation",
        "offence_date": "2026-01-10",
        "schedule4_checked": True,
        "schedule4_code": "",
        "elements": {code: {"answer": "yes", "evidence": "Locked in"} for code, _q in S45_ELEMENTS["under_18"]},
        "conclusion": "may_apply",
        "reasoning": "Compelled by the gang",
    }


def s45(w: World) -> Any:
    body = s45_body(w)
    p = CaseParty.objects.get(person_id=body.pop("person_id")).person
    return section45.record(
        w.oic,
        case=w.case,
        person=p,
        offence_date=date(2026, 1, 10),
        **{k: v for k, v in body.items() if k != "offence_date"},
        age_at_offence=None,
    )


def share_body(w: World) -> dict[str, Any]:
    return {
        "person_id": w.victim.pk,
        "case_id": w.case.pk,
        "subject_role": "victim",
        "recipient": "immigration_enforcement",
        "shared_what": "Name",
        "purpose": "support",
        "legal_basis": "iaa_1999_s20",
        "victim_told": "yes",
        "victim_told_on": timezone.localdate().isoformat(),
    }


def share(w: World) -> Any:
    body = share_body(w)
    body.pop("person_id")
    body.pop("case_id")
    body["victim_told_on"] = timezone.localdate()
    return ledger.propose(
        w.oic, person=w.victim, case=w.case, purpose_detail="", legal_basis_detail="", victim_not_told_reason="", **body
    )


def protected(w: World) -> Any:
    return protection.protect(
        w.oic,
        kind="phone",
        label="New phone",
        value="07700 900321",
        reason="Victim's new phone: the exploiters have the old one",
        case=w.case,
        person=w.victim,
    )


def sent_first_response(w: World) -> Any:
    fr = first_response(w, complete=True)
    return services.complete(w.frontline, fr, "NRM-WEB-000001")


def alert(w: World) -> Any:
    return alerts.alert(w.oic, "nrm_decision", "A decision for a person in a case", w.case)
