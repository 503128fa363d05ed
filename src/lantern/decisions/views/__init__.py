"""Decisions pages, by section: a case's decisions with what is still missing before it can close
and its evidence (overview), proposing, sign-off, closing and charging (proposal), letters,
written reasons and reviews, new information and reopening, the CPS and court, and the force's
work list.

Views are thin: cases come through lantern.cases.access, reads through queries, changes through
services; a service's refusal is shown on the form field it names. The names below are the ones
urls.py routes to."""

from lantern.decisions.views.court import cps_decision, cps_new, hearing_new, hearing_result
from lantern.decisions.views.letters import delivered, letter_pdf
from lantern.decisions.views.overview import account, agree, case, checklist, credibility, interview
from lantern.decisions.views.proposal import apply_charge, close, correct, detail, make_letters, propose, sign_off
from lantern.decisions.views.reopening import new_information, reopen, task
from lantern.decisions.views.reviews import review, review_request, send_written_reasons, written_reasons
from lantern.decisions.views.work import work

__all__ = [
    "account",
    "agree",
    "apply_charge",
    "case",
    "checklist",
    "close",
    "correct",
    "cps_decision",
    "cps_new",
    "credibility",
    "delivered",
    "detail",
    "hearing_new",
    "hearing_result",
    "interview",
    "letter_pdf",
    "make_letters",
    "new_information",
    "propose",
    "reopen",
    "review",
    "review_request",
    "send_written_reasons",
    "sign_off",
    "task",
    "work",
    "written_reasons",
]
