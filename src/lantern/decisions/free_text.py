"""decisions' free text for the disclosure export's check (F9): registered with safeguarding in
DecisionsConfig.ready(), so safeguarding never imports decisions (it is the higher app)."""

from __future__ import annotations

from typing import Any

from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
    CredibilityAssessment,
    Decision,
    EnquiryAnswer,
    NewInformation,
    ReviewRequest,
    ReviewRight,
    SignOff,
    SuspectInterview,
    VictimAccount,
)
from lantern.safeguarding.protected.sources import FreeTextSource, register_free_text_source


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def register() -> None:
    sources = [
        FreeTextSource(
            "interview_records",
            "Interview record",
            lambda case: SuspectInterview.objects.filter(case=case),
            (("note", "note"),),
            lambda i: {"interviewed_on": _day(i.interviewed_on), "under_caution": i.under_caution},
        ),
        FreeTextSource(
            "victim_accounts",
            "Victim's account",
            lambda case: VictimAccount.objects.filter(case=case),
            (("reason_text", "why not taken"), ("agreement_note", "supervisor's agreement")),
            lambda a: {"taken": a.taken, "taken_on": _day(a.taken_on)},
        ),
        FreeTextSource(
            "enquiry_answers",
            "Line of enquiry note",
            lambda case: EnquiryAnswer.objects.filter(case=case),
            (("note", "note"),),
            lambda e: {"item": e.item, "answer": e.answer},
        ),
        FreeTextSource(
            "credibility",
            "Credibility assessment",
            lambda case: CredibilityAssessment.objects.filter(case=case),
            (("how_considered", "how trauma was considered"),),
        ),
        FreeTextSource(
            "decisions",
            "Decision",
            lambda case: Decision.objects.filter(case=case),
            (
                ("reasons", "reasons"),
                ("what_was_done", "what was done"),
                ("reopen_if", "what would reopen it"),
                ("reasons_translated", "reasons (translated)"),
                ("what_was_done_translated", "what was done (translated)"),
                ("reopen_if_translated", "what would reopen it (translated)"),
                ("correction_reason", "correction reason"),
            ),
        ),
        FreeTextSource(
            "sign_offs", "Sign-off", lambda case: SignOff.objects.filter(decision__case=case), (("note", "note"),)
        ),
        FreeTextSource(
            "review_rights",
            "Right to review",
            lambda case: ReviewRight.objects.filter(decision__case=case),
            (("reasons", "reasons"),),
        ),
        FreeTextSource(
            "review_requests",
            "Review request",
            lambda case: ReviewRequest.objects.filter(decision__case=case),
            (("grounds", "grounds"), ("late_reason", "why accepted late"), ("result_reasons", "result reasons")),
        ),
        FreeTextSource(
            "new_information",
            "New information",
            lambda case: NewInformation.objects.filter(case=case),
            (("summary", "summary"), ("outcome_reasons", "outcome reasons")),
        ),
        FreeTextSource(
            "cps_submissions",
            "CPS submission",
            lambda case: CpsSubmission.objects.filter(case=case),
            (("summary", "summary"), ("decision_note", "CPS decision note")),
            lambda s: {"kind": s.get_kind_display(), "submitted_on": _day(s.submitted_on)},
        ),
        FreeTextSource(
            "court_hearings",
            "Court hearing",
            lambda case: CourtHearing.objects.filter(case=case),
            (("result", "result"),),
        ),
    ]
    for source in sources:
        register_free_text_source(source)
