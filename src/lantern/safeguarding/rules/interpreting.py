"""The interpreter match (F6): language and dialect, first language preferred, related languages
never the same, the person's preferences for the interpreter's sex and the same interpreter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lantern.safeguarding import languages

# --- Interpreters (F6) -----------------------------------------------------------------------

FIRST = "first"
FLUENT = "fluent"
SOME = "some"
LITTLE = "little"
SPEAKS_WELL = (FIRST, FLUENT)


@dataclass(frozen=True)
class Speaks:
    language: str
    level: str
    dialect: str = ""


@dataclass(frozen=True)
class InterpreterOffer:
    id: int | None
    name: str
    sex: str
    languages: Mapping[str, Sequence[str]]  # code -> dialects offered (empty: not specified)
    active: bool = True
    vetted_until: date | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    blocking: bool = False  # True: the booking cannot be confirmed at all


def _dialect(value: str) -> str:
    return " ".join((value or "").casefold().split())


def _confusion_note(a: str, b: str) -> str:
    note = languages.CONFUSED_WITH.get(frozenset({a, b}))
    return f" {note}" if note else ""


def check_interpreter_booking(
    speaks: Sequence[Speaks],
    language: str,
    dialect: str,
    interpreter: InterpreterOffer | None,
    *,
    on: date,
    sex_preference: str = "",
    same_interpreter_preferred: bool = False,
    previous_interpreter_ids: Sequence[int] = (),
) -> list[Finding]:
    """What is wrong with booking `interpreter` in `language` (and `dialect`) for a person who
    speaks `speaks`. An empty list means the booking matches. Non-blocking findings may be
    accepted with a recorded reason; blocking ones cannot.

    Two languages match only when their canonical codes are equal: a related or neighbouring
    language (Russian for a Latvian speaker, Amharic for a Tigrinya speaker, Farsi for a Dari
    speaker, Serbian for a Croatian speaker, Kurmanji for a Sorani speaker) is a mismatch.
    A group code (Kurdish, Chinese, Serbo-Croatian) never matches: the particular language
    must be named.
    """
    findings: list[Finding] = []
    booked = languages.resolve(language, dialect)
    booked_name = languages.name_of(booked)
    if not booked:
        return [Finding("no_language", "Choose the language of the interpreting.", blocking=True)]
    if languages.is_group(booked):
        findings.append(
            Finding(
                "group_language",
                f"{booked_name}: name the particular language, because its varieties are different "
                "languages for interpreting.",
                blocking=True,
            )
        )

    spoken = {languages.resolve(s.language, s.dialect): s for s in speaks}
    first = [code for code, s in spoken.items() if s.level == FIRST]
    if not spoken:
        findings.append(
            Finding(
                "no_languages_recorded",
                "The person's languages are not recorded: ask which languages they speak, and how "
                "well, before booking.",
            )
        )
    elif booked not in spoken:
        said = ", ".join(f"{languages.name_of(code)} ({s.level})" for code, s in spoken.items())
        nearest = next((_confusion_note(booked, code) for code in spoken if _confusion_note(booked, code)), "")
        findings.append(
            Finding("not_spoken", f"The person has not said they speak {booked_name}. They said: {said}.{nearest}")
        )
    else:
        skill = spoken[booked]
        if skill.level not in SPEAKS_WELL:
            level = "only some" if skill.level == SOME else "very little"
            findings.append(
                Finding(
                    "not_spoken_well",
                    f"The person speaks {level} {booked_name}: they may not be able to give their "
                    f"account in it.{next((_confusion_note(booked, c) for c in first), '')}",
                )
            )
        elif booked not in first and first:
            names = ", ".join(languages.name_of(code) for code in first)
            findings.append(
                Finding(
                    "not_first_language",
                    f"{booked_name} is not the person's first language ({names}): their first "
                    "language is preferred, especially for an account or interview.",
                )
            )
        if skill.dialect and dialect and _dialect(skill.dialect) != _dialect(dialect):
            findings.append(
                Finding(
                    "dialect_differs",
                    f"The person speaks the {skill.dialect} dialect of {booked_name}; the booking is for {dialect}.",
                )
            )

    if interpreter is not None:
        offered = {
            languages.canonical(code): [_dialect(d) for d in dialects]
            for code, dialects in interpreter.languages.items()
        }
        if not interpreter.active:
            findings.append(
                Finding(
                    "interpreter_inactive",
                    f"{interpreter.name} has retired from the register and cannot be booked.",
                    blocking=True,
                )
            )
        if booked not in offered:
            findings.append(
                Finding(
                    "interpreter_language", f"{interpreter.name} is not registered for {booked_name}.", blocking=True
                )
            )
        else:
            wanted = _dialect(dialect) or _dialect(spoken[booked].dialect if booked in spoken else "")
            if wanted and offered[booked] and wanted not in offered[booked]:
                findings.append(
                    Finding(
                        "interpreter_dialect",
                        f"{interpreter.name} is not registered for the {wanted} dialect of {booked_name}.",
                    )
                )
        if interpreter.vetted_until is None or interpreter.vetted_until < on:
            findings.append(
                Finding(
                    "interpreter_vetting", f"{interpreter.name}'s vetting is not current on the date of the booking."
                )
            )
        if sex_preference and interpreter.sex != sex_preference:
            findings.append(
                Finding(
                    "sex_preference", f"The person asked for a {sex_preference} interpreter; {interpreter.name} is not."
                )
            )
        if same_interpreter_preferred and previous_interpreter_ids and interpreter.id not in previous_interpreter_ids:
            findings.append(
                Finding(
                    "same_interpreter", "The person asked for the same interpreter as before; this is a different one."
                )
            )
    return findings
