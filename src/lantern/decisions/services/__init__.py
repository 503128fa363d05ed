"""Operations on decisions. Each is one function: it checks the rules (rules.py, review_rules.py),
writes in one transaction the records, the case timeline and the audit log, and returns the
result. Pages, the API and other apps call these; none writes decision records itself.

The closing flow, in order: answer the enquiry checklist, record interviews, the victim's account
(or why not; "not spoken to" needs a supervisor's agreement) and whether credibility was a factor
(and how trauma was considered) (evidence.py); propose the decision; a supervisor who is not the
officer in charge signs it off (proposal.py); make the letters with the written reasons
(letters.py); close the case (closing.py). Closing creates the victims' duties (told of the
decision, and of their right to review where they have it) and queues each letter for delivery,
which meets them. The Victims' Right to Review, written reasons asked for later, new information
and reopening are in ../reviews.py; the CPS and court in ../cps.py. Callers use the names below.
"""

from lantern.decisions.services._common import moment_of, today
from lantern.decisions.services.closing import SignedOff, apply_charge, close_case, sign_off_and_close
from lantern.decisions.services.evidence import (
    NewAccount,
    NewInterview,
    agree_not_spoken_to,
    answer_enquiry,
    record_account,
    record_credibility,
    record_interview,
)
from lantern.decisions.services.letters import done_items, make_letters, not_possible_items, record_delivery
from lantern.decisions.services.proposal import DecisionIn, correct, propose, sign_off, sign_off_check

__all__ = [
    "DecisionIn",
    "NewAccount",
    "NewInterview",
    "SignedOff",
    "agree_not_spoken_to",
    "answer_enquiry",
    "apply_charge",
    "close_case",
    "correct",
    "done_items",
    "make_letters",
    "moment_of",
    "not_possible_items",
    "propose",
    "record_account",
    "record_credibility",
    "record_delivery",
    "record_interview",
    "sign_off",
    "sign_off_and_close",
    "sign_off_check",
    "today",
]
