"""Safeguarding rules as pure functions: no database, no clock of their own (dates are passed in).

- referral_route: child always referred to the NRM; an adult by consent; otherwise Duty to Notify.
- dtn_identifying_fields: a Duty to Notify holds nothing that identifies a non-consenting adult.
- referral_missing: what an NRM referral or Duty to Notify still lacks (reference/domain.md 5.3).
- recovery_period: the NRM recovery period and its end, lengths from data (values are tagged).
- check_interpreter_booking: language and dialect match, first language preferred, related
  languages never taken as the same, interpreter sex and same-interpreter preferences.
- section 45: which test applies by age at the time of the offence, the Schedule 4 check, each
  element answered with evidence, a conclusion consistent with the answers, the charge gate.
- find_protected_values: a protected value (address, phone, e-mail) inside free text.

Each function returns data the caller shows; services turn refusals into field messages.
"""

from __future__ import annotations

from lantern.safeguarding.rules.interpreting import (
    FIRST,
    FLUENT,
    LITTLE,
    SOME,
    SPEAKS_WELL,
    Finding,
    InterpreterOffer,
    Speaks,
    check_interpreter_booking,
)
from lantern.safeguarding.rules.paths import DATA_DIR
from lantern.safeguarding.rules.recovery import (
    RecoveryPeriod,
    nrm_periods,
    recovery_period,
)
from lantern.safeguarding.rules.referral import (
    ADULT,
    AGE_ANSWERS,
    IDENTIFYING_FIELDS,
    MIN_NARRATIVE_CHARS,
    NOT_SURE,
    ROUTE_DTN,
    ROUTE_NRM,
    ROUTE_UNDECIDED,
    UNDER_18,
    Missing,
    ReferralContent,
    RouteDecision,
    age_contradiction,
    dtn_identifying_fields,
    referral_missing,
    referral_route,
    treated_as_child,
)
from lantern.safeguarding.rules.section45 import (
    ANSWERS,
    CONCLUSIONS,
    DOES_NOT_APPLY,
    EXCLUDED,
    MAY_APPLY,
    MORE_INFORMATION,
    S45_ELEMENTS,
    TEST_ADULT,
    TEST_UNDER_18,
    S45Assessment,
    age_on,
    assess_section45,
    charge_refusal,
    needs_section45,
    s45_test,
    schedule4,
)
from lantern.safeguarding.rules.sharing import (
    sharing_concerns,
    status_change_alerts,
)
from lantern.safeguarding.rules.text import (
    ProtectedValue,
    find_protected_values,
    redact,
)

__all__ = [
    "ADULT",
    "AGE_ANSWERS",
    "ANSWERS",
    "CONCLUSIONS",
    "DATA_DIR",
    "DOES_NOT_APPLY",
    "EXCLUDED",
    "FIRST",
    "FLUENT",
    "Finding",
    "IDENTIFYING_FIELDS",
    "InterpreterOffer",
    "LITTLE",
    "MAY_APPLY",
    "MIN_NARRATIVE_CHARS",
    "MORE_INFORMATION",
    "Missing",
    "NOT_SURE",
    "ProtectedValue",
    "ROUTE_DTN",
    "ROUTE_NRM",
    "ROUTE_UNDECIDED",
    "RecoveryPeriod",
    "ReferralContent",
    "RouteDecision",
    "S45Assessment",
    "S45_ELEMENTS",
    "SOME",
    "SPEAKS_WELL",
    "Speaks",
    "TEST_ADULT",
    "TEST_UNDER_18",
    "UNDER_18",
    "age_on",
    "assess_section45",
    "charge_refusal",
    "check_interpreter_booking",
    "dtn_identifying_fields",
    "find_protected_values",
    "needs_section45",
    "nrm_periods",
    "recovery_period",
    "redact",
    "age_contradiction",
    "referral_missing",
    "referral_route",
    "s45_test",
    "schedule4",
    "sharing_concerns",
    "status_change_alerts",
    "treated_as_child",
]
