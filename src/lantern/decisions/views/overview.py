"""A case's decisions page and its evidence: enquiry checklist, interviews under caution, the
victim's account (or agreement it was not taken) and credibility."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.cases.access import case_header
from lantern.cases.models import Case
from lantern.core.access import get_for
from lantern.core.models import User
from lantern.core.roles import Scope, scope_of
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import facts, forms, queries, rules, services
from lantern.decisions.models import (
    VictimAccount,
)
from lantern.decisions.views._common import (
    _back,
    _case,
    _page,
    _readable_case,
    _simple_form,
    _victim,
)
from lantern.victims_code.working_days import london_day


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
        items=[(item, overview.answers.get(item.code)) for item in rules.ENQUIRY_ITEMS],
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
