"""Named personas and small builders for tests (Faker en_GB, seeded).

Personas: an officer in charge (`oic`), a colleague in the same force, a supervisor, a SPOC, a
frontline PC, a force administrator, an officer of another force, an advocate with a consenting
client and one without, a CPS liaison, a national analyst.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

from django.utils import timezone
from faker import Faker

from lantern.cases import services
from lantern.cases.models import AdvocateAssignment, Case, CaseParty, CpsReferral
from lantern.core.models import Force, Organisation, Rank, Role, Team, User
from lantern.people.models import Person, PersonName
from lantern.people.names import detect_script, search_key

fake = Faker("en_GB")
Faker.seed(4321)
_seq = count(1000)  # above the fixed world references (20/000123/26), so no run order collides
PASSWORD = "correct-horse-battery"


def force(code: str = "WMP", name: str = "West Midlands Police") -> Force:
    obj, _ = Force.objects.get_or_create(code=code, defaults={"name": name, "country": "england"})
    return obj


def team(force_obj: Force, name: str = "Modern Slavery Unit") -> Team:
    obj, _ = Team.objects.get_or_create(force=force_obj, name=name, defaults={"modern_slavery_unit": True})
    return obj


def organisation(name: str, kind: str) -> Organisation:
    obj, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return obj


def user(
    role: str,
    force_obj: Force | None = None,
    *,
    rank: str = "",
    username: str | None = None,
    organisation_obj: Organisation | None = None,
    team_obj: Team | None = None,
) -> User:
    n = next(_seq)
    u = User.objects.create_user(
        username=username or f"{role}{n}",
        password=PASSWORD,
        first_name=fake.first_name(),
        last_name=fake.last_name(),
        email=f"{role}{n}@example.police.uk",
        role=role,
        force=force_obj,
        team=team_obj if team_obj is not None else (team(force_obj) if force_obj else None),
        organisation=organisation_obj,
        rank=rank,
        phone=f"01632 960{n:03d}",
    )
    return u


def enrol(member: User, secret: str | None = None) -> str:
    """Give `member` a confirmed authenticator app; returns its TOTP secret."""
    from lantern.core import second_factor

    secret = secret or second_factor.new_secret()
    second_factor.enrol_with_secret(member, secret)
    return secret


def totp_code(member: User) -> str:
    """A code `member`'s app would show that has not been used yet: now's, or the next step's if
    now's was used (the server accepts one step either side); waits for a later step if need be."""
    import time

    import pyotp

    from lantern.core import second_factor
    from lantern.core.models import SecondFactor

    factor = SecondFactor.objects.get(user=member)
    totp = pyotp.TOTP(second_factor.secret_of(factor))
    while (now_step := int(timezone.now().timestamp()) // totp.interval) + 1 < factor.last_step + 1:
        time.sleep(1)
    return totp.generate_otp(max(now_step, factor.last_step + 1))


def person(
    given: str, family: str, *, dob: date | str | None = None, extra_names: tuple[tuple[str, str, str], ...] = ()
) -> Person:
    """A person with a primary name and optional extra (given, family, kind) names."""
    p = Person.objects.create(date_of_birth=dob)
    for i, (g, f, kind) in enumerate(((given, family, PersonName.Kind.AS_WRITTEN), *extra_names)):
        PersonName.objects.create(
            person=p,
            given_names=g,
            family_name=f,
            kind=kind,
            primary=(i == 0),
            search_key=search_key(g, f),
            script=detect_script(g + f),
        )
    return p


def new_case(actor: User, reference: str | None = None, **kwargs: object) -> Case:
    ref = reference or f"20/{next(_seq):06d}/26"
    reported = kwargs.pop("reported_at", timezone.now() - timedelta(days=10))
    return services.record_case(actor, services.NewCase(crime_reference=ref, reported_at=reported, **kwargs))  # type: ignore[arg-type]


# The personas of build_world(), by attribute name, and the groups the permission matrices use.
SIGNED_IN_PERSONAS = [
    "oic",
    "colleague",
    "supervisor",
    "spoc",
    "frontline",
    "force_admin",
    "other_force_officer",
    "advocate",
    "advocate_no_consent",
    "advocate_withdrawn",
    "cps",
    "analyst",
]
FORCE_PERSONAS = {"oic", "colleague", "supervisor", "spoc"}
CASE_READER_PERSONAS = FORCE_PERSONAS | {"advocate", "cps"}


@dataclass
class World:
    wmp: Force
    met: Force
    oic: User
    colleague: User
    supervisor: User
    spoc: User
    frontline: User
    force_admin: User
    other_force_officer: User
    advocate: User
    advocate_no_consent: User
    cps: User
    analyst: User
    case: Case
    victim: Person
    suspect: Person
    other_case: Case
    # An advocate whose client withdrew consent (lantern.portal): sees nothing of the case.
    advocate_withdrawn: User


def build_world() -> World:
    """Two forces, every role, a WMP case with a victim (an advocate's consenting client) and a
    suspect, and an MPS case nobody in WMP may see."""
    wmp = force("WMP", "West Midlands Police")
    met = force("MPS", "Metropolitan Police Service")
    charity = organisation("Beacon Advocacy Trust", Organisation.Kind.ADVOCACY)
    cps_org = organisation("Crown Prosecution Service", Organisation.Kind.CPS)
    oic = user(Role.INVESTIGATOR, wmp, rank=Rank.DC, username="oic")
    colleague = user(Role.INVESTIGATOR, wmp, rank=Rank.DC, username="colleague")
    supervisor = user(Role.SUPERVISOR, wmp, rank=Rank.DI, username="supervisor")
    spoc = user(Role.SPOC, wmp, rank=Rank.DS, username="spoc")
    frontline = user(Role.FRONTLINE, wmp, rank=Rank.PC, username="frontline")
    force_admin = user(Role.FORCE_ADMIN, wmp, rank=Rank.STAFF, username="forceadmin")
    other = user(Role.INVESTIGATOR, met, rank=Rank.DC, username="metofficer", team_obj=team(met))
    advocate = user(Role.ADVOCATE, None, username="advocate", organisation_obj=charity)
    advocate_no_consent = user(Role.ADVOCATE, None, username="advocate2", organisation_obj=charity)
    cps = user(Role.CPS, None, username="cps", organisation_obj=cps_org)
    analyst = user(Role.ANALYST, None, username="analyst")

    case = new_case(oic, "20/000123/26", summary="Labour exploitation at a car wash")
    victim = person("Ilze", "Bērziņa", extra_names=(("Илзе", "Берзиня", PersonName.Kind.ORIGINAL_SCRIPT),))
    suspect = person("Dmitri", "Volkov")
    CaseParty.objects.create(case=case, person=victim, role="victim")
    CaseParty.objects.create(case=case, person=suspect, role="suspect")
    advocate_withdrawn = user(Role.ADVOCATE, None, username="advocate3", organisation_obj=charity)
    given = timezone.now() - timedelta(days=30)
    AdvocateAssignment.objects.create(
        person=victim, advocate=advocate, organisation=charity, consent_given_at=given, given_how="in_writing"
    )
    # consent never given
    AdvocateAssignment.objects.create(person=victim, advocate=advocate_no_consent, organisation=charity)
    AdvocateAssignment.objects.create(
        person=victim,
        advocate=advocate_withdrawn,
        organisation=charity,
        consent_given_at=given,
        consent_withdrawn_at=timezone.now() - timedelta(days=1),
        withdrawn_through="advocacy",
    )
    CpsReferral.objects.create(case=case, organisation=cps_org, kind="early_advice")
    other_case = new_case(other, "01/987654/26", summary="Sexual exploitation")
    CaseParty.objects.create(case=other_case, person=person("Anjeza", "Hoxha"), role="victim")
    return World(
        wmp,
        met,
        oic,
        colleague,
        supervisor,
        spoc,
        frontline,
        force_admin,
        other,
        advocate,
        advocate_no_consent,
        cps,
        analyst,
        case,
        victim,
        suspect,
        other_case,
        advocate_withdrawn,
    )
