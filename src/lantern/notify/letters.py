"""Letters: rendered once to PDF and stored with their exact text, never regenerated.

    letter = letters.render("victim_update", "ti", context, case=case, person=victim, recorded_by=user)

`render` picks the template for the letter kind in the language asked for, if a translation is
held (a template file in letter_templates/<kind>/<language>.txt, and every Localised value in the
context has that language); otherwise it writes the letter in English with a note, at the top,
that an interpreter must read it to the reader (the note also in their language where we hold
that sentence). Then it checks that the fonts can show every character of the text, and refuses
the letter (LetterRefused, a ValidationError) if any cannot: with text shaping on, fpdf2 drops a
missing glyph silently, and a letter with words missing must never reach a victim.

Fonts: Noto, from the operating system (apt fonts-noto-core, optionally fonts-noto-cjk), found in
settings.LANTERN_LETTER_FONT_DIRS. Each paragraph is set in the font that covers most of it, with
every other font needed as a fallback. fpdf2 2.8.9 mis-sets the text after a block that ends in a
fallback glyph (py-pdf/fpdf2 #1488); the font is reset after every block to avoid it, and the
tests read the PDF back with pdftotext.

Template files: a header of `key: value` lines (subject, translation), a line `---`, then the body
as a Django template (plain text, no HTML escaping). In the body, a line starting with "# " is a
heading; a blank line separates paragraphs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine
from django.utils import translation

from lantern.core import clock
from lantern.notify.models import Letter

TEMPLATE_DIR = Path(__file__).resolve().parent / "letter_templates"
NOTE_KIND = "_interpreter_note"
_ENGINE = Engine(autoescape=False, debug=False)


class LetterRefused(ValidationError):
    """The letter cannot be made as asked; the message says why and what to do."""


# Checks of a letter's text before it is made: (text, case, recipient person) -> labels of what
# must not leave. safeguarding registers its protected-value check in its AppConfig.ready() (a
# letter to anyone but the victim must hold no protected value); notify cannot import it.
OutgoingCheck = Callable[[str, Any, Any], list[str]]
_OUTGOING_CHECKS: list[OutgoingCheck] = []


def register_outgoing_check(check: OutgoingCheck) -> None:
    if check not in _OUTGOING_CHECKS:
        _OUTGOING_CHECKS.append(check)


def _check_outgoing(text: str, case: Any, person: Any) -> None:
    if case is None:
        return
    labels = [label for check in _OUTGOING_CHECKS for label in check(text, case, person)]
    if labels:
        raise LetterRefused(
            "The letter cannot be made: it holds protected details that must not leave the force ("
            + ", ".join(dict.fromkeys(labels))
            + "). Remove them from the text and make the letter again."
        )


@dataclass(frozen=True)
class Localised:
    """Free text supplied in several languages, e.g. {"en": "...", "ti": "..."}. A letter is in a
    language only if every Localised value in its context has that language."""

    texts: Mapping[str, str]

    def __post_init__(self) -> None:
        if "en" not in self.texts:
            raise ValueError("a Localised text needs its English version")

    def get(self, language: str) -> str:
        return self.texts.get(language, self.texts["en"])


# --- Fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontFile:
    family: str
    filename: str
    bold_filename: str = ""
    collection_number: int = 0


# Priority order: the first font that has a character sets it.
FONTS: tuple[FontFile, ...] = (
    FontFile("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    FontFile("NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    FontFile("NotoSansEthiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    FontFile("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    FontFile("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    FontFile("NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    FontFile("NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    FontFile("NotoSansGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
    FontFile("NotoSansTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    FontFile("NotoSansTelugu", "NotoSansTelugu-Regular.ttf", "NotoSansTelugu-Bold.ttf"),
    FontFile("NotoSansKannada", "NotoSansKannada-Regular.ttf", "NotoSansKannada-Bold.ttf"),
    FontFile("NotoSansMalayalam", "NotoSansMalayalam-Regular.ttf", "NotoSansMalayalam-Bold.ttf"),
    FontFile("NotoSansSinhala", "NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"),
    FontFile("NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    FontFile("NotoSansLao", "NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),
    FontFile("NotoSansKhmer", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    FontFile("NotoSansMyanmar", "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"),
    FontFile("NotoSansGeorgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
    FontFile("NotoSansArmenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    # Chinese (face 2 of the collection is Simplified Chinese); only with apt fonts-noto-cjk.
    FontFile("NotoSansSC", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", collection_number=2),
)
BASE_FONT = FONTS[0]
# Scripts whose letters look small next to Latin at the same point size.
SIZE_ADJUST = {"NotoNaskhArabic": 1.15, "NotoSansHebrew": 1.05}
RTL_LANGUAGES = {"ar", "fa", "ur", "he", "ps", "ckb", "ku", "yi", "dv", "sd", "ug"}


@dataclass(frozen=True)
class LoadedFont:
    spec: FontFile
    path: Path
    bold_path: Path | None
    codepoints: frozenset[int]


def _find(filename: str, dirs: tuple[str, ...]) -> Path | None:
    for directory in dirs:
        path = Path(directory) / filename
        if path.is_file():
            return path
    return None


@cache
def _load_fonts(dirs: tuple[str, ...]) -> tuple[LoadedFont, ...]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    loaded = []
    for spec in FONTS:
        path = _find(spec.filename, dirs)
        if path is None:
            continue
        font = TTFont(str(path), fontNumber=spec.collection_number, lazy=True)
        codepoints = frozenset(font.getBestCmap() or {})
        font.close()
        bold = _find(spec.bold_filename, dirs) if spec.bold_filename else None
        loaded.append(LoadedFont(spec, path, bold, codepoints))
    return tuple(loaded)


def available_fonts() -> tuple[LoadedFont, ...]:
    """The fonts found on this machine, in priority order."""
    return _load_fonts(tuple(settings.LANTERN_LETTER_FONT_DIRS))


def missing_base_font() -> str | None:
    """A message if the base (Latin) font is not installed, for the system check and refusals."""
    fonts = available_fonts()
    if not fonts or fonts[0].spec != BASE_FONT:
        return (
            f"The letter font {BASE_FONT.filename} was not found in {':'.join(settings.LANTERN_LETTER_FONT_DIRS)}: "
            "install the fonts-noto-core package (apt-get install fonts-noto-core) or set LANTERN_LETTER_FONT_DIRS."
        )
    return None


def _needs_no_glyph(char: str) -> bool:
    return char in "\n\r\t" or unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def uncovered_characters(text: str, fonts: tuple[LoadedFont, ...] | None = None) -> list[str]:
    """The distinct characters of `text` that no available font can show, in order of appearance."""
    fonts = available_fonts() if fonts is None else fonts
    seen: dict[str, None] = {}
    for char in text:
        if char in seen or _needs_no_glyph(char):
            continue
        if not any(ord(char) in font.codepoints for font in fonts):
            seen[char] = None
    return list(seen)


def _describe(chars: list[str]) -> str:
    parts = []
    for char in chars[:8]:
        name = unicodedata.name(char, "unnamed character").title()
        parts.append(f"{char} (U+{ord(char):04X} {name})")
    more = f" and {len(chars) - 8} more" if len(chars) > 8 else ""
    return ", ".join(parts) + more


# --- Templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    language: str
    subject: str
    body: str
    translation: str  # e.g. "original", or who checked the translation


def _parse(path: Path, kind: str, language: str) -> LetterTemplate:
    raw = path.read_text(encoding="utf-8")
    header, sep, body = raw.partition("\n---\n")
    if not sep:
        raise ValueError(f"{path} has no '---' line between its header and its body")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        if key.strip():
            meta[key.strip()] = value.strip()
    return LetterTemplate(kind, language, meta.get("subject", ""), body, meta.get("translation", "original"))


@cache
def _templates(kind: str) -> dict[str, LetterTemplate]:
    folder = TEMPLATE_DIR / kind
    if not folder.is_dir():
        return {}
    return {path.stem: _parse(path, kind, path.stem) for path in sorted(folder.glob("*.txt"))}


def held_languages(kind: str) -> set[str]:
    """Languages a letter of this kind can be written in."""
    return set(_templates(kind))


def kinds() -> list[str]:
    return sorted(p.name for p in TEMPLATE_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


# --- Rendering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    heading: bool
    text: str


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [line.rstrip() for line in chunk.split("\n")]
        while lines and lines[0].startswith("# "):
            blocks.append(Block(True, lines.pop(0)[2:].strip()))
        if any(lines):
            blocks.append(Block(False, "\n".join(lines).strip("\n")))
    return blocks


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in {"R", "AL"} for char in text)


def _is_rtl(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return True
        if kind == "L":
            return False
    return False


def _choose_language(kind: str, language: str, context: Mapping[str, Any]) -> tuple[str, bool]:
    held = _templates(kind)
    if "en" not in held:
        raise LetterRefused(f"There is no letter template called {kind!r}.")
    language = (language or "en").lower()
    localised_ok = all(language in v.texts for v in context.values() if isinstance(v, Localised))
    if language in held and localised_ok:
        return language, False
    return "en", language != "en"


def compose(kind: str, language: str, context: Mapping[str, Any]) -> tuple[str, str, list[Block], bool]:
    """The letter's language, subject, blocks of text and whether it carries the interpreter note,
    without rendering a PDF (for previews and tests). The template is rendered in its language
    (Django's translation of it), so a date given as a date and written with the date filter
    ({{ letter_date|date:"j F Y" }}) has its month in that language (Welsh: "3 Rhagfyr 2026")."""
    rendered_language, _note = _choose_language(kind, language, context)
    with translation.override(rendered_language):
        return _compose(kind, language, context)


def _compose(kind: str, language: str, context: Mapping[str, Any]) -> tuple[str, str, list[Block], bool]:
    # A letter is plain text: no HTML escaping ("O'Brien", not "O&#x27;Brien"). A Context escapes
    # by default whatever the Engine says, so each one is made with autoescape=False.
    rendered_language, note = _choose_language(kind, language, context)
    template = _templates(kind)[rendered_language]
    values = {k: (v.get(rendered_language) if isinstance(v, Localised) else v) for k, v in context.items()}
    if rendered_language in RTL_LANGUAGES:
        # In right-to-left text, a phone number or reference with spaces or slashes would be
        # reordered by the bidi algorithm ("01632 960001" shown as "960001 01632"): isolate it.
        values = {
            k: (f"\u2066{v}\u2069" if isinstance(v, str) and v and not _has_rtl(v) else v) for k, v in values.items()
        }
    body = _ENGINE.from_string(template.body).render(Context(values, autoescape=False))
    subject = _ENGINE.from_string(template.subject).render(Context(values, autoescape=False))
    blocks = _blocks(body)
    if note:
        notes = _templates(NOTE_KIND)
        note_blocks = [
            Block(True, _ENGINE.from_string(notes["en"].body).render(Context(values, autoescape=False)).strip())
        ]
        if language in notes:
            note_blocks.append(
                Block(True, _ENGINE.from_string(notes[language].body).render(Context(values, autoescape=False)).strip())
            )
        blocks = note_blocks + blocks
    return rendered_language, subject, blocks, note


def render(
    letter_kind: str,
    language: str,
    context: Mapping[str, Any],
    *,
    case: Any = None,
    person: Any = None,
    recorded_by: Any = None,
    now: dt.datetime | None = None,
) -> Letter:
    """Make and store a letter. Raises LetterRefused if it cannot be made faithfully."""
    problem = missing_base_font()
    if problem:
        raise LetterRefused(problem)
    rendered_language, subject, blocks, note = compose(letter_kind, language, context)
    if not any(not block.heading and block.text.strip() for block in blocks):
        raise LetterRefused("The letter has no text.")
    text = "\n\n".join(block.text for block in blocks)
    _check_outgoing(subject + "\n" + text, case, person)
    missing = uncovered_characters(subject + "\n" + text)
    if missing:
        raise LetterRefused(
            "The letter cannot be made: no installed font can show "
            f"{_describe(missing)}. Nothing was produced. Install the font for that script "
            "(for Chinese or Japanese, apt-get install fonts-noto-cjk) or write those words another way."
        )
    now = now or clock.now()
    pdf_bytes, pages = _pdf(subject, blocks, now, rendered_language)
    return Letter.objects.create(
        kind=letter_kind,
        language=(language or "en").lower(),
        rendered_language=rendered_language,
        interpreter_note=note,
        case=case,
        person=person,
        text=(subject + "\n\n" + text) if subject else text,
        pdf=pdf_bytes,
        sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        pages=pages,
        recorded_at=now,
        recorded_by=recorded_by,
    )


def _font_for(text: str, fonts: tuple[LoadedFont, ...]) -> LoadedFont:
    """The font covering most characters of the text (the base font on a tie), a letter outside
    Latin script counting three times, so that a line with a few words of Arabic and a phone
    number is set in the Arabic font."""
    best, best_count = fonts[0], -1
    for font in fonts:
        count = sum(
            3 if ord(char) > 0x24F else 1 for char in text if ord(char) in font.codepoints and not char.isspace()
        )
        if count > best_count:
            best, best_count = font, count
    return best


def _pdf(subject: str, blocks: list[Block], now: dt.datetime, language: str) -> tuple[bytes, int]:
    from fpdf import FPDF

    fonts = available_fonts()
    # Each character is set in the first font (in priority order) that has it: embed only those.
    wanted = {BASE_FONT.family}
    for char in set(subject + "".join(block.text for block in blocks)):
        first = None if _needs_no_glyph(char) else next((f for f in fonts if ord(char) in f.codepoints), None)
        if first is not None:
            wanted.add(first.spec.family)
    needed = [f for f in fonts if f.spec.family in wanted]
    letter_rtl = language.split("-")[0] in RTL_LANGUAGES
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(now)
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(subject or "Letter")
    pdf.set_lang(language)
    for font in needed:
        pdf.add_font(font.spec.family, "", str(font.path), collection_font_number=font.spec.collection_number)
        pdf.add_font(
            font.spec.family, "B", str(font.bold_path or font.path), collection_font_number=font.spec.collection_number
        )
    families = [f.spec.family for f in needed]
    pdf.alias_nb_pages()
    pdf.add_page()

    def write(text: str, *, bold: bool, size: float, gap: float) -> None:
        primary = _font_for(text, tuple(needed))
        # A right-to-left letter is right-to-left throughout (its English names and numbers too);
        # in a left-to-right letter, a paragraph in Arabic script (the interpreter note) is not.
        rtl = letter_rtl or _is_rtl(text)
        size *= SIZE_ADJUST.get(primary.spec.family, 1.0)
        pdf.set_fallback_fonts([f for f in families if f != primary.spec.family], exact_match=False)
        pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
        pdf.set_font(primary.spec.family, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.55, text, align="R" if rtl else "L", new_x="LMARGIN", new_y="NEXT")
        # fpdf2 2.8.9 (#1488): reset the font after a block that may end in a fallback glyph.
        pdf.set_font("helvetica", "", size)
        pdf.set_font(BASE_FONT.family, "", size)
        pdf.ln(gap)

    if subject:
        write(subject, bold=True, size=14, gap=4)
    for block in blocks:
        write(block.text, bold=block.heading, size=12 if block.heading else 11, gap=3 if block.heading else 4)
    return bytes(pdf.output()), pdf.pages_count
