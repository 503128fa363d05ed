"""Safeguarding records for SYNTHETIC data only (the demo and benchmarks), after the generator.

Adds, deterministically by seed: a national interpreter register covering the languages victims
speak; interpreter bookings for some victims (most matching, a few proposed in a related
language, as happens); protected details (encrypted) for some victims; a section 45
consideration for most victim-suspects; Home Office sharing ledger entries for a few victims; and
reasonable and conclusive grounds decisions on older NRM referrals. Idempotent: it does nothing
if an interpreter register already exists. Never for real data (the command refuses production).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lantern.cases.models import CaseParty, CaseStatus
from lantern.core import crypto
from lantern.nrm.models import NrmDecision, NrmReferral
from lantern.people.models import LanguageSkill
from lantern.safeguarding import languages, rules
from lantern.safeguarding.models import (
    ImmigrationShare,
    Interpreter,
    InterpreterBooking,
    InterpreterLanguage,
    ProtectedDetail,
    Section45Consideration,
)
from lantern.safeguarding.protected import protection

# (name, sex, {language: [dialects]})
REGISTER: tuple[tuple[str, str, dict[str, list[str]]], ...] = (
    ("Anna Liepiņa", "female", {"lv": [], "ru": []}),
    ("Olga Romanova", "female", {"ru": [], "uk": []}),
    ("Jonas Petrauskas", "male", {"lt": [], "ru": []}),
    ("Elira Hoxha", "female", {"sq": ["Gheg", "Tosk"]}),
    ("Arben Gashi", "male", {"sq": ["Gheg"]}),
    ("Nguyen Thi Lan", "female", {"vi": ["Northern (Hanoi)", "North Central (Nghệ An)"]}),
    ("Tran Van Minh", "male", {"vi": ["Northern (Hanoi)"]}),
    ("Senait Tesfay", "female", {"ti": [], "am": []}),
    ("Yonas Haile", "male", {"ti": []}),
    ("Amira Osman", "female", {"ar": ["Sudanese Arabic", "Egyptian Arabic"]}),
    ("Ioana Popescu", "female", {"ro": []}),
    ("Marek Kowalski", "male", {"pl": []}),
    ("Li Mei", "female", {"cmn": [], "yue": []}),
    ("Chen Wei", "male", {"cdo": [], "cmn": []}),
    ("Harpreet Kaur", "female", {"pa": [], "hi": [], "ur": []}),
    ("Adaeze Okafor", "female", {"ig": [], "yo": []}),
    ("Milan Horváth", "male", {"rom": ["Slovak Romani", "Czech Romani"], "sk": []}),
    ("Kateryna Shevchenko", "female", {"uk": [], "ru": []}),
)


@dataclass
class Totals:
    interpreters: int = 0
    bookings: int = 0
    protected: int = 0
    considerations: int = 0
    shares: int = 0
    decisions: int = 0


def derive(seed: int = 1) -> Totals:
    totals = Totals()
    if Interpreter.objects.exists():
        return totals
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    today = timezone.localdate()
    with transaction.atomic():
        register = []
        for name, sex, offered in REGISTER:
            interpreter = Interpreter.objects.create(
                name=name,
                sex=sex,
                vetting=Interpreter.Vetting.NPPV2,
                vetted_until=today + timedelta(days=rng.randrange(-60, 900)),
                register_number=f"NRPSI {rng.randrange(10000, 99999)}",
            )
            InterpreterLanguage.objects.bulk_create(
                InterpreterLanguage(interpreter=interpreter, language=code, dialects=d) for code, d in offered.items()
            )
            register.append((interpreter, offered))
        totals.interpreters = len(register)
        _victims(rng, register, totals, today)
        _victim_suspects(rng, totals, today)
        _decisions(rng, totals, today)
        totals.protected += protection.encrypt_protected_locations()
    return totals


def _victims(
    rng: random.Random, register: list[tuple[Interpreter, dict[str, list[str]]]], totals: Totals, today: date
) -> None:
    parties = (
        CaseParty.objects.filter(role__in=["victim", "victim_suspect"])
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "person", "case__officer_in_charge")
        .order_by("pk")
    )
    for party in parties:
        case, person, officer = party.case, party.person, party.case.officer_in_charge
        first = person.languages.filter(level=LanguageSkill.Level.FIRST).exclude(language="en").first()
        if first is not None and rng.random() < 0.35:
            code = languages.resolve(first.language, first.dialect)
            wrong = rng.random() < 0.15
            related = next(
                (other for pair in languages.CONFUSED_WITH for other in pair if code in pair and other != code), None
            )
            booked = related if wrong and related else code
            choices = [i for i, offered in register if booked in offered]
            if choices:
                interpreter = rng.choice(choices)
                when = case.reported_at + timedelta(days=rng.randrange(1, 30))
                speaks = [rules.Speaks(s.language, s.level, s.dialect) for s in person.languages.all()]
                findings = rules.check_interpreter_booking(
                    speaks, booked, "", _offer(interpreter, register), on=when.date()
                )
                confirmed = not findings
                InterpreterBooking.objects.create(
                    force_id=case.force_id,
                    person=person,
                    case=case,
                    interpreter=interpreter,
                    language=booked,
                    purpose=rng.choice(["first_account", "abe_interview", "update"]),
                    booked_for=when,
                    status="confirmed" if confirmed else "proposed",
                    recorded_by=officer,
                    findings=[{"code": f.code, "message": f.message, "blocking": f.blocking} for f in findings],
                    confirmed_by=officer if confirmed else None,
                    confirmed_at=when if confirmed else None,
                )
                totals.bookings += 1
        if rng.random() < 0.12:
            ProtectedDetail.objects.create(
                force_id=case.force_id,
                case=case,
                person=person,
                kind=ProtectedDetail.Kind.PHONE,
                label="New phone",
                value_token=crypto.encrypt(f"07700 9{rng.randrange(10000, 99999)}"),
                recorded_by=officer,
                reason="Victim's new phone: the exploiters have the old number",
            )
            totals.protected += 1
        if rng.random() < 0.05:
            told = rng.random() < 0.6
            status = rng.choice(["approved", "approved", "refused", "proposed"])
            ImmigrationShare.objects.create(
                force_id=case.force_id,
                case=case,
                person=person,
                subject_role=party.role if party.role != "suspect" else "victim",
                recipient=rng.choice(["immigration_enforcement", "ukvi"]),
                shared_what="Name and date of birth",
                purpose=rng.choice(["support", "identity", "safeguarding", "status_concern_only"]),
                purpose_detail="Synthetic",
                legal_basis=rng.choice(["iaa_1999_s20", "common_law"]),
                victim_told="yes" if told else "not_yet",
                victim_told_on=today - timedelta(days=3) if told else None,
                status=status,
                proposed_by=officer,
                approver=None if status == "proposed" else officer,
                decided_at=None if status == "proposed" else timezone.now(),
            )
            totals.shares += 1


def _offer(
    interpreter: Interpreter, register: list[tuple[Interpreter, dict[str, list[str]]]]
) -> rules.InterpreterOffer:
    offered = next(o for i, o in register if i.pk == interpreter.pk)
    return rules.InterpreterOffer(
        interpreter.pk, interpreter.name, interpreter.sex, offered, True, interpreter.vetted_until
    )


def _victim_suspects(rng: random.Random, totals: Totals, today: date) -> None:
    parties = CaseParty.objects.filter(role="victim_suspect").select_related("case", "case__force", "person")
    for party in parties.order_by("pk"):
        if rng.random() > 0.7:
            continue
        case, person = party.case, party.person
        offence_date = timezone.localtime(case.reported_at).date() - timedelta(days=rng.randrange(1, 60))
        if person.date_of_birth:
            age = rules.age_on(person.date_of_birth, offence_date)
            basis = "dob"
        else:
            age, basis = person.age_min or 20, "estimate"
        test = rules.s45_test(age)
        elements = {
            code: {"answer": "yes", "evidence": "Account in interview; found locked in at the address"}
            for code, _q in rules.S45_ELEMENTS[test]
        }
        supervisor = case.force.users.filter(role="supervisor", is_active=True).order_by("pk").first()
        reviewed = supervisor is not None and rng.random() < 0.6
        Section45Consideration.objects.create(
            force_id=case.force_id,
            case=case,
            person=person,
            offence_description="Cannabis cultivation",
            offence_date=offence_date,
            schedule4_checked=True,
            schedule4_code="",
            age_at_offence=age,
            age_basis=basis,
            test=test,
            elements=elements,
            conclusion=rules.MAY_APPLY,
            reasoning="Compelled by those who trafficked them; no realistic alternative.",
            status="reviewed" if reviewed else "awaiting_review",
            recorded_by=case.officer_in_charge,
            reviewer=supervisor if reviewed else None,
            reviewed_at=timezone.now() if reviewed else None,
        )
        totals.considerations += 1


def _decisions(rng: random.Random, totals: Totals, today: date) -> None:
    for referral in NrmReferral.objects.filter(status="submitted").select_related("force").order_by("pk"):
        referred = timezone.localtime(referral.referred_at).date()
        if (today - referred).days < 10:
            continue
        recorder = referral.force.users.filter(role__in=["investigator", "spoc", "supervisor"]).first()
        if recorder is None:
            continue
        rg_on = referred + timedelta(days=rng.randrange(3, 30))
        if rg_on > today:
            continue
        positive = rng.random() < 0.55
        NrmDecision.objects.create(
            referral=referral, kind="rg", positive=positive, decided_on=rg_on, recorded_by=recorder
        )
        status = "rg_positive" if positive else "rg_negative"
        totals.decisions += 1
        cg_on = rg_on + timedelta(days=rng.randrange(200, 700))
        if positive and cg_on <= today and rng.random() < 0.6:
            cg_positive = rng.random() < 0.6
            NrmDecision.objects.create(
                referral=referral, kind="cg", positive=cg_positive, decided_on=cg_on, recorded_by=recorder
            )
            status = "cg_positive" if cg_positive else "cg_negative"
            totals.decisions += 1
        NrmReferral.objects.filter(pk=referral.pk).update(status=status)
