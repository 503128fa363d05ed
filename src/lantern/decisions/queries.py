"""What the decisions pages and API show, read in a few queries each: a case's decisions with its
closure gate, a decision's full history (from the enquiry checklist to the victim receiving the
letter), and a force's work list (sign-offs waiting, review tasks, review requests, written
reasons asked for), overdue first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from lantern.cases.access import case_condition
from lantern.cases.models import Case, CpsReferral
from lantern.core.glossary import Term
from lantern.core.models import User
from lantern.core.templatetags.lantern import language_name
from lantern.decisions import facts, review_rules, reviews, rules
from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
    CredibilityAssessment,
    Decision,
    DecisionLetter,
    EnquiryAnswer,
    NewInformation,
    OutcomeCode,
    ReviewRequest,
    ReviewRight,
    SuspectInterview,
    VictimAccount,
    WrittenReasonsRequest,
)
from lantern.notify.models import LetterDelivery
from lantern.people.models import Person
from lantern.victims_code.models import Duty
from lantern.victims_code.working_days import LONDON


def decisions_of(case: Case) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(case=case)
        .select_related("decided_by", "proposed_by", "corrects", "reopens")
        .prefetch_related("lines__code", "lines__offence", "lines__suspect__names")
        .order_by("-proposed_at", "-id")
    )


@dataclass(frozen=True)
class RightRow:
    right: ReviewRight
    victim_name: str
    told_on: dt.date | None
    window_closes_on: dt.date | None
    request: ReviewRequest | None


def review_rights(decision: Decision) -> list[RightRow]:
    requests = {r.victim_id: r for r in ReviewRequest.objects.filter(decision=decision).select_related("reviewer")}
    rows = []
    for right in ReviewRight.objects.filter(decision=decision).select_related("victim", "duty"):
        told = reviews.told_on(right)
        rows.append(
            RightRow(
                right,
                right.victim.display_name,
                told,
                review_rules.review_window_closes_on(told) if told and right.eligible else None,
                requests.get(right.victim_id),
            )
        )
    return rows


@dataclass
class CaseDecisions:
    gate: rules.Gate
    open_decision: Decision | None
    in_effect: Decision | None
    decisions: list[Decision]
    submissions: list[CpsSubmission]
    hearings: list[CourtHearing]
    tasks: list[NewInformation]
    answers: dict[str, EnquiryAnswer]
    accounts: dict[int, VictimAccount]
    credibility: dict[int, CredibilityAssessment]
    interviews: list[SuspectInterview]
    victims: list[Person] = field(default_factory=list)
    suspects: list[Person] = field(default_factory=list)
    referrals: list[CpsReferral] = field(default_factory=list)  # CPS referrals recorded without a submission here


def case_decisions(case: Case, today: dt.date) -> CaseDecisions:
    open_decision = facts.open_decision(case)
    return CaseDecisions(
        gate=rules.closure_gate(facts.gate_facts(case, open_decision), today),
        open_decision=open_decision,
        in_effect=facts.decision_in_effect(case),
        decisions=list(decisions_of(case)),
        submissions=list(CpsSubmission.objects.filter(case=case).select_related("organisation")),
        hearings=list(CourtHearing.objects.filter(case=case).prefetch_related("defendant__names")),
        tasks=list(NewInformation.objects.filter(case=case).select_related("review_officer").order_by("-recorded_at")),
        answers=facts.current_answers(case),
        accounts=facts.current_accounts(case),
        credibility=facts.current_credibility(case),
        interviews=list(
            SuspectInterview.objects.filter(case=case).prefetch_related("suspect__names").select_related("recorded_by")
        ),
        victims=facts.victims_of(case),
        suspects=facts.suspects_of(case),
        referrals=list(CpsReferral.objects.filter(case=case, submission__isnull=True).select_related("organisation")),
    )


# --- A decision's full history ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    title: str
    detail: str = ""
    who: str = ""
    letter: DecisionLetter | None = None
    superseded: bool = False
    # For ordering: a time typed to the minute, or known only by its day, is never put before
    # what it follows (a delivery before the letter was made, a request before the closure).
    not_before: dt.datetime | None = None

    @property
    def order(self) -> dt.datetime:
        return max(self.at, self.not_before) if self.not_before else self.at


def _day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)


def _name(user: User | None) -> str:
    return user.display_name if user is not None else "Lantern"


def history(decision: Decision) -> list[Entry]:  # noqa: C901 - a flat merge of about a dozen record kinds into one timeline; to split (issue 8 item 5)
    """Everything the decision rests on and everything that followed it, oldest first: the
    checklist (earlier answers too), interviews, the victim's account and any agreement, the
    credibility reasoning, the proposal, sign-off, letters made and delivered, the review rights,
    written reasons and reviews asked for, corrections and reopening."""
    case = decision.case
    until = decision.applied_at or decision.proposed_at
    entries: list[Entry] = []
    for answer in EnquiryAnswer.objects.filter(case=case, answered_at__lte=until).select_related("answered_by"):
        question = rules.ENQUIRY_BY_CODE[answer.item].question
        entries.append(
            Entry(
                answer.answered_at,
                f"{question} {rules.ANSWERS[answer.answer]}",
                answer.note,
                _name(answer.answered_by),
                superseded=answer.superseded_at is not None and answer.superseded_at <= until,
            )
        )
    for interview in (
        SuspectInterview.objects.filter(case=case).select_related("recorded_by").prefetch_related("suspect__names")
    ):
        caution = "under caution" if interview.under_caution else "not under caution"
        entries.append(
            Entry(
                _day(interview.interviewed_on),
                f"{interview.suspect.display_name} interviewed {caution} ({interview.get_circumstances_display()})",
                interview.note,
                _name(interview.recorded_by),
            )
        )
    for account in (
        VictimAccount.objects.filter(case=case, recorded_at__lte=until)
        .select_related("recorded_by", "agreed_by", "victim")
        .prefetch_related("victim__names")
    ):
        name = account.victim.display_name
        if account.taken:
            title = f"{name}'s account taken ({account.get_method_display()})"
            detail = f"On {account.taken_on:%-d %B %Y}" if account.taken_on else ""
        else:
            title = f"{name}'s account not taken: {account.get_reason_display()}"
            detail = account.reason_text
        entries.append(
            Entry(
                account.recorded_at,
                title,
                detail,
                _name(account.recorded_by),
                superseded=account.superseded_at is not None,
            )
        )
        if account.agreed_at is not None:
            entries.append(
                Entry(
                    account.agreed_at,
                    f"Supervisor agreed to go on without speaking to {name}",
                    account.agreement_note,
                    _name(account.agreed_by),
                )
            )
    for cred in (
        CredibilityAssessment.objects.filter(case=case, recorded_at__lte=until)
        .select_related("recorded_by", "victim")
        .prefetch_related("victim__names")
    ):
        name = cred.victim.display_name
        if cred.a_factor:
            title = f"{name}'s credibility was a factor; effects of trauma considered"
            detail = "; ".join(cred.factor_labels()) + (f". {cred.how_considered}" if cred.how_considered else "")
        else:
            title, detail = f"{name}'s credibility was not a factor in the decision", ""
        entries.append(
            Entry(cred.recorded_at, title, detail, _name(cred.recorded_by), superseded=cred.superseded_at is not None)
        )
    chain = [decision]
    while chain[-1].corrects is not None:
        chain.append(chain[-1].corrects)
    for earlier in chain[1:]:
        entries.append(
            Entry(
                earlier.proposed_at,
                f"Earlier decision proposed ({_codes(earlier)})",
                earlier.reasons,
                _name(earlier.proposed_by),
                superseded=True,
            )
        )
    title = f"Decision proposed: {decision.get_kind_display().lower()}, {_codes(decision)}"
    if decision.corrects is not None:
        title = f"Correction proposed ({_codes(decision)}): {decision.correction_reason}"
    entries.append(Entry(decision.proposed_at, title, decision.reasons, _name(decision.proposed_by)))
    for sign in decision.sign_offs.select_related("recorded_by"):
        entries.append(
            Entry(
                sign.recorded_at,
                "Signed off" if sign.agreed else "Returned by the supervisor",
                sign.note,
                _name(sign.recorded_by),
            )
        )
    letters = list(
        decision.letters.select_related("letter", "recorded_by", "victim", "update").prefetch_related("victim__names")
    )
    for dl in letters:
        how = (
            "English, with the interpreter note"
            if dl.letter.interpreter_note
            else language_name(dl.letter.rendered_language)
        )
        entries.append(
            Entry(
                dl.recorded_at,
                f"{dl.get_kind_display()}: letter to {dl.victim.display_name} made ({how})",
                "",
                _name(dl.recorded_by),
                letter=dl,
            )
        )
    deliveries = LetterDelivery.objects.filter(letter_id__in=[dl.letter_id for dl in letters]).select_related(
        "recorded_by"
    )
    by_letter = {dl.letter_id: dl for dl in letters}
    for delivery in deliveries:
        dl = by_letter[delivery.letter_id]
        entries.append(
            Entry(
                delivery.delivered_at,
                f"{dl.get_kind_display()}: {dl.victim.display_name} received the letter "
                f"({delivery.get_method_display().lower()})",
                delivery.note,
                _name(delivery.recorded_by),
                letter=dl,
                not_before=dl.recorded_at,
            )
        )
    if decision.applied_at is not None:
        verb = "Case closed" if decision.kind == Decision.Kind.CLOSE else "Decision put into effect"
        entries.append(Entry(decision.applied_at, verb, "", _name(decision.applied_by)))
    for row in review_rights(decision):
        if row.right.eligible:
            detail = (
                f"Told on {row.told_on:%-d %B %Y}; can ask until {row.window_closes_on:%-d %B %Y}"
                if row.told_on and row.window_closes_on
                else "Not told yet: the 3 months start when they are"
            )
            title = f"{row.victim_name} can ask for a review ({row.right.get_scheme_display()})"
        else:
            title, detail = f"No right to review for {row.victim_name}", row.right.reasons
        entries.append(Entry(row.right.recorded_at, title, detail))
    for wr in WrittenReasonsRequest.objects.filter(decision=decision).select_related("recorded_by", "duty", "sent"):
        entries.append(
            Entry(
                _day(wr.received_on),
                f"Written reasons asked for ({wr.get_requester_display().lower()})",
                wr.note,
                _name(wr.recorded_by),
                not_before=decision.applied_at,
            )
        )
        if wr.sent is not None:
            entries.append(Entry(wr.sent.recorded_at, "The letter with the written reasons sent again, as asked"))
    for rq in ReviewRequest.objects.filter(decision=decision).select_related("recorded_by", "reviewer", "acknowledged"):
        entries.append(
            Entry(
                _day(rq.received_on),
                "Review asked for",
                rq.grounds,
                _name(rq.recorded_by),
                not_before=decision.applied_at,
            )
        )
        if rq.acknowledged is not None and rq.acknowledged.given_at is not None:
            entries.append(
                Entry(rq.acknowledged.given_at, "Request for a review acknowledged", rq.acknowledged.summary)
            )
        if rq.reviewer_assigned_at is not None:
            entries.append(Entry(rq.reviewer_assigned_at, f"Reviewer assigned: {_name(rq.reviewer)}"))
        if rq.completed_at is not None:
            entries.append(
                Entry(
                    rq.completed_at, f"Review result: {rq.get_result_display()}", rq.result_reasons, _name(rq.reviewer)
                )
            )
    for later in decision.corrections.select_related("proposed_by"):
        entries.append(
            Entry(
                later.proposed_at,
                f"Corrected by a later decision: {later.correction_reason}",
                "",
                _name(later.proposed_by),
            )
        )
    for reopened in decision.reopened_by.select_related("decided_by"):
        entries.append(Entry(reopened.proposed_at, "Case reopened", reopened.reasons, _name(reopened.decided_by)))
    entries.sort(key=lambda e: e.order)
    return entries


def _codes(decision: Decision) -> str:
    codes = sorted({line.code.code for line in decision.lines.all()}, key=lambda c: (len(c), c))
    return ("outcome " + ", ".join(codes)) if codes else "no outcome"


# --- The force's work list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    case: Case
    what: str
    due_on: dt.date | None
    overdue: bool
    url_name: str
    url_args: tuple[int, ...]


def _due(duty: Duty | None) -> dt.date | None:
    return duty.due_on if duty is not None and duty.state == Duty.State.OPEN else None


def work_list(user: User, today: dt.date, limit: int = 50) -> list[WorkItem]:
    """What is waiting on decisions in the cases the user can see, overdue first: decisions waiting
    for sign-off, review tasks for new information, reviews asked for (acknowledgement and result
    due), written reasons asked for and not yet sent."""
    visible = case_condition(user, "case__")
    items: list[WorkItem] = []
    waiting = (
        Decision.objects.filter(visible, state=Decision.State.PROPOSED, kind=Decision.Kind.CLOSE)
        .select_related("case__force")
        .order_by("proposed_at")[:limit]
    )
    for d in waiting:
        items.append(
            WorkItem(d.case, "Closing decision waiting for sign-off", None, False, "decisions:detail", (d.pk,))
        )
    tasks = (
        NewInformation.objects.filter(visible, reviewed_at__isnull=True)
        .select_related("case__force", "review_officer")
        .order_by("due_on")[:limit]
    )
    for t in tasks:
        items.append(
            WorkItem(
                t.case,
                f"Review new information ({t.get_kind_display().lower()}): {t.review_officer.display_name}",
                t.due_on,
                t.due_on < today,
                "decisions:task",
                (t.pk,),
            )
        )
    through_decision = case_condition(user, "decision__case__")
    requests = (
        ReviewRequest.objects.filter(through_decision, completed_at__isnull=True)
        .select_related("decision__case__force", "acknowledge_duty", "result_duty")
        .order_by("received_on")[:limit]
    )
    for r in requests:
        ack, result = _due(r.acknowledge_duty), _due(r.result_duty)
        if ack is not None:
            items.append(
                WorkItem(
                    r.decision.case,
                    "Acknowledge the request for a review",
                    ack,
                    ack < today,
                    "decisions:review",
                    (r.pk,),
                )
            )
        items.append(
            WorkItem(
                r.decision.case,
                "Complete the review and write to the victim",
                result,
                result is not None and result < today,
                "decisions:review",
                (r.pk,),
            )
        )
    written = (
        WrittenReasonsRequest.objects.filter(through_decision, sent__isnull=True)
        .select_related("decision__case__force", "duty")
        .order_by("received_on")[:limit]
    )
    for w in written:
        due = _due(w.duty)
        items.append(
            WorkItem(
                w.decision.case,
                "Send the written reasons asked for",
                due,
                due is not None and due < today,
                "decisions:detail",
                (w.decision_id,),
            )
        )
    items.sort(key=lambda i: (not i.overdue, i.due_on or dt.date.max, i.case.pk))
    return items[:limit]


def overdue_count(user: User, today: dt.date) -> int:
    visible = case_condition(user, "case__")
    return NewInformation.objects.filter(visible, reviewed_at__isnull=True, due_on__lt=today).count()


def outcome_code_terms() -> list[Term]:
    """The Home Office outcome codes as a section of the glossary (their own table is the data)."""
    rows = OutcomeCode.objects.order_by()
    ordered = sorted(rows, key=lambda c: (int("".join(ch for ch in c.code if ch.isdigit()) or 0), c.code))
    return [Term(f"outcome-{c.code}", f"Outcome {c.code}", c.plain_english, c.label) for c in ordered]
