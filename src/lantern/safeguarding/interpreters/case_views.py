"""A case's interpreter bookings."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.core.access import get_for
from lantern.core.web import INVALID, current_user, page_view
from lantern.safeguarding import case_forms, languages
from lantern.safeguarding.case_pages import case_of, page_context, party_person, people_of
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.models import (
    InterpreterBooking,
)

# --- Interpreters --------------------------------------------------------------------------------


@page_view
def booking_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    register = list(interpreters.register_for(user))
    choices = [
        (
            i.pk,
            f"{i.name} ({i.get_sex_display().lower()}; "
            f"{', '.join(languages.name_of(x.language) for x in i.languages.all())})",
        )
        for i in register
    ]
    form = case_forms.BookingForm(posted(request), persons=people_of(case), interpreters=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            interpreter = next((i for i in register if i.pk == data["interpreter"]), None)
            when = timezone.make_aware(datetime.datetime.combine(data["booked_on"], datetime.time(12)))
            try:
                booking = interpreters.propose(
                    user,
                    person=party_person(case, data["person"]),
                    interpreter=interpreter,
                    language=data["language"],
                    dialect=data["dialect"],
                    purpose=data["purpose"],
                    booked_for=when,
                    case=case,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("safeguarding:booking", case_id=case.pk, pk=booking.pk)
        status = INVALID
    return render(request, "safeguarding/case/booking_new.html", page_context(request, case, form=form), status=status)


@page_view
def booking(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = case_of(request, case_id)
    user = current_user(request)
    related = ("interpreter", "person")
    obj = get_for(user, InterpreterBooking, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related))
    form = case_forms.ConfirmBookingForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "cancel":
                interpreters.cancel(user, obj)
                messages.success(request, "Booking cancelled.")
            else:
                interpreters.confirm(user, obj, form.cleaned_data["override_reason"])
                messages.success(request, "Booking confirmed.")
        except ValidationError as exc:
            form.add_service_errors(exc)
            status = INVALID
        else:
            return redirect("safeguarding:case", case_id=case.pk)
    on = timezone.localtime(obj.booked_for).date()
    findings = (
        interpreters.check(obj.person, obj.language, obj.dialect, obj.interpreter, on)
        if obj.status == InterpreterBooking.Status.PROPOSED
        else []
    )
    return render(
        request,
        "safeguarding/case/booking.html",
        page_context(
            request,
            case,
            booking=obj,
            form=form,
            findings=findings or obj.findings,
            language=languages.name_of(obj.language),
        ),
        status=status,
    )
