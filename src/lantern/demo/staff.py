"""Organisations, teams and users: officers and staff of every force, advocates, CPS liaisons,
analysts, and the fixed demo sign-ins.

Generated users have unusable passwords; only the demo sign-ins (DEMO_SIGNINS) can sign in, with
DEMO_PASSWORD. E-mail addresses use the reserved .example domain and telephone numbers the
Ofcom drama ranges, so nothing reaches a real person.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from lantern.core import second_factor
from lantern.core.models import Force, Organisation, Rank, Team, User
from lantern.core.reference_data import ADVOCACY_ORGANISATIONS, CPS_NAME, ORGANISATIONS
from lantern.core.roles import Role
from lantern.demo import calibration as cal
from lantern.demo.names_latin import LATIN
from lantern.demo.persons import BritishPools, strip_diacritics
from lantern.people.names import fold

DEMO_PASSWORD = "lantern-demo-1"  # noqa: S105 - documented demo password, demo data only

MSU = "Modern Slavery Unit"
SAFEGUARDING = "Safeguarding Hub"
RESPONSE = "Response and Patrol"
CID_AREAS = ("North", "South", "East", "West", "Central")


class GenerationRefused(Exception):
    """The database is not one the generator can fill (forces missing, users in the way)."""


@dataclass(frozen=True)
class DemoSignin:
    username: str
    role: str
    force_code: str | None
    rank: str
    first_name: str
    last_name: str
    team: str | None = None
    organisation: str | None = None


DEMO_SIGNINS: tuple[DemoSignin, ...] = (
    DemoSignin("frontline", Role.FRONTLINE, "WMP", Rank.PC, "Amy", "Clarke", RESPONSE),
    DemoSignin("investigator", Role.INVESTIGATOR, "WMP", Rank.DC, "Tom", "Hughes", MSU),
    DemoSignin("investigator2", Role.INVESTIGATOR, "WMP", Rank.DC, "Priya", "Sandhu", MSU),
    DemoSignin("spoc", Role.SPOC, "WMP", Rank.DS, "Rachel", "Evans", MSU),
    DemoSignin("supervisor", Role.SUPERVISOR, "WMP", Rank.DI, "Mark", "Bennett", MSU),
    DemoSignin("forceadmin", Role.FORCE_ADMIN, "WMP", Rank.STAFF, "Helen", "Ward"),
    DemoSignin("met.investigator", Role.INVESTIGATOR, "MPS", Rank.DC, "Daniel", "Okoro", MSU),
    DemoSignin("advocate", Role.ADVOCATE, None, "", "Grace", "Mensah", organisation=ADVOCACY_ORGANISATIONS[0]),
    DemoSignin("cps", Role.CPS, None, "", "Oliver", "Grant", organisation=CPS_NAME),
    DemoSignin("analyst", Role.ANALYST, None, "", "Sophie", "Turner"),
)

# How much more often a demo sign-in is picked as officer in charge than a generated colleague.
DEMO_HOLDER_WEIGHT = {"investigator": 1.8, "investigator2": 1.0, "met.investigator": 1.5}
HOLDER_WEIGHT: dict[str, float] = {Role.INVESTIGATOR: 1.0, Role.SPOC: 0.4, Role.SUPERVISOR: 0.3}


@dataclass
class ForceStaff:
    force: Force
    holders: list[User] = field(default_factory=list)
    holder_cum: list[float] = field(default_factory=list)
    supervisors: list[User] = field(default_factory=list)
    spocs: list[User] = field(default_factory=list)
    frontline: list[User] = field(default_factory=list)

    def add_holder(self, user: User, weight: float) -> None:
        self.holders.append(user)
        self.holder_cum.append((self.holder_cum[-1] if self.holder_cum else 0.0) + weight)

    def pick_holder(self, rng: random.Random, other_than: User | None = None) -> User:
        for _ in range(8):
            user = rng.choices(self.holders, cum_weights=self.holder_cum)[0]
            if user is not other_than:
                return user
        return next(u for u in self.holders if u is not other_than)

    def pick_decider(self, rng: random.Random) -> User:
        """Who signs off status changes and accepts transfers: a supervisor or the SPOC."""
        return rng.choice(self.supervisors if rng.random() < 0.7 or not self.spocs else self.spocs)

    def pick_recorder(self, rng: random.Random) -> User:
        return rng.choice(self.frontline) if rng.random() < 0.7 else self.pick_holder(rng)


@dataclass
class Staff:
    forces: dict[str, ForceStaff]
    advocates: list[User]
    cps: list[User]
    organisations: dict[str, Organisation]
    demo: dict[str, User]


class _UserMaker:
    def __init__(self, rng: random.Random, british: BritishPools, anchor: datetime) -> None:
        self.rng = rng
        self.british = british
        self.anchor = anchor
        self.usernames: set[str] = set()
        self.users: list[User] = []

    def _name(self) -> tuple[str, str]:
        rng = self.rng
        female = rng.random() < 0.4
        if rng.random() < 0.12:  # colleagues with family roots abroad
            names = LATIN[rng.choice(("IN", "NG", "PL", "IN"))]
            first = rng.choice(names.female if female else names.male)
            male_family, female_family = rng.choice(names.family)
            return first, (female_family.split("|")[0] if female else male_family)
        return rng.choice(self.british.female if female else self.british.male), rng.choice(self.british.family)

    def _username(self, first: str, last: str) -> str:
        base = ".".join(fold(part).replace(" ", "") for part in (first.split()[0], last)) or "user"
        username, n = base, 1
        while username in self.usernames:
            n += 1
            username = f"{base}{n}"
        self.usernames.add(username)
        return username

    def phone(self, code: str | None) -> str:
        if code is None or self.rng.random() < 0.3:
            return f"{cal.DRAMA_MOBILE_PREFIX}{self.rng.randrange(1000):03d}"
        return f"{cal.DRAMA_PHONE_PREFIXES.get(code, cal.DRAMA_PHONE_DEFAULT)}{self.rng.randrange(1000):03d}"

    def make(
        self,
        *,
        role: str,
        rank: str = "",
        force: Force | None = None,
        team: Team | None = None,
        organisation: Organisation | None = None,
        domain: str,
        first: str | None = None,
        last: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> User:
        if first is None or last is None:
            first, last = self._name()
        if username is None:
            username = self._username(strip_diacritics(first), strip_diacritics(last))
        else:
            self.usernames.add(username)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}",
            role=role,
            force=force,
            team=team,
            organisation=organisation,
            rank=rank,
            phone=self.phone(force.code if force else None),
            password=password or f"!{self.rng.getrandbits(128):032x}",  # unusable: cannot sign in
            date_joined=self.anchor - timedelta(days=400 + self.rng.randrange(3000)),
            is_active=True,
        )
        self.users.append(user)
        return user


def _force_domain(force: Force) -> str:
    return f"{force.code.lower()}.police.example"


def _org_domain(org: Organisation) -> str:
    words = [w for w in fold(org.name).split() if w not in {"of", "for", "the", "and"}]
    return f"{''.join(w[0] for w in words)}.example.org"


def _enrol_demo_signins(usernames: list[str]) -> None:
    """Give each saved demo sign-in a random TOTP secret, stored encrypted (`manage demo_signins` prints it).

    Runs after the users are written: a second factor needs the user's primary key.
    """
    for user in User.objects.filter(username__in=usernames):
        if not second_factor.is_enrolled(user):
            second_factor.enrol_with_secret(user, second_factor.new_secret())


def build_staff(  # noqa: C901 - synthetic data: one branch per role; to split (issue 8 item 5)
    *,
    seed: int,
    forces: dict[str, Force],
    expected_cases: dict[str, float],
    british: BritishPools,
    anchor: datetime,
    signins: bool,
    advocates_per_org: int,
    cps_liaisons: int,
) -> Staff:
    """Create organisations, teams and users; returns them grouped for the case generator."""
    rng = random.Random(f"{seed}:staff")
    organisations: dict[str, Organisation] = {}
    for org in ORGANISATIONS:
        organisations[org.name], _ = Organisation.objects.get_or_create(name=org.name, defaults={"kind": org.kind})

    # Teams: a modern slavery unit, CID teams by size, a safeguarding hub, response and patrol.
    team_rows: list[Team] = []
    for code, force in forces.items():
        n_cid = min(len(CID_AREAS), 1 + int(expected_cases.get(code, 0) // 1500))
        names = [MSU, *(f"CID {area}" for area in CID_AREAS[:n_cid]), SAFEGUARDING, RESPONSE]
        team_rows += [Team(force=force, name=name, modern_slavery_unit=name == MSU) for name in names]
    existing = {(t.force_id, t.name): t for t in Team.objects.filter(force__in=forces.values())}
    Team.objects.bulk_create([t for t in team_rows if (t.force.pk, t.name) not in existing], batch_size=500)
    teams = {(t.force_id, t.name): t for t in Team.objects.filter(force__in=forces.values())}

    maker = _UserMaker(rng, british, anchor)
    demo_password = make_password(DEMO_PASSWORD) if signins else None
    staff_by_force: dict[str, ForceStaff] = {code: ForceStaff(force=force) for code, force in forces.items()}
    demo: dict[str, User] = {}
    demo_roles: dict[str, list[tuple[User, DemoSignin]]] = {}
    if signins:
        for s in DEMO_SIGNINS:
            home = forces[s.force_code] if s.force_code else None
            user = maker.make(
                role=s.role,
                rank=s.rank,
                force=home,
                team=teams.get((home.pk, s.team)) if home and s.team else None,
                organisation=organisations.get(s.organisation) if s.organisation else None,
                domain=_force_domain(home)
                if home
                else (_org_domain(organisations[s.organisation]) if s.organisation else "analysis.example"),
                first=s.first_name,
                last=s.last_name,
                username=s.username,
                password=demo_password,
            )
            demo[s.username] = user
            if s.force_code:
                demo_roles.setdefault(s.force_code, []).append((user, s))

    for code, force in forces.items():
        fs = staff_by_force[code]
        domain = _force_domain(force)
        cid = [t for (fid, name), t in teams.items() if fid == force.pk and name.startswith("CID ")]
        msu = teams[(force.pk, MSU)]
        holders = max(5, math.ceil(expected_cases.get(code, 0) / 110))
        n_spoc = 1 + holders // 120
        n_sup = max(2, holders // 7)
        n_inv = max(2, holders - n_spoc - n_sup)
        for user, s in demo_roles.get(code, []):
            if s.role in HOLDER_WEIGHT:
                fs.add_holder(user, DEMO_HOLDER_WEIGHT.get(s.username, HOLDER_WEIGHT[s.role]))
            if s.role == Role.SUPERVISOR:
                fs.supervisors.append(user)
            elif s.role == Role.SPOC:
                fs.spocs.append(user)
            elif s.role == Role.FRONTLINE:
                fs.frontline.append(user)
        for i in range(n_sup):
            team = msu if i == 0 else cid[(i - 1) % len(cid)]
            rank = Rank.DI if i == 0 or rng.random() < 0.3 else Rank.DS
            user = maker.make(role=Role.SUPERVISOR, rank=rank, force=force, team=team, domain=domain)
            fs.supervisors.append(user)
            fs.add_holder(user, HOLDER_WEIGHT[Role.SUPERVISOR])
        for _ in range(n_spoc):
            user = maker.make(role=Role.SPOC, rank=Rank.DS, force=force, team=msu, domain=domain)
            fs.spocs.append(user)
            fs.add_holder(user, HOLDER_WEIGHT[Role.SPOC])
        for _ in range(n_inv):
            team = msu if rng.random() < 0.4 else rng.choice(cid)
            rank = rng.choices((Rank.DC, Rank.DS, Rank.DI), weights=(80, 15, 5))[0]
            fs.add_holder(maker.make(role=Role.INVESTIGATOR, rank=rank, force=force, team=team, domain=domain), 1.0)
        for _ in range(max(3, holders // 2)):
            team = teams[(force.pk, SAFEGUARDING if rng.random() < 0.2 else RESPONSE)]
            rank = Rank.PC if team.name == RESPONSE or rng.random() < 0.5 else Rank.STAFF
            fs.frontline.append(maker.make(role=Role.FRONTLINE, rank=rank, force=force, team=team, domain=domain))
        if not any(s.role == Role.FORCE_ADMIN for _, s in demo_roles.get(code, [])):
            maker.make(role=Role.FORCE_ADMIN, rank=Rank.STAFF, force=force, domain=domain)

    advocates: list[User] = []  # generated advocates; the demo sign-in gets its clients in lantern.demo.fixtures
    for name in ADVOCACY_ORGANISATIONS:
        charity = organisations[name]
        advocates += [
            maker.make(role=Role.ADVOCATE, organisation=charity, domain=_org_domain(charity))
            for _ in range(advocates_per_org)
        ]
    cps_org = organisations[CPS_NAME]
    cps = [maker.make(role=Role.CPS, organisation=cps_org, domain="cps.example") for _ in range(cps_liaisons)]
    for _ in range(2):
        maker.make(role=Role.ANALYST, domain="analysis.example")

    taken = set(User.objects.filter(username__in=[u.username for u in maker.users]).values_list("username", flat=True))
    if taken:
        raise GenerationRefused(f"{len(taken)} generated usernames already exist; generate into an empty database.")
    User.objects.bulk_create(maker.users, batch_size=500)
    _enrol_demo_signins(list(demo))
    return Staff(forces=staff_by_force, advocates=advocates, cps=cps, organisations=organisations, demo=demo)
