"""Name folding and fuzzy matching rules for finding a person in any spelling.

A name is folded to lower-case ASCII (anyascii transliterates Cyrillic, Arabic, Ge'ez, Chinese
and strips diacritics: 'Bērziņa' and 'Берзиня' both become close to 'berzina'), split into
tokens and the tokens sorted, so that given and family names swapped still match. Typos are
left to the fuzzy scorer (rapidfuzz) in lantern.people.search.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and single spaces."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    ascii_text = _NON_LETTER.sub(" ", ascii_text.replace("'", ""))
    return _SPACES.sub(" ", ascii_text).strip()


def search_key(*parts: str) -> str:
    """The key stored on PersonName.search_key: folded tokens, sorted."""
    tokens = fold(" ".join(parts)).split()
    return " ".join(sorted(tokens))


def detect_script(text: str) -> str:
    """ISO 15924-style code of the first letter's script: Latn, Cyrl, Arab, Ethi, Hans, Grek or Zyyy."""
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for word, code in (
            ("LATIN", "Latn"),
            ("CYRILLIC", "Cyrl"),
            ("ARABIC", "Arab"),
            ("ETHIOPIC", "Ethi"),
            ("CJK", "Hans"),
            ("GREEK", "Grek"),
            ("THAI", "Thai"),
            ("DEVANAGARI", "Deva"),
        ):
            if name.startswith(word):
                return code
        return "Zyyy"
    return "Zyyy"
