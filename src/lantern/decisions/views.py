"""Decisions pages: a case's decisions with what is still missing before it can close, the
evidence (enquiry checklist, interviews, the victim's account, credibility), proposing, sign-off,
letters, closing, a decision's full history on one page, written reasons and reviews asked for,
new information, reopening, the CPS and court, and the force's work list.

Views are thin: cases come through lantern.cases.access, reads through queries, changes through
services; a service's refusal is shown on the form field it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.access import case_header, get_case_for
from lantern.cases.models import Case, Offence
from lantern.cases.page import case_context
from lantern.core import audit
from lantern.core.access import get_for
from lantern.core.models import Organisation, User
from lantern.core.roles import Capability, Scope, roles_with, scope_of
from lantern.core.web import INVALID, attempt, current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import cps, facts, forms, queries, review_rules, reviews, services
from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
    Decision,
    DecisionLetter,
    NewInformation,
    ReviewRequest,
    ReviewRight,
    VictimAccount,
    WrittenReasonsRequest,
)
from lantern.people.models import Person
from lantern.victims_code.forms import now_hhmm
from lantern.victims_code.working_days import london_day

TAB = "decisions"


def _page(request: HttpRequest, user: User, case: Case, template: str, status: int = 200, **extra: Any) -> HttpResponse:
    context = case_context(user, case, TAB, record=status == 200 and request.method == "GET")
    context.update(extra)
    return render(request, f"decisions/{template}", context, status=status)


def _case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user = current_user(request)
    return user, get_case_for(user, pk)


def _readable_case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user, case = _case(request, pk)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    return user, case


def _decision(request: HttpRequest, pk: int) -> tuple[User, Decision]:
    user = current_user(request)
    decision = get_for(user, Decision, pk, queryset=lambda rows: rows.select_related(*case_header()))
    return user, decision


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("decisions:case", args=[case.pk]))


def _to(decision: Decision) -> HttpResponse:
    return redirect(reverse("decisions:detail", args=[decision.pk]))


_attempt = attempt


# --- A case's decisions ---------------------------------------------------------------------------------


@page_view
def case(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _case(request, pk)
    if scope_of(user) is Scope.CONSENTING_CLIENTS:
        return _advocate_case(request, user, case_obj)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    today = london_day(timezone.now())
    overview = queries.case_decisions(case_obj, today)
    rights = queries.review_rights(overview.in_effect) if overview.in_effect else []
    return _page(
        request,
        user,
        case_obj,
        "case.html",
        o=overview,
        rights=rights,
        items=[(item, overview.answers.get(item.code)) for item in services.rules.ENQUIRY_ITEMS],
        can_record=dec_access.can_record_evidence(user, case_obj),
        can_decide=dec_access.can_decide(user, case_obj),
        can_sign_off=dec_access.can_sign_off(user, case_obj),
        closed=case_obj.status == "closed",
        checklist_missing=sum(1 for key in overview.gate.keys if key.startswith("enquiry:")),
        today=today,
    )


def _advocate_case(request: HttpRequest, user: User, case_obj: Case) -> HttpResponse:
    """What an advocate sees: the decision in effect for their client, whether and when the client
    was told, until when they can ask for a review, and where to ask."""
    decision = facts.decision_in_effect(case_obj)
    clients = [v for v in facts.victims_of(case_obj) if dec_access.advocate_for(user, v.pk)]
    rows = (
        [r for r in queries.review_rights(decision) if r.right.victim_id in {c.pk for c in clients}] if decision else []
    )
    return _page(request, user, case_obj, "advocate_case.html", decision=decision, rows=rows, clients=clients)


@page_view
@require_http_methods(["GET", "POST"])
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case answer this.")
    current = facts.current_answers(case_obj)
    form = forms.ChecklistForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        saved = 0
        for item, answer, note in form.changed_items(current):
            try:
                services.answer_enquiry(user, case_obj, item, answer, note)
                saved += 1
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = (
                        f"{item}_{'note' if field == 'note' else 'answer'}" if field in ("note", "answer") else None
                    )
                    for message in errors:
                        form.add_error(target, message)
        if not form.errors:
            messages.success(request, f"{saved} answer{'s' if saved != 1 else ''} saved.")
            return _back(case_obj)
    status = INVALID if form.errors else 200
    return _page(
        request,
        user,
        case_obj,
        "checklist.html",
        status,
        form=form,
        interviews=facts.interviews_under_caution(case_obj).count(),
        early_advice=facts.early_advice_sought(case_obj),
    )


def _simple_form(
    request: HttpRequest,
    user: User,
    case_obj: Case,
    form: forms.GovukForm,
    template: str,
    action: Callable[[], Any],
    success: str,
    done: Callable[[Any], HttpResponse] | None = None,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        result = _attempt(form, action)
        if result is not None:
            messages.success(request, success)
            return done(result) if done else _back(case_obj)
    status = INVALID if form.errors else 200
    return _page(request, user, case_obj, template, status, form=form, **extra)


@page_view
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record interviews.")
    suspects = facts.suspects_of(case_obj)
    form = forms.InterviewForm(request.POST or None, suspects=suspects)

    def action() -> Any:
        d = form.cleaned_data
        suspect = next(s for s in suspects if str(s.pk) == d["suspect"])
        data = services.NewInterview(
            suspect, d["interviewed_on"], forms.yes(d["under_caution"]), d["circumstances"], d["note"]
        )
        return services.record_interview(user, case_obj, data)

    return _simple_form(
        request, user, case_obj, form, "interview.html", action, "Interview recorded.", suspects=suspects
    )


def _victim(case_obj: Case, victim_pk: int) -> Person:
    for victim in facts.victims_of(case_obj):
        if victim.pk == victim_pk:
            return victim
    raise Http404("No such victim in this case")


@page_view
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, pk: int, victim_pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record this.")
    victim = _victim(case_obj, victim_pk)
    form = forms.AccountForm(request.POST or None)

    def action() -> Any:
        d = form.cleaned_data
        data = services.NewAccount(
            victim,
            forms.yes(d["taken"]),
            d["taken_on"],
            d["method"],
            d["interpreter_language"],
            d["reason"],
            d["reason_text"],
        )
        return services.record_account(user, case_obj, data)

    return _simple_form(request, user, case_obj, form, "account.html", action, "Recorded.", victim=victim)


@page_view
@require_http_methods(["GET", "POST"])
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    row = get_for(
        user, VictimAccount, pk, queryset=lambda rows: rows.select_related("victim", "recorded_by", *case_header())
    )
    case_obj = row.case
    require(dec_access.can_sign_off(user, case_obj), "A supervisor of the force holding the case agrees this.")
    form = forms.AgreementForm(request.POST or None)
    row.case = case_obj
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "agree.html",
        lambda: services.agree_not_spoken_to(user, row, form.cleaned_data["note"]),
        "Agreement recorded.",
        account=row,
    )


@page_view
@require_http_methods(["GET", "POST"])
def credibility(request: HttpRequest, pk: int, victim_pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record this.")
    victim = _victim(case_obj, victim_pk)
    form = forms.CredibilityForm(request.POST or None)

    def action() -> Any:
        d = form.cleaned_data
        return services.record_credibility(
            user, case_obj, victim, forms.yes(d["a_factor"]), list(d["trauma_factors"]), d["how_considered"]
        )

    return _simple_form(request, user, case_obj, form, "credibility.html", action, "Recorded.", victim=victim)


# --- Proposing and the decision's page ------------------------------------------------------------------


def _decision_data(form: forms.DecisionForm) -> services.DecisionIn:
    d = form.cleaned_data
    return services.DecisionIn(
        kind=d["kind"],
        lines=form.lines(),
        decided_on=d["decided_on"],
        reasons=d["reasons"],
        what_was_done=d["what_was_done"],
        reopen_if=d["reopen_if"],
        investigated=d["investigated"] != "no",
        decided_by_cps=d["decided_by_cps"] == "yes",
        translation_language=d["translation_language"],
        reasons_translated=d["reasons_translated"],
        what_was_done_translated=d["what_was_done_translated"],
        reopen_if_translated=d["reopen_if_translated"],
        translated_by=d["translated_by"],
    )


@page_view
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_decide(user, case_obj), "The officer in charge, a supervisor or the SPOC decides.")
    offences = list(Offence.objects.filter(case=case_obj).order_by("id"))
    form = forms.DecisionForm(
        request.POST or None,
        offences=offences,
        suspects=facts.suspects_of(case_obj),
        initial={"kind": "close", "decided_on": london_day(timezone.now())},
    )
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "propose.html",
        lambda: services.propose(user, case_obj, _decision_data(form)),
        "Decision proposed. A supervisor who is not the officer in charge must sign it off.",
        done=_to,
        correcting=None,
    )


@page_view
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    user, decision = _decision(request, pk)
    case_obj = decision.case
    require(dec_access.can_decide(user, case_obj), "The officer in charge, a supervisor or the SPOC corrects it.")
    offences = list(Offence.objects.filter(case=case_obj).order_by("id"))
    lines = list(decision.lines.all())
    initial: dict[str, Any] = {
        "kind": decision.kind,
        "decided_on": decision.decided_on,
        "reasons": decision.reasons,
        "what_was_done": decision.what_was_done,
        "reopen_if": decision.reopen_if,
        "decided_by_cps": "yes" if decision.decided_by_cps else "no",
        "investigated": "yes" if decision.investigated else "no",
    }
    for i, line in enumerate(lines):
        initial.update(
            {
                f"line_{i}_code": line.code.code,
                f"line_{i}_offence": str(line.offence_id or ""),
                f"line_{i}_suspect": str(line.suspect_id or ""),
            }
        )
    form = forms.DecisionForm(
        request.POST or None, offences=offences, suspects=facts.suspects_of(case_obj), correcting=True, initial=initial
    )
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "propose.html",
        lambda: services.correct(user, decision, _decision_data(form), form.cleaned_data["correction_reason"]),
        "Correction proposed: it needs the sign-off again.",
        done=_to,
        correcting=decision,
    )


@page_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision's full history on one page, from the checklist to the victim receiving the letter."""
    user, decision = _decision(request, pk)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    case_obj = decision.case
    today = london_day(timezone.now())
    gate = (
        services.rules.closure_gate(facts.gate_facts(case_obj, decision), today) if decision.kind == "close" else None
    )
    letters = list(
        decision.letters.select_related("letter", "victim", "update__message").prefetch_related("victim__names")
    )
    return _page(
        request,
        user,
        case_obj,
        "detail.html",
        decision=decision,
        lines=list(decision.lines.select_related("code", "offence").prefetch_related("suspect__names")),
        history=queries.history(decision),
        gate=gate,
        letters=letters,
        rights=queries.review_rights(decision),
        written=list(WrittenReasonsRequest.objects.filter(decision=decision).select_related("duty", "sent")),
        can_decide=dec_access.can_decide(user, case_obj),
        can_sign_off=dec_access.can_sign_off(user, case_obj)
        and user.pk not in (case_obj.officer_in_charge_id, decision.decided_by_id),
        can_request=dec_access.is_case_police(user, case_obj),
        sign_form=forms.SignOffForm(),
        letters_missing=bool(gate and gate.at_stage("letter")),
        can_correct=decision.state in (Decision.State.PROPOSED, Decision.State.SIGNED_OFF)
        or (decision.state == Decision.State.APPLIED and decision.kind == Decision.Kind.CLOSE),
        today=today,
    )


