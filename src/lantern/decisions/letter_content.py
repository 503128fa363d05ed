"""What goes into a decision's letters (lantern.notify.letters renders and stores them).

The letter templates are notify/letter_templates/written_reasons and review_outcome. A letter is
in the victim's language only when every piece of it is held in that language: the template, the
explanation of each outcome code and line of enquiry (below), and the officer's own words (the
decision's translated reasons, given by a translator). Otherwise it is in English with the note
that an interpreter must read it to them. Translations here are demonstrations, to be checked by
a qualified translator before use, like the templates.

Further languages are held as data, one file per language in letter_texts/<language>.json (Welsh:
cy.json), with the same four parts (outcomes, enquiries_done, not_possible, and the heading and
sentence around them) and a `_translation` note of its status; they are merged into the tables
below when the module loads. A Welsh victim (their contact plan's language, or their first
language) gets every decision letter in Welsh once the officer's own words are translated too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lantern.cases.models import Case
from lantern.core.models import User
from lantern.decisions import review_rules, rules
from lantern.decisions.models import Decision, OutcomeCode, ReviewRequest
from lantern.notify.letters import RTL_LANGUAGES, Localised
from lantern.people.models import Person
from lantern.victims_code.working_days import LONDON

# The outcome explanations (OutcomeCode.plain_english) in the languages letters are held in.
OUTCOME_TEXTS: dict[str, dict[str, str]] = {
    "ar": {
        "2": "أُعطي المشتبه به إنذارًا رسميًا: تحذير رسمي يُسجَّل.",
        "3": "أُعطي المشتبه به إنذارًا رسميًا: تحذير رسمي يُسجَّل.",
        "5": "توفي المشتبه به، لذلك لا يمكن محاكمة أحد على ذلك.",
        "8": "عولج الأمر بتسوية مجتمعية اتُّفق عليها مع المشتبه به.",
        "9": "قررت النيابة العامة الملكية أن محاكمة المشتبه به ليست في المصلحة العامة.",
        "10": "قررت الشرطة أن اتخاذ إجراء رسمي ضد المشتبه به ليس في المصلحة العامة.",
        "13": "المحاكمة غير ممكنة لأن شاهدًا رئيسيًا قد توفي أو مريض جدًا.",
        "14": "لم نتمكن من تحديد هوية المشتبه به، وقد أخبرتنا أنك لا تريد اتخاذ إجراء آخر في الوقت الحالي.",
        "15": "نعرف من هو المشتبه به وأنت تؤيد اتخاذ إجراء، لكن لا توجد أدلة كافية للمضي في القضية.",
        "16": "نعرف من هو المشتبه به، لكنك أخبرتنا أنك لا تؤيد اتخاذ إجراء آخر، ومن دون ذلك لا توجد أدلة كافية "
        "للمضي في القضية.",
        "18": "لقد حققنا في القضية، لكننا لم نتمكن من تحديد من ارتكب الجريمة.",
        "20": "تولّت جهة أخرى مسؤولية اتخاذ الإجراء.",
        "21": "قررت الشرطة أن إجراء مزيد من التحقيق لدعم إجراء رسمي ليس في المصلحة العامة.",
        "22": "شارك المشتبه به في برنامج أو نشاط بدلًا من محاكمته.",
    },
    "ti": {
        "2": "ነቲ ተጠርጣሪ ወግዓዊ መጠንቀቕታ ተዋሂብዎ።",
        "3": "ነቲ ተጠርጣሪ ወግዓዊ መጠንቀቕታ ተዋሂብዎ።",
        "5": "እቲ ተጠርጣሪ ሞይቱ እዩ፣ ስለዚ ዝኽሰስ ሰብ የለን።",
        "9": "ዘውዳዊ ኣገልግሎት ክሲ ነቲ ተጠርጣሪ ምኽሳስ ንረብሓ ሕዝቢ ከም ዘይኮነ ወሲኑ።",
        "10": "ፖሊስ ኣብ ልዕሊ እቲ ተጠርጣሪ ወግዓዊ ስጉምቲ ምውሳድ ንረብሓ ሕዝቢ ከም ዘይኮነ ወሲኑ።",
        "13": "ሓደ ቀንዲ ምስክር ስለ ዝሞተ ወይ ብጽኑዕ ስለ ዝሓመመ ክሲ ምቕራብ ኣይከኣልን።",
        "14": "ነቲ ተጠርጣሪ ከነለልዮ ኣይከኣልናን፣ ንስኹም ድማ ኣብዚ እዋን'ዚ ተወሳኺ ስጉምቲ ክውሰድ ከም ዘይትደልዩ ነጊርኩምና።",
        "15": "እቲ ተጠርጣሪ መን ምዃኑ ንፈልጥ ኢና፣ ንስኹም ድማ ስጉምቲ ክውሰድ ትድግፉ ኢኹም፣ ግን ነቲ ጉዳይ ንምቕጻል እኹል መርትዖ የለን።",
        "16": "እቲ ተጠርጣሪ መን ምዃኑ ንፈልጥ ኢና፣ ግን ተወሳኺ ስጉምቲ ከም ዘይትድግፉ ነጊርኩምና፣ ብዘይ ደገፍኩም ድማ ነቲ ጉዳይ ንምቕጻል እኹል መርትዖ የለን።",
        "18": "መርመራ ገይርና ኢና፣ ግን ነቲ ገበን ዝፈጸመ ሰብ ከነለልዮ ኣይከኣልናን።",
        "20": "ካልእ ትካል ስጉምቲ ናይ ምውሳድ ሓላፍነት ተረኪቡ ኣሎ።",
        "21": "ፖሊስ ተወሳኺ መርመራ ምክያድ ንረብሓ ሕዝቢ ከም ዘይኮነ ወሲኑ።",
        "22": "እቲ ተጠርጣሪ ኣብ ክንዲ ምኽሳስ ኣብ መደብ ወይ ንጥፈት ተሳቲፉ።",
    },
}

# "What we did", one line per line of enquiry answered "done" (rules.ENQUIRY_ITEMS.done_in_letter).
ENQUIRY_TEXTS: dict[str, dict[str, str]] = {
    "ar": {
        "suspect_interviewed": "أجرينا مقابلة مع المشتبه به",
        "victims_witnesses_sought": "بحثنا عن أشخاص آخرين ربما تعرضوا للاستغلال، وعن شهود",
        "premises_business": "فحصنا الأماكن والعمل التجاري المعنيين",
        "financial": "بحثنا في الأموال: الحسابات المصرفية والأجور والمدفوعات",
        "digital": "بحثنا عن أدلة على الهواتف وعلى الإنترنت",
        "cctv_vehicle": "بحثنا عن تسجيلات كاميرات المراقبة وفحصنا المركبات",
        "international": "أجرينا استفسارات في الخارج",
        "intelligence": "فحصنا المعلومات المتوفرة لدى الشرطة والجهات الشريكة",
        "cps_early_advice": "طلبنا المشورة من النيابة العامة الملكية",
    },
    "ti": {
        "suspect_interviewed": "ንተጠርጣሪ ሓቲትናዮ",
        "victims_witnesses_sought": "ካልኦት ግዳያት ክኾኑ ዝኽእሉ ሰባትን ምስክራትን ደሊና",
        "premises_business": "ነቶም ዝምልከቶም ቦታታትን ንግድን መርሚርና",
        "financial": "ገንዘብ መርሚርና፦ ሕሳብ ባንኪ፣ ደሞዝን ክፍሊትን",
        "digital": "ኣብ ተሌፎናትን ኣብ ኢንተርነትን መርትዖ ደሊና",
        "cctv_vehicle": "ናይ CCTV ምስሊ ደሊናን ተሽከርከርቲ መርሚርናን",
        "international": "ኣብ ወጻኢ ሓታቲትና",
        "intelligence": "ሓበሬታ ፖሊስን መሻርኽትን መርሚርና",
        "cps_early_advice": "ካብ ዘውዳዊ ኣገልግሎት ክሲ ምኽሪ ሓቲትና",
    },
}


# Sentence ends: Ge'ez script has its own full stop (a Latin one would also need a fallback font).
FULL_STOP = {"ti": "።"}


LETTER_TEXTS_DIR = Path(__file__).resolve().parent / "letter_texts"


def _load_letter_texts() -> None:
    """Merge the languages held as data (letter_texts/<language>.json) into the tables."""
    for path in sorted(LETTER_TEXTS_DIR.glob("*.json")):
        language = path.stem
        held = json.loads(path.read_text(encoding="utf-8"))
        OUTCOME_TEXTS[language] = dict(held["outcomes"])
        ENQUIRY_TEXTS[language] = dict(held["enquiries_done"])
        NOT_POSSIBLE_TEXTS[language] = dict(held["not_possible"])
        NOT_POSSIBLE_HEADING[language] = held["not_possible_heading"]
        COULD_NOT[language] = held["could_not"]


def _dates(now: dt.datetime) -> dict[str, Any]:
    """The letter's date: in words (English), in figures, and as a date for a template to write in
    its own language ({{ letter_date|date:"j F Y" }}: notify.letters renders a template in its language)."""
    local = now.astimezone(LONDON)
    return {
        "date_long": f"{local.day} {local:%B %Y}",
        "date_numeric": f"{local:%d.%m.%Y}",
        "letter_date": local.date(),
    }


def _officer(prefix: str, officer: User) -> dict[str, str]:
    return {
        f"{prefix}_name": officer.display_name,
        f"{prefix}_phone": officer.phone or "(not recorded)",
        f"{prefix}_email": officer.email or "(not recorded)",
    }


def decision_text(codes: Iterable[OutcomeCode]) -> Localised:
    """The outcome of each line, in plain words, once per code."""
    unique = list({code.code: code for code in codes}.values())
    texts: dict[str, str] = {"en": "\n".join(code.plain_english for code in unique)}
    for language, table in OUTCOME_TEXTS.items():
        if all(code.code in table for code in unique):
            texts[language] = "\n".join(table[code.code] for code in unique)
    return Localised(texts)


def done_list(done_items: Iterable[str]) -> Localised:
    items = [rules.ENQUIRY_BY_CODE[code] for code in done_items if code in rules.ENQUIRY_BY_CODE]
    if not items:
        return Localised({"en": "", **{language: "" for language in ENQUIRY_TEXTS}})
    english = "\n".join(f"• {item.done_in_letter[:1].upper()}{item.done_in_letter[1:]}." for item in items)
    texts = {"en": english}
    for language, table in ENQUIRY_TEXTS.items():
        stop = FULL_STOP.get(language, ".")
        texts[language] = "\n".join(f"• {table[item.code]}{stop}" for item in items)
    return Localised(texts)


# "What we could not do, and why": each line of enquiry the closure gate recorded as not possible,
# in plain words, with the officer's reason as they recorded it (issue 16, item 5).
NOT_POSSIBLE_HEADING = {"en": "What we could not do, and why", "ar": "ما لم نتمكن من القيام به، ولماذا"}
NOT_POSSIBLE_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "suspect_interviewed": "interview the suspect",
        "victims_witnesses_sought": "look for other people who may have been exploited, or for witnesses",
        "premises_business": "check the places and the business involved",
        "financial": "look into the money: bank accounts, wages and payments",
        "digital": "look for evidence on phones and online",
        "cctv_vehicle": "look for CCTV or check vehicles",
        "international": "make enquiries abroad",
        "intelligence": "check what the police and partner organisations knew",
        "cps_early_advice": "ask the Crown Prosecution Service for advice",
    },
    "ar": {
        "suspect_interviewed": "إجراء مقابلة مع المشتبه به",
        "victims_witnesses_sought": "البحث عن أشخاص آخرين ربما تعرضوا للاستغلال، أو عن شهود",
        "premises_business": "فحص الأماكن والعمل التجاري المعنيين",
        "financial": "البحث في الأموال: الحسابات المصرفية والأجور والمدفوعات",
        "digital": "البحث عن أدلة على الهواتف وعلى الإنترنت",
        "cctv_vehicle": "البحث عن تسجيلات كاميرات المراقبة أو فحص المركبات",
        "international": "إجراء استفسارات في الخارج",
        "intelligence": "فحص المعلومات المتوفرة لدى الشرطة والجهات الشريكة",
        "cps_early_advice": "طلب المشورة من النيابة العامة الملكية",
    },
}
COULD_NOT = {"en": "We could not {what}. Why: {why}", "ar": "لم نتمكن من {what}.\nالسبب: {why}"}
_load_letter_texts()


def not_possible_list(not_possible: Iterable[tuple[str, str]]) -> Localised:
    """(item code, the officer's reason) for each line of enquiry answered "not possible". The
    reason is the officer's own words (English); inside a right-to-left letter it is isolated so
    that it reads in order. A language without these phrases gets the English section, so a letter
    in it is never refused for want of them (every Localised value must have its language)."""
    items = [(code, why.strip()) for code, why in not_possible if code in NOT_POSSIBLE_TEXTS["en"]]
    languages = {"en", *ENQUIRY_TEXTS}
    if not items:
        return Localised({language: "" for language in languages})
    texts = {}
    for language in languages:
        phrases = NOT_POSSIBLE_TEXTS.get(language, NOT_POSSIBLE_TEXTS["en"])
        template = COULD_NOT.get(language, COULD_NOT["en"])
        heading = NOT_POSSIBLE_HEADING.get(language, NOT_POSSIBLE_HEADING["en"])
        rtl = language in RTL_LANGUAGES
        lines = [
            "• " + template.format(what=phrases[code], why=f"\u2068{why}\u2069" if rtl else why).rstrip(".") + "."
            for code, why in items
        ]
        texts[language] = f"# {heading}\n" + "\n".join(lines)
    return Localised(texts)


# A number written in groups ("01632 960001") inside right-to-left text would have its groups shown
# in right-to-left order: isolate each such number as left-to-right (U+2066 ... U+2069).
GROUPED_NUMBER = re.compile(r"\d[\d ]*\d")


def keep_numbers_in_order(text: str, language: str) -> str:
    if language not in RTL_LANGUAGES:
        return text
    return GROUPED_NUMBER.sub(lambda m: f"\u2066{m.group(0)}\u2069" if " " in m.group(0) else m.group(0), text)


def _officer_words(decision: Decision, english: str, translated: str) -> Localised:
    """The officer's own words, with the translator's version where the decision holds one."""
    texts = {"en": english.strip()}
    language = decision.translation_language
    if language and (translated.strip() or not english.strip()):
        texts[language] = keep_numbers_in_order(translated.strip(), language)
    return Localised(texts)


def written_reasons_context(
    case: Case,
    victim: Person,
    decision: Decision,
    codes: Iterable[OutcomeCode],
    done_items: Iterable[str],
    eligibility: review_rules.Eligibility,
    now: dt.datetime,
    not_possible: Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    review_by = review_rules.review_window_closes_on(now.astimezone(LONDON).date())
    return {
        **_dates(now),
        **_officer("officer", case.officer_in_charge),
        "force_name": case.force.name,
        "victim_name": victim.display_name,
        "case_reference": case.full_reference,
        "decision_text": decision_text(codes),
        "reasons": _officer_words(decision, decision.reasons, decision.reasons_translated),
        "what_was_done": _officer_words(decision, decision.what_was_done, decision.what_was_done_translated),
        "reopen_if": _officer_words(decision, decision.reopen_if, decision.reopen_if_translated),
        "done_list": done_list(done_items),
        "not_possible": not_possible_list(not_possible),
        "review_scheme": eligibility.scheme,
        "review_by": f"{review_by.day} {review_by:%B %Y}",
        "review_by_numeric": f"{review_by:%d.%m.%Y}",
        "review_by_date": review_by,
        "no_review_because": " ".join(eligibility.reasons),
    }


def review_outcome_context(
    case: Case,
    victim: Person,
    request: ReviewRequest,
    reviewer: User,
    reasons: Localised,
    now: dt.datetime,
) -> dict[str, Any]:
    return {
        **_dates(now),
        **_officer("reviewer", reviewer),
        "force_name": case.force.name,
        "victim_name": victim.display_name,
        "case_reference": case.full_reference,
        "overturned": request.result == ReviewRequest.Result.OVERTURNED,
        "result_reasons": reasons,
    }
