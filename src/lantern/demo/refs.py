"""Crime, NRM and Duty to Notify references as their issuers might write them.

There is no national crime reference format (domain.md 5.4): each force's records system issues
its own. Each force here keeps one style for good, whatever the seed:

    slash       20/123456/25     division / number / year
    eleven      25000012345      11 digits: year, then a 9-digit number (as Northamptonshire)
    cris        4012345/25       7-digit number / year (the Met's style)
    cr          CR/004512/25     letters / number / year
    niche       14250012345      11 digits: force number, year, 7-digit number

Numbers rise within each force and year from a seeded starting point, by seeded steps (a force
records many other crimes between two modern slavery crimes), so a reference is never issued twice
in a force, including references a case had before it was transferred away.
"""

from __future__ import annotations

import random
from datetime import datetime

from lantern.core.reference_data import FORCES

STYLES = ("slash", "eleven", "cris", "cr", "niche")
FORCE_STYLE: dict[str, str] = {
    "MPS": "cris",
    "COLP": "cris",
    "WMP": "slash",
    "WYP": "niche",
    "GMP": "cr",
    "NHANTS": "eleven",
    "BTP": "cr",
    "MERPOL": "slash",
    "SYP": "niche",
    "NORTHUM": "eleven",
    "TVP": "eleven",
    "KENT": "cr",
}
FORCE_NUMBER: dict[str, int] = {force.code: number for number, force in enumerate(FORCES, start=1)}


def style_for(code: str) -> str:
    return FORCE_STYLE.get(code) or STYLES[FORCE_NUMBER.get(code, 0) % len(STYLES)]


class CrimeReferenceIssuer:
    """Issues crime references per force and year, never the same one twice."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._next: dict[tuple[str, int], int] = {}
        self._rngs: dict[tuple[str, int], random.Random] = {}

    def issue(self, code: str, at: datetime, division_rng: random.Random) -> str:
        year = at.year % 100
        key = (code, year)
        rng = self._rngs.get(key)
        if rng is None:
            rng = self._rngs[key] = random.Random(f"{self.seed}:crn:{code}:{year}")
            self._next[key] = rng.randrange(1_000, 60_000)
        number = self._next[key]
        self._next[key] = number + 1 + rng.randrange(24)
        style = style_for(code)
        if style == "slash":
            division = 10 + (FORCE_NUMBER.get(code, 0) * 7 + division_rng.randrange(6) * 11) % 90
            return f"{division:02d}/{number:06d}/{year:02d}"
        if style == "eleven":
            return f"{year:02d}{number:09d}"
        if style == "cris":
            return f"{number:07d}/{year:02d}"
        if style == "cr":
            return f"CR/{number:06d}/{year:02d}"
        return f"{FORCE_NUMBER.get(code, 0):02d}{year:02d}{number:07d}"


class YearlyReferences:
    """References like NRM-2025-0012345: a prefix, the year and a number rising within the year."""

    def __init__(self, seed: int, prefix: str, digits: int) -> None:
        self.seed = seed
        self.prefix = prefix
        self.digits = digits
        self._next: dict[int, int] = {}
        self._rng = random.Random(f"{seed}:{prefix}")

    def issue(self, at: datetime) -> str:
        year = at.year
        if year not in self._next:
            self._next[year] = random.Random(f"{self.seed}:{self.prefix}:{year}").randrange(100, 5_000)
        number = self._next[year]
        self._next[year] = number + 1 + self._rng.randrange(3)
        return f"{self.prefix}-{year}-{number:0{self.digits}d}"
