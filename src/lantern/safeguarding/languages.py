"""Languages as data for the interpreter check: codes, names, aliases, and which codes name a
group of distinct languages rather than one language.

Codes are ISO 639-1 where one exists, otherwise ISO 639-3. The rule that uses this table
(rules.check_interpreter_booking) compares canonical codes only: two languages are the same
language only when their canonical codes are equal. Closeness never makes a match; the
CONFUSED_WITH table exists only to explain a mismatch in words an officer will recognise.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "en": "English",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "et": "Estonian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "pl": "Polish",
    "cs": "Czech",
    "sk": "Slovak",
    "hu": "Hungarian",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "mk": "Macedonian",
    "sl": "Slovenian",
    "hr": "Croatian",
    "sr": "Serbian",
    "bs": "Bosnian",
    "cnr": "Montenegrin",
    "sq": "Albanian",
    "el": "Greek",
    "tr": "Turkish",
    "ka": "Georgian",
    "hy": "Armenian",
    "az": "Azerbaijani",
    "ar": "Arabic",
    "fa": "Farsi (Iranian Persian)",
    "prs": "Dari",
    "tg": "Tajik",
    "ps": "Pashto",
    "ckb": "Kurdish Sorani",
    "kmr": "Kurdish Kurmanji",
    "sdh": "Southern Kurdish",
    "ti": "Tigrinya",
    "am": "Amharic",
    "om": "Oromo",
    "so": "Somali",
    "sw": "Swahili",
    "yo": "Yoruba",
    "ig": "Igbo",
    "ha": "Hausa",
    "tw": "Twi",
    "ln": "Lingala",
    "wo": "Wolof",
    "fr": "French",
    "pt": "Portuguese",
    "es": "Spanish",
    "it": "Italian",
    "de": "German",
    "nl": "Dutch",
    "ur": "Urdu",
    "hi": "Hindi",
    "pa": "Punjabi",
    "bn": "Bengali",
    "gu": "Gujarati",
    "ta": "Tamil",
    "si": "Sinhala",
    "ne": "Nepali",
    "vi": "Vietnamese",
    "th": "Thai",
    "km": "Khmer",
    "lo": "Lao",
    "my": "Burmese",
    "tl": "Tagalog",
    "fil": "Filipino",
    "id": "Indonesian",
    "ms": "Malay",
    "cmn": "Mandarin Chinese",
    "yue": "Cantonese",
    "nan": "Hokkien (Min Nan)",
    "hak": "Hakka",
    "wuu": "Wu (Shanghainese)",
    "ja": "Japanese",
    "ko": "Korean",
    "rom": "Romani",
    "uz": "Uzbek",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "ku": "Kurdish (which Kurdish not recorded)",
    "zh": "Chinese (which Chinese not recorded)",
    "hbs": "Serbo-Croatian (not one language for interpreting)",
    "bsl": "British Sign Language",
    "tig": "Tigre",
    "fvr": "Fur",
    "mls": "Masalit",
    "ml": "Malayalam",
    "pcm": "Nigerian Pidgin",
    "cdo": "Min Dong (Fuzhounese)",
}

# Other spellings of a code (ISO 639-2/B, 639-2/T, 639-3) folded to the canonical code. Nothing
# here joins two different languages: each alias names the same language as its target.
ALIASES: dict[str, str] = {
    "eng": "en",
    "lav": "lv",
    "lit": "lt",
    "est": "et",
    "rus": "ru",
    "ukr": "uk",
    "bel": "be",
    "pol": "pl",
    "ces": "cs",
    "cze": "cs",
    "slk": "sk",
    "slo": "sk",
    "hun": "hu",
    "ron": "ro",
    "rum": "ro",
    "bul": "bg",
    "mkd": "mk",
    "mac": "mk",
    "slv": "sl",
    "hrv": "hr",
    "srp": "sr",
    "bos": "bs",
    "sqi": "sq",
    "alb": "sq",
    "ell": "el",
    "gre": "el",
    "tur": "tr",
    "kat": "ka",
    "geo": "ka",
    "hye": "hy",
    "arm": "hy",
    "aze": "az",
    "ara": "ar",
    "pes": "fa",
    "fas": "fa",
    "per": "fa",
    "tgk": "tg",
    "pus": "ps",
    "pbt": "ps",
    "tir": "ti",
    "amh": "am",
    "orm": "om",
    "som": "so",
    "swa": "sw",
    "swh": "sw",
    "yor": "yo",
    "ibo": "ig",
    "hau": "ha",
    "twi": "tw",
    "lin": "ln",
    "wol": "wo",
    "fra": "fr",
    "fre": "fr",
    "por": "pt",
    "spa": "es",
    "ita": "it",
    "deu": "de",
    "ger": "de",
    "nld": "nl",
    "dut": "nl",
    "urd": "ur",
    "hin": "hi",
    "pan": "pa",
    "ben": "bn",
    "guj": "gu",
    "tam": "ta",
    "sin": "si",
    "nep": "ne",
    "npi": "ne",
    "vie": "vi",
    "tha": "th",
    "khm": "km",
    "lao": "lo",
    "mya": "my",
    "bur": "my",
    "tgl": "tl",
    "ind": "id",
    "msa": "ms",
    "may": "ms",
    "zsm": "ms",
    "jpn": "ja",
    "kor": "ko",
    "uzb": "uz",
    "kaz": "kk",
    "kir": "ky",
    "kur": "ku",
    "zho": "zh",
    "chi": "zh",
    "sh": "hbs",
}

# Codes that name a group of languages whose speakers need an interpreter of the particular
# language: a booking or a person's record in one of these must say which language is meant.
GROUPS: dict[str, frozenset[str]] = {
    "ku": frozenset({"ckb", "kmr", "sdh"}),
    "zh": frozenset({"cmn", "yue", "nan", "hak", "wuu", "cdo"}),
    "hbs": frozenset({"hr", "sr", "bs", "cnr"}),
}

# Pairs often mistaken for each other (shared script, shared region, or one widely spoken as a
# second language). Used to word the warning, never to accept a booking.
CONFUSED_WITH: dict[frozenset[str], str] = {
    frozenset({"lv", "ru"}): "Many people from Latvia speak some Russian, but Latvian is a different language.",
    frozenset({"lt", "ru"}): "Many people from Lithuania speak some Russian, but Lithuanian is a different language.",
    frozenset({"et", "ru"}): "Many people from Estonia speak some Russian, but Estonian is a different language.",
    frozenset({"uk", "ru"}): "Ukrainian and Russian are different languages.",
    frozenset({"be", "ru"}): "Belarusian and Russian are different languages.",
    frozenset({"ti", "am"}): "Tigrinya and Amharic share a script but are different languages.",
    frozenset({"om", "am"}): "Oromo and Amharic are different languages.",
    frozenset({"prs", "fa"}): "Dari and Farsi are related but distinct: ask which one the person speaks.",
    frozenset({"ps", "prs"}): "Pashto and Dari are both spoken in Afghanistan but are different languages.",
    frozenset({"ckb", "kmr"}): "Kurdish Sorani and Kurmanji are different languages for interpreting.",
    frozenset({"hr", "sr"}): "Croatian and Serbian are kept distinct: book the language the person names.",
    frozenset({"hr", "bs"}): "Croatian and Bosnian are kept distinct: book the language the person names.",
    frozenset({"sr", "bs"}): "Serbian and Bosnian are kept distinct: book the language the person names.",
    frozenset({"cs", "sk"}): "Czech and Slovak are different languages.",
    frozenset({"bg", "mk"}): "Bulgarian and Macedonian are different languages.",
    frozenset({"ur", "hi"}): "Urdu and Hindi are kept distinct: book the language the person names.",
    frozenset({"cmn", "yue"}): "Mandarin and Cantonese are different spoken languages.",
    frozenset({"ro", "rom"}): "Romanian and Romani are unrelated languages.",
    frozenset({"tl", "fil"}): "Tagalog and Filipino are close: confirm with the person which they want.",
    frozenset({"ms", "id"}): "Malay and Indonesian are close but distinct: book the one the person names.",
}


# A group code recorded with the name of one of its languages as the "dialect" (as people and the
# demo generator often write it: "zh" + "Mandarin") names that language.
MEMBER_BY_NAME: dict[str, str] = {
    "mandarin": "cmn",
    "putonghua": "cmn",
    "cantonese": "yue",
    "hokkien": "nan",
    "min nan": "nan",
    "hakka": "hak",
    "shanghainese": "wuu",
    "wu": "wuu",
    "wenzhounese": "wuu",
    "fuzhounese": "cdo",
    "min dong": "cdo",
    "sorani": "ckb",
    "kurmanji": "kmr",
    "southern kurdish": "sdh",
    "croatian": "hr",
    "serbian": "sr",
    "bosnian": "bs",
    "montenegrin": "cnr",
}


def resolve(code: str, dialect: str = "") -> str:
    """The canonical language for a code and what was written as its dialect: a group code with a
    member's name ("zh", "Fuzhounese (Min Dong)") becomes that member ("cdo")."""
    key = canonical(code)
    if key in GROUPS and dialect:
        folded = dialect.casefold()
        for name, member in sorted(MEMBER_BY_NAME.items(), key=lambda item: -len(item[0])):
            if name in folded and member in GROUPS[key]:
                return member
    return key


def canonical(code: str) -> str:
    """The canonical code for what was typed: lower case, trimmed, aliases folded."""
    key = (code or "").strip().lower().replace("_", "-")
    return ALIASES.get(key, key)


def name_of(code: str) -> str:
    key = canonical(code)
    return LANGUAGES.get(key, key or "no language")


def is_group(code: str) -> bool:
    return canonical(code) in GROUPS


def choices() -> list[tuple[str, str]]:
    """For a select: every language by name."""
    return sorted(((code, name) for code, name in LANGUAGES.items()), key=lambda item: item[1])