@page_view
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user, decision = _decision(request, pk)
    case_obj = decision.case
    require(dec_access.can_sign_off(user, case_obj), "A supervisor of the force holding the case signs off.")
    form = forms.SignOffForm(request.POST or None)
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "sign_off.html",
        lambda: services.sign_off(
            user, decision, agreed=forms.yes(form.cleaned_data["agreed"]), note=form.cleaned_data["note"]
        ),
        "Recorded.",
        done=lambda _r: _to(decision),
        decision=decision,
        gate=services.rules.closure_gate(facts.gate_facts(case_obj, decision), london_day(timezone.now())),
    )


def _post_action(request: HttpRequest, pk: int, action: Callable[[User, Decision], Any], success: str) -> HttpResponse:
    user, decision = _decision(request, pk)
    try:
        action(user, decision)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return _to(decision)


@page_view
@require_POST
def make_letters(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.make_letters, "Letters made. Check them, then close the case.")


@page_view
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        services.close_case,
        "Case closed. Deliver each letter, then record how it reached the victim: that meets the duty to tell them.",
    )


@page_view
@require_POST
def apply_charge(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.apply_charge, "Charge recorded. The victims are owed word of it.")


# --- Letters ----------------------------------------------------------------------------------------------


def _letter(request: HttpRequest, pk: int) -> tuple[User, DecisionLetter]:
    user = current_user(request)
    row = get_for(
        user,
        DecisionLetter,
        pk,
        queryset=lambda rows: rows.select_related(
            "letter", "update", "review_request", *case_header("decision__case")
        ),
    )
    require(dec_access.can_see_decisions(user), "Letters are for police and the CPS.")
    return user, row


