"""Triage pages: the queue (the SPOC's home), an item, its assessment and allocation; training
records (the force administrator); operations. Thin: services do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.cases.access import visible_cases
from lantern.cases.references import normalise_reference
from lantern.core import audit, clock
from lantern.core.access import get_for
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.web import (
    current_user,
    form_page,
    own_force,
    page_view,
    record_list_consultation,
    record_page_read,
    require,
)
from lantern.triage import access, forms, operations, queue, services, skills
from lantern.triage.models import Operation, Skill, TrainingRecord, TriageItem

QUEUE_MESSAGE = "The triage queue is for the force's triage officers (SPOCs) and supervisors."


def _queue_user(request: HttpRequest) -> User:
    user = current_user(request)
    require(access.can_see_queue(user), QUEUE_MESSAGE)
    return user


@page_view
def queue_page(request: HttpRequest) -> HttpResponse:
    user = _queue_user(request)
    force = own_force(user)
    items = list(
        queue.open_items(force.pk)
        .select_related("case", "case__officer_in_charge", "referral", "referral__person", "duty_to_notify")
        .order_by("due_on", "entered_at", "pk")[:200]
    )
    recent = list(
        TriageItem.objects.filter(force=force, state=TriageItem.State.ALLOCATED)
        .select_related("case", "case__officer_in_charge")
        .order_by("-entered_at")[:10]
    )
    record_list_consultation(user, "triage.queue", [i.case_id for i in items + recent if i.case_id])
    return render(
        request,
        "triage/queue.html",
        {"items": items, "recent": recent, "today": clock.today(), "force": force},
    )


def _item_context(user: User, item: TriageItem) -> dict[str, Any]:
    return {
        "item": item,
        "case": queue.case_of(item),
        "assessment": services.latest_assessment(item),
        "allocations": item.allocations.select_related("officer", "allocated_by").order_by("-allocated_at"),
        "can_triage": access.can_triage(user, item) and item.state != TriageItem.State.ALLOCATED,
        "today": clock.today(),
    }


@page_view
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _queue_user(request)
    item = access.get_item_for(user, pk)
    audit.record(user, audit.Action.CONSULTATION, item)
    return render(request, "triage/item.html", _item_context(user, item))


@page_view
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    user = _queue_user(request)
    item = access.get_item_for(user, pk)
    require(access.can_triage(user, item), QUEUE_MESSAGE)
    audit.record(user, audit.Action.CONSULTATION, item)

    def run(data: dict[str, Any]) -> Any:
        return services.assess(
            user,
            item,
            services.AssessmentIn(
                risk_to_victim=data["risk_to_victim"],
                risk_to_others=data["risk_to_others"],
                organised_crime=data["organised_crime"],
                safeguarding_done=data["safeguarding_done"] == "yes",
                safeguarding_note=data["safeguarding_note"],
                investigative_opportunities=data["investigative_opportunities"],
                links=data["links"],
            ),
        )

    def done(_: object) -> HttpResponse:
        messages.success(request, "Assessment recorded. Now allocate the officer in charge.")
        return redirect("triage:allocate", pk=item.pk)

    return form_page(
        request, forms.AssessmentForm(request.POST or None), run, done, "triage/assess.html", _item_context(user, item)
    )


@page_view
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _queue_user(request)
    item = access.get_item_for(user, pk)
    require(access.can_triage(user, item), QUEUE_MESSAGE)
    audit.record(user, audit.Action.CONSULTATION, item)
    found = skills.candidates(item.force_id)
    by_pk = {c.officer.pk: c.officer for c in found}
    choices = [(c.officer.pk, f"{c.officer.display_name}{'' if c.qualified else ' (not qualified)'}") for c in found]
    needs_crime = queue.case_of(item) is None and item.referral_id is not None
    form = forms.AllocationForm(request.POST or None, officers=choices, needs_crime=needs_crime)

    def run(data: dict[str, Any]) -> Any:
        officer = by_pk.get(data["officer"])
        if officer is None:
            raise invalid("officer", "Choose an officer from the list.")
        allocation_in = services.AllocationIn(officer, data["reason"], data.get("crime_reference", ""))
        return services.allocate(user, item, allocation_in)

    def done(allocation: Any) -> HttpResponse:
        messages.success(
            request,
            f"{allocation.officer.display_name} is now the officer in charge of {allocation.case.full_reference}.",
        )
        return redirect("triage:queue")

    required = [Skill(value).label for value in skills.required_skills()]
    context = {**_item_context(user, item), "candidates": found, "required": required}
    return form_page(request, form, run, done, "triage/allocate.html", context)


# --- Training records ------------------------------------------------------------------------


@page_view
def skills_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(access.can_see_skills(user), "Training records are kept by the force administrator.")
    force = own_force(user)
    return render(
        request,
        "triage/skills.html",
        {
            "candidates": skills.candidates(force.pk),
            "required": [Skill(value).label for value in skills.required_skills()],
            "can_keep": access.can_keep_skills(user),
            "force": force,
        },
    )


@page_view
def officer_skills(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(access.can_keep_skills(user), "Training records are kept by the force administrator.")
    officer = User.objects.filter(pk=pk, force_id=own_force(user).pk).first()
    if officer is None:  # the same answer for another force's officer and for no one; audited
        audit.record_refusal(user, "core.user", str(pk), "not an officer of the user's force")
        raise Http404("Not an officer of your force.")
    record_page_read(request, user, officer)
    records = TrainingRecord.objects.filter(officer=officer).order_by("withdrawn_at", "skill", "-achieved_on")

    def run(data: dict[str, Any]) -> TrainingRecord:
        return skills.record_training(user, officer, data["skill"], data["achieved_on"], data["expires_on"])

    def done(record: TrainingRecord) -> HttpResponse:
        messages.success(request, f"{record.get_skill_display()} recorded for {officer.display_name}.")
        return redirect("triage:officer_skills", pk=officer.pk)

    context = {"officer": officer, "records": records, "today": clock.today()}
    return form_page(
        request, forms.TrainingForm(request.POST or None), run, done, "triage/officer_skills.html", context
    )


@page_view
@require_POST
def withdraw_training(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(access.can_keep_skills(user), "Training records are kept by the force administrator.")
    record = TrainingRecord.objects.filter(pk=pk, officer__force=user.force).select_related("officer").first()
    require(record is not None, "Not a training record of your force.")
    assert record is not None  # noqa: S101 - require() above
    skills.withdraw_training(user, record)
    messages.success(request, f"{record.get_skill_display()} withdrawn for {record.officer.display_name}.")
    return redirect("triage:officer_skills", pk=record.officer_id)


# --- Operations ------------------------------------------------------------------------------


@page_view
def operations_page(request: HttpRequest) -> HttpResponse:
    user = _queue_user(request)

    def run(data: dict[str, Any]) -> Operation:
        return operations.create_operation(user, data["name"], services.lead_force_of(data["lead_force"]))

    def done(operation: Operation) -> HttpResponse:
        messages.success(request, f"Operation {operation.name} created. Add your force's cases to it.")
        return redirect("triage:operation", pk=operation.pk)

    listed = access.visible_operations(user).select_related("lead_force").order_by("-recorded_at")
    form = forms.OperationForm(request.POST or None, initial={"lead_force": own_force(user).code})
    return form_page(request, form, run, done, "triage/operations.html", {"operations": listed})


@page_view
def operation_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _queue_user(request)
    operation = get_for(user, Operation, pk)
    view = operations.view_for(user, operation)
    record_list_consultation(user, "triage.operation", [c.pk for c in view.own_cases])

    def run(data: dict[str, Any]) -> Any:
        key = normalise_reference(data["crime_reference"])
        case = visible_cases(user).filter(force=user.force, crime_reference_normalised=key).first()
        if case is None:
            raise invalid("crime_reference", f"Your force has no case with crime reference {data['crime_reference']}.")
        return operations.add_case(user, operation, case)

    def done(_: object) -> HttpResponse:
        messages.success(request, "Case added to the operation.")
        return redirect("triage:operation", pk=operation.pk)

    context = {"view": view, "operation": operation}
    return form_page(
        request, forms.OperationCaseForm(request.POST or None), run, done, "triage/operation.html", context
    )
