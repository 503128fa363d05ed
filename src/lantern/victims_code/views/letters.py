"""Letters and messages to victims: a letter's PDF, recording how a letter was delivered, trying a
failed message again, and the force's failed messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from lantern.cases.access import get_case_for
from lantern.core import audit
from lantern.core.web import current_user, page_view, record_page_read, require
from lantern.victims_code import forms, queries, sending
from lantern.victims_code.code import can_see_duties, holds_case
from lantern.victims_code.views._common import back, case_form


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

    def action(data: dict[str, Any]) -> Any:
        moment = forms.combine(data["delivered_on"], data["delivered_time"])
        return sending.record_letter_delivery(user, update, data["method"], moment, data["note"])

    return case_form(
        request,
        user,
        case,
        form,
        action,
        "Delivery recorded. The duties the letter was for are met.",
        "letter_delivered.html",
        update=update,
    )


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
    return back(case)


@page_view
def failures(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(can_see_duties(user), "Messages are for police users.")
    rows = [queries.MessageRow(m, "") for m in queries.failed_messages_for(user)[:200]]
    return render(request, "victims_code/failures.html", {"rows": rows})
