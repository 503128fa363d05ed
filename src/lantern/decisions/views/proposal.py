"""Proposing and correcting a decision, its history page, sign-off, and the post actions that
follow it (letters, closing the case, applying a charge)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.models import Offence
from lantern.core.web import INVALID, attempt, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import checklist, facts, forms, queries, rules, services
from lantern.decisions.models import (
    Decision,
    WrittenReasonsRequest,
)
from lantern.decisions.views._common import (
    _decision,
    _decision_data,
    _page,
    _post_action,
    _readable_case,
    _simple_form,
    _to,
)
from lantern.victims_code.working_days import london_day


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
    gate = rules.closure_gate(facts.gate_facts(case_obj, decision), today) if decision.kind == "close" else None
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
        letters_missing=bool(gate and gate.at_stage("letter")),
        can_correct=decision.state in (Decision.State.PROPOSED, Decision.State.SIGNED_OFF)
        or (decision.state == Decision.State.APPLIED and decision.kind == Decision.Kind.CLOSE),
        today=today,
    )


@page_view
@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The closure gate as a checklist, then the question. Police of the force see every item with
    its state, what is still missing and, apart from it, why they may not sign off; the question
    ("Sign off and close" or "Return to the officer with reasons") is asked only of a supervisor who
    may answer it, once nothing but the sign-off and the letters is missing."""
    user, decision = _decision(request, pk)
    case_obj = decision.case
    require(dec_access.can_record_evidence(user, case_obj), "Police of the force holding the case see the sign-off.")
    gate_facts = facts.gate_facts(case_obj, decision)
    closing = decision.kind == Decision.Kind.CLOSE
    gate = rules.closure_gate(gate_facts, london_day(timezone.now())) if closing else None
    check = services.sign_off_check(user, decision, gate)
    form = forms.SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreed, note = forms.yes(form.cleaned_data["agreed"]), form.cleaned_data["note"]
        if agreed and closing:
            result = attempt(form, lambda: services.sign_off_and_close(user, decision, note))
            if result is not None:
                _said_closed(request, result)
                return _to(decision)
        elif attempt(form, lambda: services.sign_off(user, decision, agreed=agreed, note=note)) is not None:
            messages.success(
                request, "Signed off." if agreed else "Returned to the officer in charge with your reasons."
            )
            return _to(decision)
    status = INVALID if form.errors else 200
    return _page(
        request,
        user,
        case_obj,
        "sign_off.html",
        status,
        form=form,
        decision=decision,
        gate=gate,
        check=check,
        tasks=checklist.tasks(gate_facts, gate) if gate is not None else (),
        can_record=dec_access.can_record_evidence(user, case_obj) and decision.is_open,
        lines=list(decision.lines.select_related("code", "offence").prefetch_related("suspect__names")),
    )


def _said_closed(request: HttpRequest, result: services.SignedOff) -> None:
    if result.closed:
        messages.success(
            request,
            "Signed off and the case is closed. Each victim's letter is ready: deliver it, then record how it "
            "reached them.",
        )
    else:
        messages.warning(request, "Signed off, but the case is not closed yet: " + " ".join(result.not_closed_because))


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