@page_view
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _letter(request, pk)
    audit.record(user, audit.Action.CONSULTATION, row.letter, detail="decision letter viewed")
    response = HttpResponse(bytes(row.letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{row.kind}-{row.pk}.pdf"'
    return response


@page_view
@require_http_methods(["GET", "POST"])
def delivered(request: HttpRequest, pk: int) -> HttpResponse:
    user, row = _letter(request, pk)
    case_obj = row.decision.case
    reviewer_id = row.review_request.reviewer_id if row.review_request is not None else None
    require(dec_access.can_decide(user, case_obj) or user.pk == reviewer_id, "Only those who sent it record this.")
    form = forms.DeliveryForm(
        request.POST or None, initial={"delivered_on": london_day(timezone.now()), "delivered_time": now_hhmm()}
    )
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "delivered.html",
        lambda: services.record_delivery(
            user, row, form.cleaned_data["method"], form.moment(), form.cleaned_data["note"]
        ),
        "Delivery recorded: the duty to tell the victim is met.",
        done=lambda _r: _to(row.decision),
        letter=row,
    )


# --- After the decision -----------------------------------------------------------------------------------


def _request_page(request: HttpRequest, pk: int, *, review: bool) -> HttpResponse:
    user, decision = _decision(request, pk)
    case_obj = decision.case
    victims = [v for v in facts.victims_of(case_obj) if dec_access.can_make_request(user, case_obj, v.pk)]
    require(bool(victims), "Police of the force, or the victim's advocate with their consent, record a request.")
    form = forms.RequestForm(
        request.POST or None, victims=victims, review=review, initial={"received_on": london_day(timezone.now())}
    )

    def action() -> Any:
        d = form.cleaned_data
        victim = next(v for v in victims if str(v.pk) == d["victim"])
        if review:
            return reviews.request_review(
                user,
                decision,
                reviews.NewReviewRequest(victim, d["received_on"], d["requester"], d["note"], d.get("late_reason", "")),
            )
        return reviews.request_written_reasons(
            user, decision, victim, received_on=d["received_on"], requester=d["requester"], note=d["note"]
        )

    done = (lambda _r: _back(case_obj)) if scope_of(user) is Scope.CONSENTING_CLIENTS else (lambda _r: _to(decision))
    what = (
        "Request for a review recorded. It is owed an acknowledgement within 10 working days."
        if review
        else ("Request for written reasons recorded: it is a duty with a deadline.")
    )
    return _simple_form(
        request, user, case_obj, form, "request.html", action, what, done=done, decision=decision, review=review
    )


@page_view
@require_http_methods(["GET", "POST"])
def written_reasons(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, pk, review=False)


@page_view
@require_http_methods(["GET", "POST"])
def review_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, pk, review=True)


