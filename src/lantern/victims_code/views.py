"""Victims' Code pages: a case's duties (with what the victim was told and when), recording an
update, sending one, recording an event, waiving a duty, the contact plan and contact details,
enhanced rights, letters, failed messages, the officer's own duties, and the measures.

Views are thin: cases come through lantern.cases.access, reads through queries, changes through
services; a service's refusal is shown on the form field it names."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.access import get_case_for, standing_consent
from lantern.cases.models import Case
from lantern.cases.page import Tab, case_context
from lantern.core import audit, clock
from lantern.core.models import User
from lantern.core.web import INVALID, current_user, page_view, record_page_read, require
from lantern.people.models import Person
from lantern.victims_code import forms, measures, plans, queries, sending, services
from lantern.victims_code.code import can_record_events, can_see_duties, can_see_measures, can_waive, holds_case
from lantern.victims_code.models import Duty, EventKind
from lantern.victims_code.working_days import london_day

TAB_KEY = "duties"


def _case(request: HttpRequest, pk: int) -> tuple[User, Case]:
    user = current_user(request)
    require(can_see_duties(user), "Victims' Code duties are for police users.")
    case = get_case_for(user, pk)
    record_page_read(request, user, case)
    return user, case


def _context(user: User, case: Case, *, record: bool = True) -> dict[str, Any]:
    context = case_context(user, case, TAB_KEY, record=record)
    tabs: list[Tab] = context["tabs"]
    if not any(tab.key == TAB_KEY for tab in tabs):
        tabs = [*tabs, Tab(TAB_KEY, "Victim updates", reverse("victims_code:case_duties", args=[case.pk]), True)]
    context["tabs"] = tabs
    context["victims_code_tab"] = True
    return context


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("victims_code:case_duties", args=[case.pk]))


def _open_duties(case: Case) -> list[Duty]:
    # Sorted here: ordering in SQL would make the database walk every open duty by due date.
    duties = Duty.objects.filter(case=case, state=Duty.State.OPEN).order_by()
    return sorted(duties.select_related("victim").prefetch_related("victim__names"), key=lambda d: (d.due_on, d.pk))


def _first_victim_language(case: Case, victims: list[Person]) -> str:
    return services.preferred_language(case, victims[0]) if victims else "en"


def _no_victims(request: HttpRequest, user: User, case: Case) -> HttpResponse:
    context = _context(user, case, record=False)
    return render(request, "victims_code/no_victims.html", context, status=400)


# --- The case's duties ---------------------------------------------------------------------------


@page_view
def case_duties(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    now = clock.now()
    today = london_day(now)
    context = _context(user, case)
    rows = queries.case_duties(case, today)
    message_rows = queries.case_messages(case)
    context.update(
        {
            "summaries": queries.victim_summaries(case, now),
            "open_rows": [r for r in rows if r.is_open],
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


@page_view
@require_http_methods(["GET", "POST"])
def record_update(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(holds_case(user, case), "Only the officer in charge can record an update to the victim.")
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    today = clock.today()
    initial = {"duties": request.GET.getlist("duty")}
    form = forms.RecordUpdateForm(
        request.POST or None,
        initial=initial,
        victims=victims,
        duties=_open_duties(case),
        language=_first_victim_language(case, victims),
        today=today,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.record_update(
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
                    ),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                met = update.duties.count()
                messages.success(request, f"Update recorded. It meets {met} dut{'y' if met == 1 else 'ies'}.")
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context["form"] = form
    return render(request, "victims_code/record_update.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def send_update(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(holds_case(user, case), "Only the officer in charge can send an update to the victim.")
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    today = clock.today()
    being_sent = sending.duties_being_sent(case)
    duties = [d for d in _open_duties(case) if d.pk not in being_sent]
    form = forms.SendUpdateForm(
        request.POST or None,
        initial={"duties": request.GET.getlist("duty")},
        victims=victims,
        duties=duties,
        language=_first_victim_language(case, victims),
        today=today,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = sending.send_update(
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
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if update.letter is not None:
                    messages.success(
                        request,
                        "Letter made. Print it from the messages below, deliver it, then record how it was delivered.",
                    )
                else:
                    messages.success(
                        request, f"{update.get_channel_display()} queued. The duties are met when it has been sent."
                    )
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    summaries = {s.victim.pk: s for s in queries.victim_summaries(case, clock.now())}
    context.update({"form": form, "summaries": summaries.values()})
    return render(request, "victims_code/send_update.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def record_event(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(can_record_events(user, case), "Only officers of the force holding the case can record what happened.")
    form = forms.EventForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = services.record_event(
                    user, case, data["kind"], forms.combine(data["occurred_on"], data["occurred_time"]), data["note"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                made = event.duties.count()
                messages.success(
                    request,
                    f"{EventKind(event.kind).label} recorded. "
                    f"The victims are owed {made} update{'' if made == 1 else 's'}.",
                )
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context["form"] = form
    return render(request, "victims_code/record_event.html", context, status=status)


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
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.waive_duty(user, duty, form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"Duty waived: {duty.get_kind_display()}.")
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context.update({"form": form, "duty": duty, "today": clock.today()})
    return render(request, "victims_code/waive.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def contact_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(holds_case(user, case), "Only the officer in charge can agree a contact plan with the victim.")
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    from django.conf import settings

    advocates = User.objects.filter(
        pk__in=standing_consent().filter(person__in=victims).values("advocate")
    ).select_related("organisation")
    current = plans.current_plan(case, victims[0]) if len(victims) == 1 else None
    initial: dict[str, Any] = {"interval_days": settings.LANTERN_VC_DEFAULT_PLAN_INTERVAL_DAYS}
    if current is not None:
        initial.update(
            {
                "interval_days": current.interval_days,
                "channel": current.channel,
                "interpreter_needed": "yes" if current.interpreter_needed else "no",
                "advocate": current.advocate_id,
                "notes": current.notes,
            }
        )
    form = forms.ContactPlanForm(
        request.POST or None,
        initial=initial,
        victims=victims,
        language=current.language if current else _first_victim_language(case, victims),
        advocates=advocates,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plans.set_contact_plan(
                    user,
                    case,
                    plans.NewPlan(
                        victim=form.victim(victims),
                        interval_days=data["interval_days"],
                        channel=data["channel"],
                        language=data["language"],
                        interpreter_needed=data["interpreter_needed"] == "yes",
                        advocate=data["advocate"],
                        notes=data["notes"],
                    ),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    f"Contact plan recorded: an update is due every {data['interval_days']} days, even with no news.",
                )
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context.update({"form": form, "current": current})
    return render(request, "victims_code/contact_plan.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def contact_details(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(holds_case(user, case), "Only the officer in charge can change the victim's contact details.")
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    form = forms.ContactDetailsForm(request.POST or None, victims=victims)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plans.set_contact_details(
                    user,
                    case,
                    form.victim(victims),
                    plans.ContactDetails(
                        email=data["email"],
                        mobile=data["mobile"],
                        postal_address=data["postal_address"],
                        protected=data["protected"],
                        protected_reason=data["protected_reason"],
                    ),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Contact details saved.")
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context["form"] = form
    return render(request, "victims_code/contact_details.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def reveal_contact(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    form = forms.RevealForm(request.POST or None, victims=victims)
    shown = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            victim = form.victim(victims)
            try:
                details = plans.reveal_contact_details(user, case, victim, form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = INVALID
            else:
                shown = (victim, details)
        else:
            status = INVALID
    context = _context(user, case, record=False)
    context.update(
        {
            "form": form,
            "shown": shown,
            "summaries": [(v, plans.contact_summary(v)) for v in victims],
        }
    )
    return render(request, "victims_code/reveal_contact.html", context, status=status)


@page_view
@require_http_methods(["GET", "POST"])
def enhanced_rights(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case(request, pk)
    require(
        can_waive(user, case), "Only the officer in charge, a supervisor or the SPOC can decide on enhanced rights."
    )
    victims = services.victims_of(case)
    if not victims:
        return _no_victims(request, user, case)
    form = forms.EnhancedRightsForm(request.POST or None, victims=victims)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide_enhanced_rights(
                    user, case, form.victim(victims), data["enhanced"] == "yes", data["reason"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Decision recorded. The victim's open duties are re-timed to it.")
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context.update({"form": form, "current": [(v, services.enhanced_rights(case, v)) for v in victims]})
    return render(request, "victims_code/enhanced_rights.html", context, status=status)


# --- Letters and messages ---------------------------------------------------------------------------


@page_view
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Letters are for police users.")
    update = queries.get_update_for(user, pk)
    letter = update.letter
    require(letter is not None, "This update has no letter.")
    assert letter is not None  # noqa: S101 - narrowed by require
    audit.record(user, audit.Action.CONSULTATION, letter, detail=f"letter PDF of case {update.case_id}")
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{letter.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@page_view
@require_http_methods(["GET", "POST"])
def letter_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Letters are for police users.")
    update = queries.get_update_for(user, pk)
    case = get_case_for(user, update.case_id)
    record_page_read(request, user, update)
    require(holds_case(user, case), "Only the officer in charge can record that a letter was delivered.")
    require(update.letter is not None, "This update is not a letter.")
    form = forms.LetterDeliveryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                sending.record_letter_delivery(
                    user,
                    update,
                    data["method"],
                    forms.combine(data["delivered_on"], data["delivered_time"]),
                    data["note"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Delivery recorded. The duties the letter was for are met.")
                return _back(case)
        status = INVALID
    context = _context(user, case, record=False)
    context.update({"form": form, "update": update})
    return render(request, "victims_code/letter_delivered.html", context, status=status)


@page_view
@require_POST
def retry_message(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Messages are for police users.")
    message = queries.get_message_for(user, pk)
    assert message.case is not None  # noqa: S101 - get_message_for only finds case messages
    case = get_case_for(user, message.case.pk)
    try:
        sending.retry_message(user, case, message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{message.get_channel_display()} will be tried again now.")
    return _back(case)


@page_view
def failures(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Messages are for police users.")
    rows = [queries.MessageRow(m, "") for m in queries.failed_messages_for(user)[:200]]
    return render(request, "victims_code/failures.html", {"rows": rows})


@page_view
def my_duties(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Victims' Code duties are for police users.")
    today = clock.today()
    summary = queries.my_duties(user, today, limit=200)
    return render(request, "victims_code/my_duties.html", {"summary": summary, "today": today})


# --- Measures ----------------------------------------------------------------------------------------


def _measures_form(request: HttpRequest, user: User) -> tuple[forms.MeasuresForm, dt.date, dt.date, str, bool]:
    today = clock.today()
    groupings = measures.groupings_for(user)
    default_start = today.replace(day=1) - dt.timedelta(days=90)
    data = request.GET if "start_day" in request.GET or "by" in request.GET else None
    form = forms.MeasuresForm(
        data, groupings=groupings, initial={"start": default_start, "end": today, "by": groupings[0]}
    )
    if data is not None and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"], True
    return form, default_start, today, groupings[0], data is None


@page_view
def measures_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_measures(user), "Measures are for police officers and analysts.")
    form, start, end, by, ok = _measures_form(request, user)
    rows = measures.compute(user, start, end, by, clock.now()) if ok else []
    audit.record(user, audit.Action.CONSULTATION, object_type="victims_code.measures", detail=f"by {by} {start}..{end}")
    query = request.GET.urlencode() or urlencode(
        {
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": end.day,
            "end_month": end.month,
            "end_year": end.year,
            "by": by,
        }
    )
    return render(
        request,
        "victims_code/measures.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "by": by,
            "ok": ok,
            "csv_query": query,
            "by_label": measures.GROUPINGS[by],
        },
        status=200 if ok else INVALID,
    )


@page_view
def measures_csv(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_measures(user), "Measures are for police officers and analysts.")
    form, start, end, by, ok = _measures_form(request, user)
    if not ok:
        return HttpResponse(
            "The date range is not valid: " + "; ".join(e.message for e in form.error_summary()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = measures.compute(user, start, end, by, clock.now())
    audit.record(
        user, audit.Action.CONSULTATION, object_type="victims_code.measures", detail=f"CSV by {by} {start}..{end}"
    )
    response = HttpResponse(measures.to_csv(rows, by), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="victims-code-measures-{by}-{start}-{end}.csv"'
    return response
