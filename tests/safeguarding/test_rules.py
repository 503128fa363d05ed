"""The safeguarding rules, as pure functions: referral route, Duty to Notify anonymity,
completeness, recovery period, the interpreter match over many language pairs, section 45,
and protected values in free text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.safeguarding import languages, rules
from lantern.safeguarding.rules import InterpreterOffer, ProtectedValue, Speaks

TODAY = date(2026, 11, 25)

# --- Referral route ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "consent", "route"),
    [
        ("under_18", "", "nrm"),
        ("under_18", "given", "nrm"),
        ("not_sure", "", "nrm"),
        ("adult", "given", "nrm"),
        ("adult", "declined", "dtn"),
        ("adult", "", ""),
        ("", "given", ""),
    ],
)
def test_referral_route(age: str, consent: str, route: str) -> None:
    assert rules.referral_route(age, consent).route == route


@pytest.mark.parametrize("age", ["under_18", "not_sure"])
def test_a_child_marked_declined_is_an_error_and_still_referred(age: str) -> None:
    decision = rules.referral_route(age, "declined")
    assert decision.route == "nrm"
    assert decision.error is not None
    assert decision.error[0] == "consent"
    assert "always referred" in decision.error[1]


COMPLETE_ADULT = rules.ReferralContent(
    route="nrm",
    age_now="adult",
    under_18_at_exploitation="no",
    consent="given",
    explained_nrm=True,
    explained_support=True,
    explained_outcomes=True,
    told_language="lv",
    told_through="interpreter_phone",
    narrative="Recruited in Riga with a promise of warehouse work; made to work at a car wash in Birmingham for "
    "fourteen hours a day, wages taken for 'rent', passport held by the boss.",
    exploitation_types=("labour",),
    where_exploited="Birmingham, West Midlands",
    current_location="West Midlands",
    exploiters="Two men who ran the car wash",
    other_victims="yes",
    crime_reference="WMP 20/000123/26",
    support_needed="yes",
    given_names="Ilze",
    family_name="Berzina",
    date_of_birth="1994-03-27",
    sex="female",
    nationalities=("LV",),
    interpreter_needed="yes",
    interpreter_language="lv",
    safe_to_contact="yes",
    phone="07700 900123",
    police_cooperation="yes",
    first_responder_name="PC A",
    first_responder_phone="01632 960001",
)


def test_a_complete_adult_referral_misses_nothing() -> None:
    assert rules.referral_missing(COMPLETE_ADULT) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"narrative": "Car wash."}, "narrative"),
        ({"exploitation_types": ()}, "exploitation_types"),
        ({"crime_reference": ""}, "crime_reference"),
        ({"consent": ""}, "consent"),
        ({"explained_outcomes": False}, "explained"),
        ({"nationalities": ()}, "nationalities"),
        ({"given_names": ""}, "given_names"),
        ({"date_of_birth": ""}, "date_of_birth"),
        ({"safe_to_contact": "yes", "phone": ""}, "phone"),
        ({"interpreter_language": ""}, "interpreter_language"),
        ({"first_responder_phone": ""}, "first_responder_phone"),
        ({"told_language": ""}, "told_language"),
    ],
)
def test_each_missing_item_is_named(change: dict[str, object], field: str) -> None:
    content = replace(COMPLETE_ADULT, **change)  # type: ignore[arg-type]
    missing = rules.referral_missing(content)
    assert field in [m.field for m in missing]
    assert all(m.label and m.step for m in missing)


def test_a_child_needs_the_local_authority_not_consent() -> None:
    child = replace(COMPLETE_ADULT, age_now="under_18", consent="", explained_nrm=False)
    fields = [m.field for m in rules.referral_missing(child)]
    assert "consent" not in fields
    assert "explained" not in fields
    assert "local_authority_name" in fields
    assert "local_authority_contact" in fields
    done = replace(child, local_authority_name="Birmingham Children's Trust", local_authority_contact="0121 000 0000")
    assert rules.referral_missing(done) == []


def test_a_duty_to_notify_needs_no_identity_and_may_not_hold_one() -> None:
    dtn = rules.ReferralContent(
        route="dtn",
        age_now="adult",
        under_18_at_exploitation="no",
        consent="declined",
        explained_nrm=True,
        explained_support=True,
        explained_outcomes=True,
        told_language="ro",
        told_through="interpreter_in_person",
        narrative=COMPLETE_ADULT.narrative,
        exploitation_types=("labour",),
        where_exploited="Leicester",
        police_cooperation="no",
    )
    assert rules.referral_missing(dtn) == []
    assert rules.dtn_identifying_fields(dtn) == []
    named = replace(dtn, given_names="Ion", phone="07700 900999")
    assert rules.dtn_identifying_fields(named) == ["given_names", "phone"]
    assert rules.dtn_identifying_fields(replace(named, police_contact_consent=True)) == []


# --- Recovery period -----------------------------------------------------------------------------


def test_recovery_period_30_days_after_2023() -> None:
    period = rules.recovery_period(date(2026, 3, 2))
    assert period.days == 30
    assert period.ends_on == date(2026, 4, 1)


def test_recovery_period_under_the_older_rule_runs_to_the_cg_decision() -> None:
    period = rules.recovery_period(date(2022, 1, 10))
    assert period.days == 45
    assert period.minimum_end == date(2022, 2, 24)
    assert period.ends_on is None
    assert rules.recovery_period(date(2022, 1, 10), date(2022, 2, 1)).ends_on == date(2022, 2, 24)
    assert rules.recovery_period(date(2022, 1, 10), date(2023, 6, 1)).ends_on == date(2023, 6, 1)


def test_recovery_period_length_comes_from_settings(settings: object) -> None:
    settings.LANTERN_NRM_PERIODS = {"recovery_period": [{"from": "2000-01-01", "days": 60}]}  # type: ignore[attr-defined]
    assert rules.recovery_period(date(2026, 1, 1)).ends_on == date(2026, 3, 2)


# --- Interpreters: many language pairs -----------------------------------------------------------

# (person's first language, a language often offered instead): never the same language.
RELATED_PAIRS = [
    ("lv", "ru"),
    ("lt", "ru"),
    ("et", "ru"),
    ("uk", "ru"),
    ("be", "ru"),
    ("ti", "am"),
    ("om", "am"),
    ("prs", "fa"),
    ("fa", "prs"),
    ("ps", "prs"),
    ("hr", "sr"),
    ("sr", "hr"),
    ("bs", "hr"),
    ("bs", "sr"),
    ("ckb", "kmr"),
    ("kmr", "ckb"),
    ("cs", "sk"),
    ("sk", "cs"),
    ("mk", "bg"),
    ("ur", "hi"),
    ("hi", "ur"),
    ("yue", "cmn"),
    ("cmn", "yue"),
    ("rom", "ro"),
    ("ro", "rom"),
    ("id", "ms"),
    ("tg", "fa"),
    ("sq", "el"),
    ("vi", "th"),
    ("ar", "fa"),
]


def _interpreter(codes: dict[str, list[str]], sex: str = "female", pk: int = 1) -> InterpreterOffer:
    return InterpreterOffer(pk, "Interpreter", sex, codes, True, date(2030, 1, 1))


@pytest.mark.parametrize(("first", "offered"), RELATED_PAIRS)
def test_a_related_language_is_not_the_persons_language(first: str, offered: str) -> None:
    speaks = [Speaks(first, "first")]
    findings = rules.check_interpreter_booking(speaks, offered, "", _interpreter({offered: []}), on=TODAY)
    assert [f.code for f in findings] == ["not_spoken"]


@pytest.mark.parametrize(("first", "offered"), RELATED_PAIRS)
def test_a_person_who_speaks_a_little_of_the_related_language_is_still_flagged(first: str, offered: str) -> None:
    speaks = [Speaks(first, "first"), Speaks(offered, "little")]
    findings = rules.check_interpreter_booking(speaks, offered, "", _interpreter({offered: []}), on=TODAY)
    assert [f.code for f in findings] == ["not_spoken_well"]


@pytest.mark.parametrize(("first", "_offered"), RELATED_PAIRS)
def test_the_persons_own_language_matches(first: str, _offered: str) -> None:
    findings = rules.check_interpreter_booking([Speaks(first, "first")], first, "", _interpreter({first: []}), on=TODAY)
    assert findings == []


def test_the_latvian_woman_given_a_russian_interpreter() -> None:
    """Seed 000 point 7."""
    speaks = [Speaks("lv", "first"), Speaks("ru", "little")]
    findings = rules.check_interpreter_booking(speaks, "ru", "", _interpreter({"ru": []}), on=TODAY)
    assert findings[0].code == "not_spoken_well"
    assert "Latvian" in findings[0].message
    assert "Russian" in findings[0].message


@pytest.mark.parametrize(
    "alias", [("lav", "lv"), ("LV", "lv"), ("rus", "ru"), ("tir", "ti"), ("hrv", "hr"), ("pes", "fa")]
)
def test_aliases_of_one_language_match(alias: tuple[str, str]) -> None:
    typed, code = alias
    assert rules.check_interpreter_booking([Speaks(code, "first")], typed, "", _interpreter({code: []}), on=TODAY) == []


@pytest.mark.parametrize("group", ["ku", "zh", "hbs", "sh"])
def test_a_group_of_languages_must_be_narrowed(group: str) -> None:
    findings = rules.check_interpreter_booking([Speaks("ckb", "first")], group, "", None, on=TODAY)
    assert any(f.code == "group_language" and f.blocking for f in findings)


def test_first_language_is_preferred_over_a_fluent_second() -> None:
    speaks = [Speaks("ti", "first"), Speaks("ar", "fluent")]
    findings = rules.check_interpreter_booking(speaks, "ar", "", _interpreter({"ar": []}), on=TODAY)
    assert [f.code for f in findings] == ["not_first_language"]


def test_dialect_must_match() -> None:
    speaks = [Speaks("ar", "first", "Sudanese")]
    wrong = rules.check_interpreter_booking(speaks, "ar", "Levantine", _interpreter({"ar": ["Levantine"]}), on=TODAY)
    assert {f.code for f in wrong} == {"dialect_differs"}
    interpreter_lacks = rules.check_interpreter_booking(speaks, "ar", "", _interpreter({"ar": ["Egyptian"]}), on=TODAY)
    assert {f.code for f in interpreter_lacks} == {"interpreter_dialect"}
    right = rules.check_interpreter_booking(speaks, "ar", "sudanese", _interpreter({"ar": ["Sudanese"]}), on=TODAY)
    assert right == []


def test_interpreter_must_offer_the_language_and_be_current() -> None:
    speaks = [Speaks("lv", "first")]
    assert any(
        f.code == "interpreter_language" and f.blocking
        for f in rules.check_interpreter_booking(speaks, "lv", "", _interpreter({"ru": []}), on=TODAY)
    )
    lapsed = InterpreterOffer(1, "X", "female", {"lv": []}, True, date(2025, 1, 1))
    assert [f.code for f in rules.check_interpreter_booking(speaks, "lv", "", lapsed, on=TODAY)] == [
        "interpreter_vetting"
    ]
    gone = InterpreterOffer(1, "X", "female", {"lv": []}, False, date(2030, 1, 1))
    assert any(f.blocking for f in rules.check_interpreter_booking(speaks, "lv", "", gone, on=TODAY))


def test_sex_and_same_interpreter_preferences() -> None:
    speaks = [Speaks("sq", "first")]
    male = _interpreter({"sq": []}, sex="male", pk=7)
    findings = rules.check_interpreter_booking(
        speaks,
        "sq",
        "",
        male,
        on=TODAY,
        sex_preference="female",
        same_interpreter_preferred=True,
        previous_interpreter_ids=[3],
    )
    assert {f.code for f in findings} == {"sex_preference", "same_interpreter"}
    same = rules.check_interpreter_booking(
        speaks,
        "sq",
        "",
        _interpreter({"sq": []}, pk=3),
        on=TODAY,
        sex_preference="female",
        same_interpreter_preferred=True,
        previous_interpreter_ids=[3],
    )
    assert same == []


def test_no_languages_recorded_is_flagged() -> None:
    assert [f.code for f in rules.check_interpreter_booking([], "lv", "", None, on=TODAY)] == ["no_languages_recorded"]


CODES = sorted(code for code in languages.LANGUAGES if not languages.is_group(code))
LEVELS = ["first", "fluent", "some", "little"]


@settings(max_examples=400, deadline=None)
@given(
    person=st.lists(
        st.tuples(st.sampled_from(CODES), st.sampled_from(LEVELS)), min_size=1, max_size=3, unique_by=lambda t: t[0]
    ),
    booked=st.sampled_from(CODES),
)
def test_any_pair_matches_only_when_the_person_speaks_the_language_well(
    person: list[tuple[str, str]], booked: str
) -> None:
    """Over every pair of languages in the table: a booking is clean only when the person
    speaks the booked language as their first language (or fluently with no first language
    recorded); any other booking raises a finding."""
    speaks = [Speaks(code, level) for code, level in person]
    findings = rules.check_interpreter_booking(speaks, booked, "", _interpreter({booked: []}), on=TODAY)
    levels = dict(person)
    firsts = [c for c, lvl in person if lvl == "first"]
    clean = booked in levels and (levels[booked] == "first" or (levels[booked] == "fluent" and not firsts))
    assert (findings == []) == clean, (person, booked, findings)
    if booked not in levels:
        assert findings[0].code == "not_spoken"


@settings(max_examples=200, deadline=None)
@given(a=st.sampled_from(CODES), b=st.sampled_from(CODES))
def test_two_different_codes_never_match(a: str, b: str) -> None:
    findings = rules.check_interpreter_booking([Speaks(a, "first")], b, "", _interpreter({b: []}), on=TODAY)
    assert (findings == []) == (a == b)


# --- Section 45 ----------------------------------------------------------------------------------


def _all(test: str, answer: str = "yes") -> dict[str, dict[str, str]]:
    return {code: {"answer": answer, "evidence": "Account in interview"} for code, _q in rules.S45_ELEMENTS[test]}


@pytest.mark.parametrize(
    ("dob", "offence", "test"),
    [
        (date(2008, 6, 1), date(2026, 5, 31), "under_18"),
        (date(2008, 6, 1), date(2026, 6, 1), "adult"),
        (date(1990, 1, 1), date(2026, 1, 1), "adult"),
    ],
)
def test_the_test_follows_age_at_the_time_of_the_offence(dob: date, offence: date, test: str) -> None:
    assert rules.s45_test(rules.age_on(dob, offence)) == test


def test_adult_test_all_yes_may_apply() -> None:
    a = rules.assess_section45(25, "", True, _all("adult"), rules.MAY_APPLY)
    assert a.test == "adult"
    assert a.problems == []
    assert a.suggested == rules.MAY_APPLY


def test_under_18_test_has_no_compulsion_element() -> None:
    codes = [code for code, _q in rules.S45_ELEMENTS["under_18"]]
    assert "compelled" not in codes
    a = rules.assess_section45(16, "", True, _all("under_18"), rules.MAY_APPLY)
    assert a.test == "under_18"
    assert a.problems == []


def test_missing_age_is_refused() -> None:
    a = rules.assess_section45(None, "", True, _all("adult"), rules.MAY_APPLY)
    assert a.problems
    assert a.problems[0][0] == "age_at_offence"


def test_each_element_needs_an_answer_and_evidence() -> None:
    elements = _all("adult")
    elements["compelled"] = {"answer": "yes", "evidence": ""}
    elements["attributable"] = {"answer": "", "evidence": "x"}
    fields = [f for f, _m in rules.assess_section45(30, "", True, elements, rules.MAY_APPLY).problems]
    assert "compelled_evidence" in fields
    assert "attributable_answer" in fields


def test_schedule4_excludes_the_defence() -> None:
    assert "cl_murder" in rules.schedule4()
    assert "ta_s8" in rules.schedule4()
    excluded = rules.assess_section45(30, "ta_s8", True, {}, rules.EXCLUDED)
    assert excluded.excluded
    assert excluded.problems == []
    wrong = rules.assess_section45(30, "ta_s8", True, _all("adult"), rules.MAY_APPLY)
    assert ("conclusion", "The offence is in Schedule 4, so the defence is not available.") in wrong.problems
    not_listed = rules.assess_section45(30, "", True, _all("adult"), rules.EXCLUDED)
    assert any(f == "conclusion" for f, _m in not_listed.problems)
    unchecked = rules.assess_section45(30, "", False, _all("adult"), rules.MAY_APPLY)
    assert any(f == "schedule4_code" for f, _m in unchecked.problems)


def test_conclusion_must_follow_the_answers() -> None:
    answers = _all("adult")
    answers["no_realistic_alternative"]["answer"] = "no"
    assert rules.assess_section45(30, "", True, answers, rules.MAY_APPLY).problems
    assert rules.assess_section45(30, "", True, answers, rules.DOES_NOT_APPLY).problems == []
    unclear = _all("adult", "unclear")
    assert rules.assess_section45(30, "", True, unclear, rules.MORE_INFORMATION).problems == []
    assert rules.assess_section45(30, "", True, unclear, rules.DOES_NOT_APPLY).problems


@pytest.mark.parametrize(
    ("roles", "indicators", "nrm", "needed"),
    [
        (["victim_suspect"], False, False, True),
        (["suspect"], True, False, True),
        (["suspect"], False, True, True),
        (["suspect"], False, False, False),
        (["victim"], True, True, False),
    ],
)
def test_who_needs_a_section45_consideration(roles: list[str], indicators: bool, nrm: bool, needed: bool) -> None:
    assert rules.needs_section45(roles, indicators, nrm) is needed


def test_charge_gate() -> None:
    assert rules.charge_refusal(True, 0)
    assert rules.charge_refusal(True, 1) == ""
    assert rules.charge_refusal(False, 0) == ""


# --- Protected values in text ------------------------------------------------------------------

SAFE_HOUSE = ProtectedValue(1, "address", "14 Elm Road, Sparkhill, Birmingham B11 4AA", "Safe house")
PHONE = ProtectedValue(2, "phone", "07700 900123", "New phone")
EMAIL = ProtectedValue(3, "email", "ilze.b@example.org", "Email")


@pytest.mark.parametrize(
    "text",
    [
        "She is staying at 14 Elm Road, Sparkhill.",
        "staying at 14 ELM ROAD",
        "taken to the house at 14, Elm Road",
        "postcode b11 4aa near the park",
        "postcode B114AA",
        "14 Elm Road Sparkhill Birmingham B11 4AA",
    ],
)
def test_an_address_in_free_text_is_found(text: str) -> None:
    assert rules.find_protected_values(text, [SAFE_HOUSE]) == [SAFE_HOUSE]


@pytest.mark.parametrize(
    "text",
    [
        "call her on 07700 900123",
        "call +44 7700 900123",
        "number 07700-900-123",
        "(07700) 900123",
    ],
)
def test_a_phone_number_in_any_format_is_found(text: str) -> None:
    assert rules.find_protected_values(text, [PHONE]) == [PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "She lives in Birmingham.",
        "Elm Road is a common name",
        "The exploiters were at 41 Elm Road",
        "Reference 0770",
        "",
    ],
)
def test_unrelated_text_is_not_flagged(text: str) -> None:
    assert rules.find_protected_values(text, [SAFE_HOUSE, PHONE, EMAIL]) == []


def test_redaction_removes_every_trace() -> None:
    text = (
        "Moved to 14 Elm Road, Sparkhill (B11 4AA). New number +44 7700 900 123, email ILZE.B@example.org. "
        "The exploiters' house is at 41 Elm Road."
    )
    redacted = rules.redact(text, [SAFE_HOUSE, PHONE, EMAIL])
    assert rules.find_protected_values(redacted, [SAFE_HOUSE, PHONE, EMAIL]) == []
    assert "41 Elm Road" in redacted


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Zs")), max_size=40),
    suffix=st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Zs")), max_size=40),
)
def test_a_protected_value_is_found_whatever_surrounds_it(prefix: str, suffix: str) -> None:
    for item in (SAFE_HOUSE, PHONE, EMAIL):
        text = f"{prefix} {item.value} {suffix}"
        assert item in rules.find_protected_values(text, [item])
        assert item not in rules.find_protected_values(rules.redact(text, [item]), [item])


@pytest.mark.parametrize(
    ("code", "dialect", "booked", "ok"),
    [
        ("zh", "Mandarin", "cmn", True),
        ("zh", "Cantonese", "cmn", False),
        ("zh", "Fuzhounese (Min Dong)", "cdo", True),
        ("zh", "Fuzhounese (Min Dong)", "cmn", False),
        ("ku", "Sorani", "ckb", True),
        ("ku", "Sorani", "kmr", False),
        ("hbs", "Croatian", "hr", True),
        ("hbs", "Croatian", "sr", False),
    ],
)
def test_a_group_code_with_a_named_language_is_that_language(code: str, dialect: str, booked: str, ok: bool) -> None:
    findings = rules.check_interpreter_booking(
        [Speaks(code, "first", dialect)], booked, "", _interpreter({booked: []}), on=TODAY
    )
    assert (findings == []) == ok, findings
