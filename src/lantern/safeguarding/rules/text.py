"""Protected values in free text (F9): found, and redacted, whatever the spacing or case."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# --- Protected values in free text (F9) ------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-().]+(?=\d)")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProtectedValue:
    id: int
    kind: str  # "address", "phone", "email" or "other"
    value: str
    label: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " " + " ".join(_NON_ALNUM.sub(" ", text).split()) + " "


def _digits(text: str) -> str:
    joined = _BETWEEN_DIGITS.sub("", text or "")
    joined = re.sub(r"(?:\+|00)44\s*(?:\(0\))?", "0", joined)
    return joined


def _phone_key(value: str) -> str:
    return re.sub(r"\D", "", _digits(value))


def _needles(item: ProtectedValue) -> list[str]:
    """The pieces of a protected value that must not appear: the whole value, and for an
    address each line with a house number and its postcode."""
    value = item.value.strip()
    if not value:
        return []
    if item.kind == "phone":
        return []  # matched on digits, below
    needles = [_fold(value).strip()]
    if item.kind in ("address", "other"):
        for line in re.split(r"[,\n;]+", value):
            folded = _fold(line).strip()
            if re.search(r"\d", folded) and len(folded.split()) >= 2:
                needles.append(folded)
        for outward, inward in _POSTCODE.findall(value):
            needles.append(f"{outward}{inward}".casefold())
            needles.append(f"{outward} {inward}".casefold())
    return [n for n in dict.fromkeys(needles) if len(n) >= 4]


def find_protected_values(text: str, values: Sequence[ProtectedValue]) -> list[ProtectedValue]:
    """The protected values (or an identifying part of one) found in text. Matching ignores
    case, accents, punctuation and spacing; phone numbers match on their digits (+44 as 0)."""
    if not text or not values:
        return []
    folded = _fold(text)
    squashed = folded.replace(" ", "")
    digits = re.sub(r"[^\d]", " ", _digits(text))
    found: list[ProtectedValue] = []
    for item in values:
        hit = False
        if item.kind == "phone":
            key = _phone_key(item.value)
            hit = len(key) >= 6 and any(key in run for run in digits.split())
        elif item.kind == "email":
            hit = item.value.strip().casefold() in text.casefold()
        else:
            for needle in _needles(item):
                if " " in needle or not needle.isalnum():
                    hit = f" {needle} " in folded or (needle.replace(" ", "") in squashed and len(needle) >= 6)
                else:
                    hit = needle in squashed
                if hit:
                    break
        if hit:
            found.append(item)
    return found


def redact(text: str, values: Sequence[ProtectedValue], marker: str = "[protected detail removed]") -> str:
    """Text with every protected value (and identifying part) replaced by the marker. Works on
    the original text with a tolerant pattern per needle, so the rest of the text is unchanged."""
    result = text
    for item in values:
        if item.kind == "phone":
            key = _phone_key(item.value)
            if len(key) < 6:
                continue
            national = key[1:] if key.startswith("0") else key
            pattern = r"(?:(?:\+|00)44\s*(?:\(0\))?\s*|0)" + r"[\s\-().]*".join(re.escape(d) for d in national)
            result = re.sub(pattern, marker, result)
            continue
        if item.kind == "email":
            result = re.sub(re.escape(item.value.strip()), marker, result, flags=re.IGNORECASE)
            continue
        for needle in sorted(_needles(item), key=len, reverse=True):
            words = [w for w in re.split(r"\s+", needle) if w]
            if len(words) == 1 and _POSTCODE.fullmatch(needle.upper()):
                m = _POSTCODE.fullmatch(needle.upper())
                assert m is not None  # noqa: S101 - fullmatch just succeeded
                pattern = re.escape(m.group(1)) + r"\s*" + re.escape(m.group(2))
            else:
                pattern = r"[\W_]*".join(re.escape(w) for w in words)
            result = re.sub(pattern, marker, result, flags=re.IGNORECASE)
    return result
