"""Accountable decisions: the Home Office outcome codes (data), the evidence a closing decision
rests on (enquiry checklist, interviews, the victim's account, credibility reasoning), decisions
with their outcomes per offence and per suspect, sign-off, the letters giving written reasons, the
Victims' Right to Review, new information on closed cases, CPS referrals and court hearings.

Changes go through lantern.decisions.services. Nothing is deleted and a decision is never edited
in place: a correction is a new decision linked to the one it corrects, with its reason. Answers
that may change (a checklist answer, an account, a credibility record) are superseded by a new
row, so every earlier version stays.

The models are split by section (outcomes, evidence, decision, review, court); every name is
importable from lantern.decisions.models as before.
"""

from lantern.decisions.models.court import CourtHearing, CpsSubmission
from lantern.decisions.models.decision import Decision, DecisionLetter, OutcomeLine, SignOff
from lantern.decisions.models.evidence import (
    CredibilityAssessment,
    CurrentQuerySet,
    EnquiryAnswer,
    SuspectInterview,
    VictimAccount,
)
from lantern.decisions.models.outcomes import OutcomeCode, OutcomeGroup
from lantern.decisions.models.review import (
    NewInformation,
    Requester,
    ReviewRequest,
    ReviewRight,
    WrittenReasonsRequest,
)

__all__ = [
    "CourtHearing",
    "CpsSubmission",
    "CredibilityAssessment",
    "CurrentQuerySet",
    "Decision",
    "DecisionLetter",
    "EnquiryAnswer",
    "NewInformation",
    "OutcomeCode",
    "OutcomeGroup",
    "OutcomeLine",
    "Requester",
    "ReviewRequest",
    "ReviewRight",
    "SignOff",
    "SuspectInterview",
    "VictimAccount",
    "WrittenReasonsRequest",
]