@page_view
@require_POST
def send_written_reasons(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    row = get_for(
        user,
        WrittenReasonsRequest,
        pk,
        queryset=lambda rows: rows.select_related(
            "duty", *case_header("decision__case")
        ),
    )
    try:
        reviews.send_written_reasons(user, row)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The letter is queued: record its delivery to meet the duty.")
    return _to(row.decision)


def _reviewers(case_obj: Case, request_row: ReviewRequest) -> list[User]:
    """Officers who could review: police of the force, above the decision makers, not involved."""
    involved = reviews.involved_in(case_obj, request_row.recorded_at)
    makers = reviews.decision_makers(request_row.decision)
    return [
        u
        for u in User.objects.filter(
            force_id=case_obj.force_id, is_active=True, role__in=roles_with(Capability.POLICES_FORCE_CASES)
        ).exclude(rank="")
        if not review_rules.reviewer_problems(
            services.rules.Officer(u.pk, u.role, u.force_id, u.rank, u.is_active), case_obj.force_id, makers, involved
        )
    ]


@page_view
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    row = get_for(
        user,
        ReviewRequest,
        pk,
        queryset=lambda rows: rows.select_related(
            "reviewer", "acknowledged", "acknowledge_duty", "result_duty", "victim", *case_header("decision__case")
        ),
    )
    case_obj = row.decision.case
    require(dec_access.can_see_decisions(user), "Reviews are for police and the CPS.")
    step = request.POST.get("step", "")
    ack = forms.AcknowledgeForm(
        request.POST if step == "ack" else None, initial={"given_on": london_day(timezone.now())}
    )
    is_supervisor = dec_access.can_sign_off(user, case_obj)
    assign = forms.ReviewerForm(
        request.POST if step == "assign" else None, officers=_reviewers(case_obj, row) if is_supervisor else []
    )
    result = forms.ResultForm(request.POST if step == "result" else None)
    if request.method == "POST":
        form, action = {
            "ack": (
                ack,
                lambda: reviews.acknowledge_review(
                    user, row, ack.moment(), ack.cleaned_data["channel"], ack.cleaned_data["summary"]
                ),
            ),
            "assign": (
                assign,
                lambda: reviews.assign_reviewer(user, row, User.objects.get(pk=int(assign.cleaned_data["reviewer"]))),
            ),
            "result": (
                result,
                lambda: reviews.record_review_result(
                    user,
                    row,
                    result=result.cleaned_data["result"],
                    reasons=result.cleaned_data["reasons"],
                    translation=result.cleaned_data["translation"],
                ),
            ),
        }.get(step, (None, None))
        if form is None or action is None:
            raise Http404("Unknown step")
        if form.is_valid() and _attempt(form, action) is not None:
            messages.success(request, "Recorded.")
            return redirect(reverse("decisions:review", args=[row.pk]))
    status = INVALID if any(f.errors for f in (ack, assign, result)) else 200
    return _page(
        request,
        user,
        case_obj,
        "review.html",
        status,
        row=row,
        ack=ack,
        assign=assign,
        result=result,
        holds_case=case_obj.officer_in_charge_id == user.pk,
        is_supervisor=is_supervisor,
        is_reviewer=row.reviewer_id == user.pk,
        today=london_day(timezone.now()),
        right=ReviewRight.objects.filter(decision=row.decision, victim=row.victim).first(),
    )


@page_view
@require_http_methods(["GET", "POST"])
def new_information(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.is_case_police(user, case_obj), "Police of the force holding the case record this.")
    officers = list(
        User.objects.filter(
            force_id=case_obj.force_id, is_active=True, role__in=roles_with(Capability.POLICES_FORCE_CASES)
        ).order_by("last_name")
    )
    form = forms.NewInformationForm(
        request.POST or None, officers=officers, initial={"received_on": london_day(timezone.now())}
    )

    def action() -> Any:
        d = form.cleaned_data
        officer = next((o for o in officers if str(o.pk) == d["review_officer"]), None)
        return reviews.record_new_information(
            user, case_obj, kind=d["kind"], received_on=d["received_on"], summary=d["summary"], review_officer=officer
        )

    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "new_information.html",
        action,
        "New information recorded: the officer named must review it by the date shown.",
    )


