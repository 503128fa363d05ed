"""A case's duties to its victims and the officer's own duties: the Victim updates tab, recording
an update given, sending one through Lantern, recording an event that owes the victims an update,
and waiving a duty."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lantern.cases.access import get_case_for
from lantern.core import clock
from lantern.core.web import current_user, page_view, record_page_read, require
from lantern.victims_code import forms, plans, queries, sending, services
from lantern.victims_code.code import can_record_events, can_see_duties, can_waive, holds_case
from lantern.victims_code.models import CaseEvent, EventKind, VictimUpdate
from lantern.victims_code.views._common import (
    case_for,
    case_form,
    context_for,
    first_victim_language,
    no_victims,
    open_duties,
)
from lantern.victims_code.working_days import london_day


@page_view
def case_duties(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    now = clock.now()
    today = london_day(now)
    context = context_for(user, case)
    rows = queries.case_duties(case, today)
    message_rows = queries.case_messages(case)
    context.update(
        {
            "summaries": queries.victim_summaries(case, now),
            "open_rows": queries.group_overdue([r for r in rows if r.is_open]),
            "closed_rows": [r for r in rows if not r.is_open],
            "message_rows": message_rows,
            "failed_count": sum(1 for r in message_rows if r.failed),
            "updates": queries.case_updates(case),
            "events": queries.case_events(case),
            "plan_history": plans.plans_for(case),
            "holds_case": holds_case(user, case),
            "can_waive": can_waive(user, case),
            "can_record_events": can_record_events(user, case),
            "several_victims": len(services.victims_of(case)) > 1,
            "today": today,
        }
    )
    return render(request, "victims_code/case_duties.html", context)


def _met(update: VictimUpdate) -> str:
    met = update.duties.count()
    return f"Update recorded. It meets {met} dut{'y' if met == 1 else 'ies'}."


@page_view
@require_http_methods(["GET", "POST"])
def record_update(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(holds_case(user, case), "Only the officer in charge can record an update to the victim.")
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    form = forms.RecordUpdateForm(
        request.POST or None,
        initial={"duties": request.GET.getlist("duty"), "group": request.GET.get("group", "")[:40]},
        victims=victims,
        duties=open_duties(case),
        language=first_victim_language(case, victims),
        today=clock.today(),
    )

    def action(data: dict[str, Any]) -> VictimUpdate:
        return services.record_update(
            user,
            case,
            services.NewUpdate(
                victim=form.victim(victims),
                given_at=forms.combine(data["given_on"], data["given_time"]),
                channel=data["channel"],
                language=data["language"],
                summary=data["summary"],
                interpreter_used=data["interpreter_used"] == "yes",
                interpreter_name=data["interpreter_name"],
                duty_ids=tuple(int(d) for d in data["duties"]),
                grouped=bool(data["group"]),
            ),
        )

    return case_form(request, user, case, form, action, _met, "record_update.html")


def _sent(update: VictimUpdate) -> str:
    if update.letter is not None:
        return "Letter made. Print it from the messages below, deliver it, then record how it was delivered."
    return f"{update.get_channel_display()} queued. The duties are met when it has been sent."


@page_view
@require_http_methods(["GET", "POST"])
def send_update(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(holds_case(user, case), "Only the officer in charge can send an update to the victim.")
    victims = services.victims_of(case)
    if not victims:
        return no_victims(request, user, case)
    being_sent = sending.duties_being_sent(case)
    form = forms.SendUpdateForm(
        request.POST or None,
        initial={"duties": request.GET.getlist("duty")},
        victims=victims,
        duties=[d for d in open_duties(case) if d.pk not in being_sent],
        language=first_victim_language(case, victims),
        today=clock.today(),
    )

    def action(data: dict[str, Any]) -> VictimUpdate:
        return sending.send_update(
            user,
            case,
            sending.OutgoingUpdate(
                victim=form.victim(victims),
                channel=data["channel"],
                message=data["message"],
                translation=data["translation"],
                duty_ids=tuple(int(d) for d in data["duties"]),
            ),
        )

    summaries = {s.victim.pk: s for s in queries.victim_summaries(case, clock.now())}
    return case_form(request, user, case, form, action, _sent, "send_update.html", summaries=summaries.values())


@page_view
@require_http_methods(["GET", "POST"])
def record_event(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = case_for(request, pk)
    require(can_record_events(user, case), "Only officers of the force holding the case can record what happened.")
    form = forms.EventForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})

    def action(data: dict[str, Any]) -> CaseEvent:
        moment = forms.combine(data["occurred_on"], data["occurred_time"])
        return services.record_event(user, case, data["kind"], moment, data["note"])

    def made(event: CaseEvent) -> str:
        count = event.duties.count()
        return (
            f"{EventKind(event.kind).label} recorded. The victims are owed {count} update{'' if count == 1 else 's'}."
        )

    return case_form(request, user, case, form, action, made, "record_event.html")


@page_view
@require_http_methods(["GET", "POST"])
def waive(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Victims' Code duties are for police users.")
    duty = queries.get_duty_for(user, pk)
    case = get_case_for(user, duty.case_id)
    record_page_read(request, user, duty)
    require(can_waive(user, case), "Only the officer in charge, a supervisor or the SPOC can waive a duty.")
    form = forms.WaiveForm(request.POST or None)
    return case_form(
        request,
        user,
        case,
        form,
        lambda data: services.waive_duty(user, duty, data["reason"]),
        f"Duty waived: {duty.get_kind_display()}.",
        "waive.html",
        duty=duty,
        today=clock.today(),
    )


@page_view
def my_duties(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Victims' Code duties are for police users.")
    today = clock.today()
    summary = queries.my_duties(user, today, limit=200)
    return render(request, "victims_code/my_duties.html", {"summary": summary, "today": today})
