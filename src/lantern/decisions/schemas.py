"""Schemas of the decisions API (lantern.decisions.api): what it reads and returns."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from lantern.core.api_schemas import InputSchema
from lantern.decisions import rules, services
from lantern.decisions.models import (
    Decision,
)


class MissingOut(Schema):
    key: str
    message: str
    who: str
    stage: str


class LineOut(Schema):
    code: str
    label: str
    offence_id: int | None
    suspect_id: int | None


class DecisionOut(Schema):
    id: int
    case_id: int
    kind: str
    state: str
    decided_on: dt.date
    decided_by_id: int
    decided_by_cps: bool
    investigated: bool
    reasons: str
    what_was_done: str
    reopen_if: str
    corrects_id: int | None
    correction_reason: str
    lines: list[LineOut]

    @staticmethod
    def of(decision: Decision) -> DecisionOut:
        return DecisionOut(
            id=decision.pk,
            case_id=decision.case_id,
            kind=decision.kind,
            state=decision.state,
            decided_on=decision.decided_on,
            decided_by_id=decision.decided_by_id,
            decided_by_cps=decision.decided_by_cps,
            investigated=decision.investigated,
            reasons=decision.reasons,
            what_was_done=decision.what_was_done,
            reopen_if=decision.reopen_if,
            corrects_id=decision.corrects_id,
            correction_reason=decision.correction_reason,
            lines=[
                LineOut(code=ln.code.code, label=ln.code.label, offence_id=ln.offence_id, suspect_id=ln.suspect_id)
                for ln in decision.lines.select_related("code")
            ],
        )


class CaseDecisionsOut(Schema):
    closable: bool
    ready_for_sign_off: bool
    missing: list[MissingOut]
    decisions: list[DecisionOut]


class HistoryOut(Schema):
    at: dt.datetime
    title: str
    detail: str
    who: str
    superseded: bool


class DecisionDetailOut(DecisionOut):
    history: list[HistoryOut]


class Created(Schema):
    id: int


class AnswerIn(InputSchema):
    item: str
    answer: str
    note: str = ""


class InterviewIn(InputSchema):
    suspect_id: int
    interviewed_on: dt.date
    under_caution: bool
    circumstances: str
    note: str = ""


class AccountIn(InputSchema):
    victim_id: int
    taken: bool
    taken_on: dt.date | None = None
    method: str = ""
    interpreter_language: str = ""
    reason: str = ""
    reason_text: str = ""


class NoteIn(InputSchema):
    note: str = ""


class CredibilityIn(InputSchema):
    victim_id: int
    a_factor: bool
    trauma_factors: list[str] = []
    how_considered: str = ""


class LineIn(InputSchema):
    code: str
    offence_id: int | None = None
    suspect_id: int | None = None


class DecisionIn(InputSchema):
    kind: str = Field(description="close or charge")
    lines: list[LineIn]
    decided_on: dt.date
    reasons: str
    what_was_done: str = ""
    reopen_if: str = ""
    investigated: bool = True
    decided_by_cps: bool = False
    translation_language: str = ""
    reasons_translated: str = ""
    what_was_done_translated: str = ""
    reopen_if_translated: str = ""
    translated_by: str = ""

    def data(self) -> services.DecisionIn:
        return services.DecisionIn(
            kind=self.kind,
            lines=tuple(rules.LineIn(ln.code, ln.offence_id, ln.suspect_id) for ln in self.lines),
            decided_on=self.decided_on,
            reasons=self.reasons,
            what_was_done=self.what_was_done,
            reopen_if=self.reopen_if,
            investigated=self.investigated,
            decided_by_cps=self.decided_by_cps,
            translation_language=self.translation_language,
            reasons_translated=self.reasons_translated,
            what_was_done_translated=self.what_was_done_translated,
            reopen_if_translated=self.reopen_if_translated,
            translated_by=self.translated_by,
        )


class CorrectionIn(DecisionIn):
    correction_reason: str


class SignOffIn(InputSchema):
    agreed: bool
    note: str = ""


class DeliveryIn(InputSchema):
    method: str
    delivered_at: dt.datetime
    note: str = ""


class RequestIn(InputSchema):
    victim_id: int
    received_on: dt.date
    requester: str = "victim"
    note: str = ""
    late_reason: str = ""


class AcknowledgeIn(InputSchema):
    given_at: dt.datetime
    channel: str
    summary: str = ""


class ReviewerIn(InputSchema):
    reviewer_id: int


class ResultIn(InputSchema):
    result: str
    reasons: str
    translation: str = ""


class NewInformationIn(InputSchema):
    kind: str
    received_on: dt.date
    summary: str
    review_officer_id: int | None = None


class TaskResultIn(InputSchema):
    reopen: bool
    reasons: str


class ReasonIn(InputSchema):
    reason: str


class SubmissionIn(InputSchema):
    kind: str
    organisation_id: int
    submitted_on: dt.date
    summary: str


class CpsDecisionIn(InputSchema):
    decision: str
    decided_on: dt.date
    note: str
    cps_reference: str = ""


class HearingIn(InputSchema):
    defendant_id: int
    kind: str
    hearing_at: dt.datetime
    court: str


class WorkOut(Schema):
    case_id: int
    case_reference: str
    what: str
    due_on: dt.date | None
    overdue: bool