@page_view
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    related = ("review_officer", "reviewed_by", *case_header())
    row = get_for(user, NewInformation, pk, queryset=lambda rows: rows.select_related(*related))
    case_obj = row.case
    require(dec_access.can_see_decisions(user), "Review tasks are for police.")
    form = forms.TaskForm(request.POST or None)
    can_complete = user.pk == row.review_officer_id or dec_access.can_sign_off(user, case_obj)
    if request.method == "POST":
        require(can_complete, "The officer named, or a supervisor of the force, reviews it.")
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "task.html",
        lambda: reviews.complete_review_task(
            user, row, reopen_case=forms.yes(form.cleaned_data["reopen"]), reasons=form.cleaned_data["reasons"]
        ),
        "Review recorded.",
        task=row,
        can_complete=can_complete,
        today=london_day(timezone.now()),
    )


@page_view
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_decide(user, case_obj), "The officer in charge, a supervisor or the SPOC reopens a case.")
    form = forms.ReopenForm(request.POST or None)
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "reopen.html",
        lambda: reviews.reopen(user, case_obj, form.cleaned_data["reason"]),
        "Case reopened. The contact plans start again and each victim is owed word of it.",
    )


# --- The CPS and court ---------------------------------------------------------------------------------------


@page_view
@require_http_methods(["GET", "POST"])
def cps_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case refer it.")
    organisations = list(Organisation.objects.filter(kind=Organisation.Kind.CPS))
    form = forms.SubmissionForm(
        request.POST or None, organisations=organisations, initial={"submitted_on": london_day(timezone.now())}
    )

    def action() -> Any:
        d = form.cleaned_data
        org = next((o for o in organisations if str(o.pk) == d["organisation"]), None)
        return cps.submit_to_cps(user, case_obj, cps.NewSubmission(d["kind"], org, d["submitted_on"], d["summary"]))

    return _simple_form(request, user, case_obj, form, "cps_new.html", action, "Sent to the CPS.")


