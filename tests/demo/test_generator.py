"""The synthetic data generator: deterministic, consistent with the model's rules, in proportion."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from lantern.cases.models import (
    AdvocateAssignment,
    Case,
    CaseParty,
    CaseReference,
    Handover,
    Offence,
    TimelineEvent,
    Transfer,
)
from lantern.core import second_factor
from lantern.core.models import Force, SecondFactor, User
from lantern.core.reference_data import FORCES
from lantern.demo.generator import Result, anchor_for, generate
from lantern.demo.staff import DEMO_PASSWORD, DEMO_SIGNINS
from lantern.nrm.models import NrmCaseLink, NrmReferral
from lantern.nrm.services import unlinked_referrals
from lantern.people.models import Location, Person, PersonName
from lantern.people.names import detect_script, search_key
from lantern.victims_code.models import Duty

TODAY = date(2026, 3, 16)
ANCHOR = anchor_for(TODAY)
pytestmark = pytest.mark.django_db


def _sorted(rows: Iterable[object]) -> list[object]:
    return sorted(rows, key=repr)


def digest() -> str:
    """A fingerprint of the content, without database ids."""
    parts: list[object] = [
        _sorted(
            PersonName.objects.values_list("kind", "given_names", "family_name", "script", "search_key", "primary")
        ),
        _sorted(Person.objects.values_list("date_of_birth", "age_min", "age_max", "sex", "recorded_at")),
        _sorted(
            Case.objects.values_list(
                "force__code",
                "crime_reference",
                "status",
                "summary",
                "reported_at",
                "officer_in_charge__username",
                "last_victim_contact_at",
                "updated_at",
            )
        ),
        _sorted(CaseReference.objects.values_list("kind", "issuer", "value", "case__crime_reference", "recorded_at")),
        _sorted(
            TimelineEvent.objects.values_list(
                "case__crime_reference", "recorded_at", "kind", "recorded_by__username", "summary"
            )
        ),
        _sorted(
            NrmReferral.objects.values_list("reference", "force__code", "received_at", "status", "person__recorded_at")
        ),
        _sorted(User.objects.values_list("username", "first_name", "last_name", "role", "rank", "phone")),
        _sorted(
            Duty.objects.values_list(
                "case__crime_reference", "kind", "event_at", "due_on", "state", "met_at", "escalation_level"
            )
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def digest_of(seed: int) -> str:
    with transaction.atomic():
        generate("tiny", seed=seed, today=TODAY)
        result = digest()
        transaction.set_rollback(True)
    return result


def test_same_seed_same_content_and_another_seed_differs() -> None:
    first = digest_of(7)
    assert Case.objects.count() == 0  # rolled back
    assert digest_of(7) == first
    assert digest_of(8) != first


def test_every_force_is_loaded_by_the_migration() -> None:
    assert Force.objects.count() == 44
    assert set(Force.objects.values_list("code", flat=True)) == {f.code for f in FORCES}
    assert Force.objects.filter(territorial=True).count() == 43
    assert Force.objects.filter(country="wales").count() == 4


@pytest.fixture
def tiny() -> Result:
    return generate("tiny", seed=3, today=TODAY)


def test_every_case_has_one_officer_in_charge_who_can_hold_it_in_its_force(tiny: Result) -> None:
    assert Case.objects.count() == 60
    for case in Case.objects.select_related("officer_in_charge"):
        officer = case.officer_in_charge
        assert officer.can_hold_cases
        assert officer.force_id == case.force_id


def test_crime_references_are_unique_in_each_force_and_findable(tiny: Result) -> None:
    crime_kinds = [CaseReference.Kind.CRIME, CaseReference.Kind.PREVIOUS_CRIME]
    issued = list(CaseReference.objects.filter(kind__in=crime_kinds).values_list("issuer", "normalised"))
    assert len(issued) == len(set(issued))
    for case in Case.objects.select_related("force").prefetch_related("references"):
        current = [r for r in case.references.all() if r.kind == CaseReference.Kind.CRIME]
        assert [(r.issuer, r.value, r.normalised) for r in current] == [
            (case.force.code, case.crime_reference, case.crime_reference_normalised)
        ]
        assert current[0].prefixed == case.force.code + case.crime_reference_normalised


def test_transferred_cases_keep_their_previous_crime_reference() -> None:
    generate("demo", seed=5, today=TODAY, cases=400)
    transfers = list(Transfer.objects.select_related("case__force", "from_force", "to_force"))
    assert transfers
    for transfer in transfers:
        assert transfer.state == Transfer.State.ACCEPTED
        assert transfer.case.force == transfer.to_force != transfer.from_force
        assert transfer.case.crime_reference == transfer.to_reference
        assert CaseReference.objects.filter(
            case=transfer.case,
            kind=CaseReference.Kind.PREVIOUS_CRIME,
            issuer=transfer.from_force.code,
            value=transfer.from_reference,
        ).exists()
        kinds = set(transfer.case.timeline.values_list("kind", flat=True))
        assert {TimelineEvent.Kind.TRANSFER_REQUESTED, TimelineEvent.Kind.TRANSFER_ACCEPTED} <= kinds
    assert CaseReference.objects.filter(kind=CaseReference.Kind.PREVIOUS_CRIME).count() == len(transfers)


def test_names_are_folded_for_search_and_scripts_recorded(tiny: Result) -> None:
    names = list(PersonName.objects.all())
    assert {n.script for n in names} >= {"Latn"}
    for name in names:
        assert name.search_key == search_key(name.given_names, name.family_name)
        assert name.script == detect_script(f"{name.given_names} {name.family_name}")
    primaries = Counter(PersonName.objects.filter(primary=True).values_list("person_id", flat=True))
    assert set(primaries.values()) == {1}
    assert len(primaries) == Person.objects.count()


def test_nrm_referrals_without_a_crime_include_alerts_and_recent_ones(tiny: Result) -> None:
    wmp = Force.objects.get(code="WMP")
    now = ANCHOR + timedelta(hours=12)
    assert unlinked_referrals(wmp, now=now).count() >= 3
    recent = NrmReferral.objects.filter(force=wmp, cases__isnull=True, received_at__gt=now - timedelta(hours=24))
    assert recent.count() >= 1
    for link in NrmCaseLink.objects.select_related("referral", "case"):
        assert CaseReference.objects.filter(case=link.case, kind="nrm", value=link.referral.reference).exists()


def test_timelines_run_forward_from_the_report(tiny: Result) -> None:
    for case in Case.objects.prefetch_related("timeline"):
        events = sorted(case.timeline.all(), key=lambda e: (e.recorded_at, e.id))
        assert events[0].kind == TimelineEvent.Kind.CASE_RECORDED
        assert events[0].recorded_at == case.reported_at
        assert all(case.reported_at <= e.recorded_at < ANCHOR for e in events)
        assert all(e.force_id is not None for e in events)
    assert not Location.objects.filter(protected=True, protected_reason="").exists()


def test_demo_sign_ins_have_something_to_show(tiny: Result) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in DEMO_SIGNINS])}
    assert set(users) == {s.username for s in DEMO_SIGNINS}
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    wmp_codes = {s.username for s in DEMO_SIGNINS if s.force_code == "WMP"}
    assert {u for u, user in users.items() if user.force and user.force.code == "WMP"} == wmp_codes
    investigator = users["investigator"]
    assert Case.objects.filter(officer_in_charge=investigator).exists()
    assert Handover.objects.filter(to_officer=investigator, state=Handover.State.OFFERED).count() >= 1
    clients = AdvocateAssignment.objects.filter(advocate=users["advocate"])
    assert clients.filter(consent_withdrawn_at__isnull=False).count() == 1
    consenting = clients.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)
    forces = set(CaseParty.objects.filter(person__advocates__in=consenting).values_list("case__force__code", flat=True))
    assert {"WMP", "MPS"} <= forces
    out = StringIO()
    call_command("demo_signins", stdout=out)
    assert "investigator" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    # Each demo user is enrolled with a random TOTP secret, stored encrypted, printed beside the password.
    factor = SecondFactor.objects.get(user=investigator, confirmed_at__isnull=False)
    secret = second_factor.secret_of(factor)
    assert secret in out.getvalue()
    assert secret not in factor.secret_ciphertext
    assert SecondFactor.objects.filter(user__username__in=list(users), confirmed_at__isnull=False).count() == len(users)
    code = StringIO()
    call_command("otp", "investigator", stdout=code)
    assert code.getvalue().strip() == second_factor.current_code(investigator)


def test_demo_signins_lists_only_users_that_exist() -> None:
    out = StringIO()
    call_command("demo_signins", stdout=out)
    assert "No demo sign-ins" in out.getvalue()


def test_generate_command_if_empty_does_nothing_the_second_time() -> None:
    out = StringIO()
    call_command("generate", "--scale", "tiny", "--seed", "2", "--today", "2026-03-16", "--no-progress", stdout=out)
    assert Case.objects.count() == 60
    out = StringIO()
    call_command("generate", "--scale", "tiny", "--if-empty", "--no-progress", stdout=out)
    assert "nothing generated" in out.getvalue()
    assert Case.objects.count() == 60


def test_proportions_at_a_few_thousand_cases() -> None:
    generate("national", seed=11, today=TODAY, cases=3000)
    cases = Case.objects.count()
    assert cases == 3000
    assert Person.objects.count() >= 1.5 * cases
    assert TimelineEvent.objects.count() >= 10 * cases

    offences = Counter(Offence.objects.values_list("legislation", flat=True))
    assert {"msa_s1", "msa_s2", "msa_s4", "msa_s30", "other"} <= set(offences)
    assert offences["msa_s1"] + offences["msa_s2"] > 0.6 * sum(offences.values())

    forces = Counter(Case.objects.values_list("force__code", flat=True))
    assert 0.22 < forces["MPS"] / cases < 0.38
    assert forces["WMP"] > forces["CUMB"]

    main_type = Counter(types[0] for types in Case.objects.values_list("exploitation_types", flat=True))
    for kind, low, high in (("criminal", 0.25, 0.45), ("labour", 0.25, 0.45), ("sexual", 0.08, 0.25)):
        assert low < main_type[kind] / cases < high, kind

    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert 0.35 < statuses["closed"] / cases < 0.8
    assert statuses["investigating"] > 0
    assert statuses["charged"] > 0
    assert 0.02 < Transfer.objects.count() / cases < 0.08

    victims = CaseParty.objects.filter(role__in=["victim", "victim_suspect"])
    n_victims = victims.count()
    sexes = Counter(victims.values_list("person__sex", flat=True))
    assert 0.6 < sexes["male"] / n_victims < 0.85
    sexual = victims.filter(case__exploitation_types=["sexual"])
    assert sexual.filter(person__sex="female").count() > 0.7 * sexual.count()
    nationality = Counter(n[0] for n in victims.values_list("person__nationalities", flat=True))
    assert 0.15 < nationality["GB"] / n_victims < 0.35
    assert 0.07 < nationality["AL"] / n_victims < 0.22
    assert {"VN", "ER", "SD", "RO", "PL", "CN", "LV", "LT", "UA"} <= set(nationality)
    children = [p for p in Person.objects.filter(case_parties__in=victims).distinct() if _child(p)]
    assert 0.2 < len(children) / n_victims < 0.55
    assert victims.filter(role="victim_suspect").count() > 0.01 * cases

    referred = NrmReferral.objects.filter(cases__isnull=False).values("person").distinct().count()
    assert 0.45 < referred / n_victims < 0.75
    assert NrmReferral.objects.filter(cases__isnull=True).exists()
    scripts = set(PersonName.objects.values_list("script", flat=True))
    assert {"Latn", "Cyrl", "Arab", "Ethi", "Hans"} <= scripts
    per_case = Case.objects.annotate(n=Count("officer_in_charge")).values_list("n", flat=True)
    assert set(per_case) == {1}


def _child(person: Person) -> bool:
    if person.date_of_birth:
        return (person.recorded_at.date() - person.date_of_birth).days < 18 * 365
    return person.age_max is not None and person.age_max < 18
