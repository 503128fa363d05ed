"""Display names for codes shown on pages: countries (ISO 3166 alpha-2) and languages (ISO 639).

The codes and most names come from pycountry (the ISO tables, kept up to date upstream). Where the
ISO name is not the one an officer or a victim would recognise, the name used on GOV.UK is kept
here as data (COUNTRY_NAMES_IN_USE, LANGUAGE_NAMES_IN_USE). A code that nothing knows is shown as
the code itself, so nothing is hidden.
"""

from __future__ import annotations

import pycountry
from django.conf.locale import LANG_INFO

# GOV.UK's country register names, where they differ from ISO 3166's; and Kosovo, which ISO has not
# coded (XK is the code in common use, as on UK visas).
COUNTRY_NAMES_IN_USE: dict[str, str] = {
    "CD": "Congo (Democratic Republic)",
    "CI": "Ivory Coast",
    "GM": "The Gambia",
    "PS": "Occupied Palestinian Territories",
    "RU": "Russia",
    "TR": "Turkey",
    "XK": "Kosovo",
}

# Languages named as interpreters' agencies and victims name them, not as ISO 639-3 does.
LANGUAGE_NAMES_IN_USE: dict[str, str] = {
    "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)",
    "pa": "Punjabi",
    "rom": "Romani",
    "yue": "Cantonese",
    "cmn": "Mandarin",
    "ps": "Pashto",
}


def _countries() -> dict[str, str]:
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(COUNTRY_NAMES_IN_USE)
    return names


# Every country by alpha-2 code, with the name in use.
COUNTRIES: dict[str, str] = _countries()


def country_name(code: str) -> str:
    code = (code or "").strip().upper()
    return COUNTRIES.get(code, code)


def language_name(code: str) -> str:
    """A language's name from its ISO 639-1 or 639-3 code (Django's own names first)."""
    code = (code or "").strip().lower()
    if code in LANGUAGE_NAMES_IN_USE:
        return LANGUAGE_NAMES_IN_USE[code]
    info = LANG_INFO.get(code)
    if info and "name" in info:
        return str(info["name"])
    found = None
    if len(code) == 2:
        found = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
    return str(found.name) if found else code