@page_view
@require_http_methods(["GET", "POST"])
def cps_decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    row = get_for(user, CpsSubmission, pk, queryset=lambda rows: rows.select_related("organisation", *case_header()))
    case_obj = row.case
    require(dec_access.can_record_cps_decision(user, case_obj, row.organisation_id), "The CPS or police record this.")
    form = forms.CpsDecisionForm(request.POST or None, initial={"decided_on": london_day(timezone.now())})
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "cps_decision.html",
        lambda: cps.record_cps_decision(
            user,
            row,
            decision=form.cleaned_data["decision"],
            decided_on=form.cleaned_data["decided_on"],
            note=form.cleaned_data["note"],
            reference=form.cleaned_data["reference"],
        ),
        "The CPS's decision is recorded.",
        submission=row,
    )


@page_view
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case_obj = _readable_case(request, pk)
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record court dates.")
    suspects = facts.suspects_of(case_obj)
    form = forms.HearingForm(request.POST or None, suspects=suspects)

    def action() -> Any:
        d = form.cleaned_data
        defendant = next(s for s in suspects if str(s.pk) == d["defendant"])
        return cps.record_hearing(user, case_obj, cps.NewHearing(defendant, d["kind"], form.moment(), d["court"]))

    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "hearing_new.html",
        action,
        "Hearing recorded: each victim is owed its date, time and place.",
    )


@page_view
@require_http_methods(["GET", "POST"])
def hearing_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    hearing = get_for(user, CourtHearing, pk, queryset=lambda rows: rows.select_related(*case_header()))
    case_obj = hearing.case
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case record results.")
    form = forms.HearingResultForm(request.POST or None, initial={"result_on": london_day(timezone.now())})
    return _simple_form(
        request,
        user,
        case_obj,
        form,
        "hearing_result.html",
        lambda: cps.record_hearing_result(user, hearing, form.cleaned_data["result"], form.cleaned_data["result_on"]),
        "Result recorded: each victim is owed it.",
        hearing=hearing,
    )


# --- The work list ---------------------------------------------------------------------------------------------


@page_view
def work(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(dec_access.can_see_decisions(user), "Decisions are for police and the CPS.")
    today = london_day(timezone.now())
    items = queries.work_list(user, today)
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="decisions.work",
        object_id="",
        detail=("cases " + ",".join(str(i.case.pk) for i in items))[:255] if items else "no cases",
    )
    return render(request, "decisions/work.html", {"items": items, "today": today})
