"""Written reasons and the Victims' Right to Review: asking, sending reasons, the review itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.access import case_header
from lantern.cases.models import Case
from lantern.core.access import get_for
from lantern.core.models import User
from lantern.core.roles import Capability, Scope, roles_with, scope_of
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.decisions import access as dec_access
from lantern.decisions import facts, forms, review_rules, reviews, rules
from lantern.decisions.models import (
    ReviewRequest,
    ReviewRight,
    WrittenReasonsRequest,
)
from lantern.decisions.views._common import (
    _attempt,
    _back,
    _decision,
    _page,
    _simple_form,
    _to,
)
from lantern.victims_code.working_days import london_day


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
        queryset=lambda rows: rows.select_related("duty", *case_header("decision__case")),
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
            rules.Officer(u.pk, u.role, u.force_id, u.rank, u.is_active), case_obj.force_id, makers, involved
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
