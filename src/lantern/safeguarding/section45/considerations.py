"""Section 45 considerations and the charge gate (F8). The legal tests are in rules; this
module decides who needs a consideration, records it, has a supervisor review it, and refuses a
charge against a person who may be a victim until that review is done."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case, CaseParty
from lantern.core import audit
from lantern.core.access import AccessDenied, can_review_safeguarding
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.people.models import Person
from lantern.safeguarding import rules
from lantern.safeguarding.access import handles_case_safeguarding
from lantern.safeguarding.models import Charge, FirstResponse, Section45Consideration

Status = Section45Consideration.Status


def needs_consideration(case: Case, person: Person) -> bool:
    roles = CaseParty.objects.filter(case=case, person=person).values_list("role", flat=True)
    indicators = FirstResponse.objects.filter(person=person).exclude(indicators=[]).exists()
    nrm_or_dtn = (
        NrmReferral.objects.filter(person=person).exists() or DutyToNotify.objects.filter(person=person).exists()
    )
    return rules.needs_section45(list(roles), indicators, nrm_or_dtn)


def persons_needing(case: Case) -> list[tuple[Person, Section45Consideration | None]]:
    """Each suspect of the case who may be a victim, with their latest consideration (if any)."""
    result = []
    seen: set[int] = set()
    for party in CaseParty.objects.filter(case=case, role__in=["suspect", "victim_suspect"]).select_related("person"):
        if party.person_id in seen or not needs_consideration(case, party.person):
            continue
        seen.add(party.person_id)
        latest = Section45Consideration.objects.filter(case=case, person=party.person).order_by("-recorded_at").first()
        result.append((party.person, latest))
    return result


def record(
    actor: User,
    *,
    case: Case,
    person: Person,
    offence_description: str,
    offence_date: date | None,
    schedule4_checked: bool,
    schedule4_code: str,
    age_at_offence: int | None,
    elements: dict[str, dict[str, str]],
    conclusion: str,
    reasoning: str,
) -> Section45Consideration:
    """Record a consideration, sent to a supervisor for review. The age at the time of the
    offence comes from the date of birth when it is known; otherwise it must be given."""
    if not handles_case_safeguarding(actor, case):
        raise AccessDenied("Only police of the force holding the case record a section 45 consideration.")
    if not CaseParty.objects.filter(case=case, person=person, role__in=["suspect", "victim_suspect"]).exists():
        raise invalid("person", "Choose a suspect in this case.")
    if not offence_description.strip():
        raise invalid("offence_description", "Describe the offence the person is suspected of.")
    if offence_date is None:
        raise invalid("offence_date", "Enter the date of the offence: the person's age then decides the test.")
    if offence_date > timezone.localdate():
        raise invalid("offence_date", "The date of the offence cannot be in the future.")
    basis = "estimate"
    if person.date_of_birth is not None:
        if offence_date < person.date_of_birth:
            raise invalid("offence_date", "The date of the offence is before the person's date of birth.")
        age_at_offence, basis = rules.age_on(person.date_of_birth, offence_date), "dob"
    assessment = rules.assess_section45(age_at_offence, schedule4_code, schedule4_checked, elements, conclusion)
    errors: dict[str, list[str]] = {}
    for field, message in assessment.problems:
        errors.setdefault(field, []).append(message)
    if not reasoning.strip():
        errors.setdefault("reasoning", []).append("Explain the conclusion in your own words.")
    if errors:
        raise ValidationError(errors)
    assert age_at_offence is not None  # noqa: S101 - assess_section45 refuses a missing age
    codes = {code for code, _question in rules.S45_ELEMENTS[assessment.test]}
    kept = {
        code: {"answer": str(v.get("answer", "")), "evidence": str(v.get("evidence", "")).strip()}
        for code, v in elements.items()
        if code in codes
    }
    with transaction.atomic():
        s45 = Section45Consideration.objects.create(
            force_id=case.force_id,
            case=case,
            person=person,
            offence_description=offence_description.strip()[:255],
            offence_date=offence_date,
            schedule4_checked=schedule4_checked,
            schedule4_code=schedule4_code,
            age_at_offence=age_at_offence,
            age_basis=basis,
            test=assessment.test,
            elements=kept,
            conclusion=conclusion,
            reasoning=reasoning.strip(),
            recorded_by=actor,
            status=Status.AWAITING_REVIEW,
        )
        audit.record(actor, audit.Action.COLLECTION, s45, detail=f"test {assessment.test}; {conclusion}")
    return s45


def review(actor: User, s45: Section45Consideration, *, agree: bool, note: str) -> Section45Consideration:
    """A supervisor of the force, not the officer who wrote it, agrees or returns it."""
    if not can_review_safeguarding(actor) or actor.force_id != s45.force_id:
        raise AccessDenied("A supervisor of the force reviews a section 45 consideration.")
    if s45.recorded_by_id == actor.pk:
        raise AccessDenied("A consideration is reviewed by someone other than its author.")
    if s45.status != Status.AWAITING_REVIEW:
        raise invalid("status", f"This consideration is {s45.get_status_display().lower()}, not awaiting review.")
    if not agree and not note.strip():
        raise invalid("review_note", "Say what more is needed.")
    with transaction.atomic():
        s45.status = Status.REVIEWED if agree else Status.RETURNED
        s45.reviewer = actor
        s45.reviewed_at = timezone.now()
        s45.review_note = note.strip()
        s45.save(update_fields=["status", "reviewer", "reviewed_at", "review_note"])
        audit.record(actor, audit.Action.ALTERATION, s45, detail="reviewed" if agree else "returned")
    return s45


def record_charge(
    actor: User, *, case: Case, person: Person, offence_description: str, charged_on: date | None
) -> Charge:
    """Record a charge. Refused for a person who may be a victim (victim-suspect, a suspect
    with signs of exploitation, or an NRM or Duty to Notify subject) with no reviewed section
    45 consideration."""
    if not handles_case_safeguarding(actor, case):
        raise AccessDenied("Only police of the force holding the case record a charge.")
    if not CaseParty.objects.filter(case=case, person=person, role__in=["suspect", "victim_suspect"]).exists():
        raise invalid("person", "Only a suspect in this case can be charged.")
    if not offence_description.strip():
        raise invalid("offence_description", "Describe the offence charged.")
    if charged_on is None or charged_on > timezone.localdate():
        raise invalid("charged_on", "Enter the date of the charge, today or earlier.")
    reviewed = Section45Consideration.objects.filter(case=case, person=person, status=Status.REVIEWED)
    refusal = rules.charge_refusal(needs_consideration(case, person), reviewed.count())
    if refusal:
        raise invalid("person", refusal)
    with transaction.atomic():
        charge = Charge.objects.create(
            case=case,
            person=person,
            offence_description=offence_description.strip()[:255],
            charged_on=charged_on,
            recorded_by=actor,
            section45=reviewed.order_by("-reviewed_at").first(),
        )
        audit.record(actor, audit.Action.COLLECTION, charge)
    return charge


def elements_from(data: dict[str, Any], test: str) -> dict[str, dict[str, str]]:
    """Form or API fields named <element>_answer and <element>_evidence, as the rules want them."""
    return {
        code: {"answer": str(data.get(f"{code}_answer") or ""), "evidence": str(data.get(f"{code}_evidence") or "")}
        for code, _q in rules.S45_ELEMENTS.get(test, ())
    }
