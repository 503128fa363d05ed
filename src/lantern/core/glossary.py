"""The one glossary of Lantern's terms and abbreviations, kept as data (data/glossary.json).

Pages explain a term where it appears with the template tags in templatetags/glossary.py: an
abbreviation becomes <abbr title="..."> linked to its entry on the Glossary page (/glossary/), a
word (enhanced rights, waive) a link with the meaning in its title. Apps above core add whole
sections of terms that are their own data (decisions adds the Home Office outcome codes from its
OutcomeCode table) with `register_section` in their AppConfig.ready(), so core imports no app."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.core.web import page_view

DATA = Path(__file__).with_name("data") / "glossary.json"


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    meaning: str
    abbr: str = ""  # what the abbreviation stands for; empty for a word or phrase

    @property
    def title(self) -> str:
        """The short explanation shown where the term appears (an <abbr> title or a link's)."""
        return self.abbr or self.meaning.split(": ")[0].split(". ")[0]


@functools.cache
def terms() -> dict[str, Term]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["terms"]
    return {row["key"]: Term(row["key"], row["term"], row["meaning"], row.get("abbr", "")) for row in rows}


def term(key: str) -> Term:
    """A term by its key; KeyError for a key not in the glossary (a test renders every page's terms)."""
    return terms()[key]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    rows: Callable[[], list[Term]]


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, heading: str, rows: Callable[[], list[Term]]) -> None:
    """An app's own terms as a section of the Glossary page (called from AppConfig.ready())."""
    _SECTIONS[key] = Section(key, heading, rows)


@page_view
def glossary_page(request: HttpRequest) -> HttpResponse:
    sections = [(s, s.rows()) for s in _SECTIONS.values()]
    return render(request, "core/glossary.html", {"terms": terms().values(), "sections": sections})
