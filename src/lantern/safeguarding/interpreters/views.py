"""Pages that correct the interpreter register (issue 16 item 4): edit an interpreter, retire one
with a reason. The services are in register_service.py; the register page itself is in
views.py (it now lists retired interpreters too, marked)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.core import access, audit
from lantern.core.forms import GovukForm
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import INVALID, attempt, current_user, page_view, record_page_read, require
from lantern.safeguarding import languages
from lantern.safeguarding.case_forms import InterpreterForm
from lantern.safeguarding.first_response.forms import posted
from lantern.safeguarding.interpreters import register as register_service
from lantern.safeguarding.models import Interpreter

KEEPS = "SPOCs, supervisors and force administrators keep their force's interpreter register."


class RetireInterpreterForm(GovukForm):
    reason = forms.CharField(
        label="Why is the interpreter leaving the register?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: vetting lapsed, no longer working as an interpreter, a complaint upheld",
        error_messages={"required": "Say why the interpreter is leaving the register"},
    )


def _interpreter(request: HttpRequest, pk: int) -> Interpreter:
    user = current_user(request)
    require(register_service.keeps_register(user), KEEPS)
    found = register_service.editable(user).filter(pk=pk).prefetch_related("languages").first()
    if found is None:
        audit.record_refusal(user, "safeguarding.interpreter", str(pk), "not on the user's force's register")
        raise Http404("No such interpreter on your force's register")
    record_page_read(request, user, found)  # the interpreter's name and contact details
    return found


def _as_text(interpreter: Interpreter) -> str:
    lines = []
    for entry in interpreter.languages.all():
        name = languages.name_of(entry.language)
        lines.append(f"{name}: {', '.join(entry.dialects)}" if entry.dialects else name)
    return "\n".join(lines)


def _initial(interpreter: Interpreter) -> dict[str, Any]:
    return {
        "name": interpreter.name,
        "sex": interpreter.sex,
        "languages": _as_text(interpreter),
        "vetting": interpreter.vetting,
        "vetted_until": interpreter.vetted_until,
        "register_number": interpreter.register_number,
    }


@page_view
def interpreter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    interpreter = _interpreter(request, pk)
    require(interpreter.active, "A retired interpreter's details are kept as they were.")
    form = InterpreterForm(posted(request), initial=_initial(interpreter))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            changes = register_service.Changes(
                name=data["name"],
                sex=data["sex"],
                languages_offered=data["languages"],
                vetting=data["vetting"],
                vetted_until=data["vetted_until"],
                register_number=data["register_number"],
            )
            if attempt(form, lambda: register_service.edit(user, interpreter, changes)) is not None:
                messages.success(request, f"{data['name']}'s details updated.")
                return redirect("safeguarding:interpreters")
        status = INVALID
    return render(
        request, "safeguarding/interpreter_edit.html", {"form": form, "interpreter": interpreter}, status=status
    )


@page_view
def interpreter_retire(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    interpreter = _interpreter(request, pk)
    form = RetireInterpreterForm(posted(request))
    status = 200
    if not interpreter.active:
        messages.info(request, f"{interpreter.name} has already retired.")
        return redirect("safeguarding:interpreters")
    if request.method == "POST":
        if form.is_valid():
            flagged = attempt(form, lambda: register_service.retire(user, interpreter, form.cleaned_data["reason"]))
            if flagged is not None:
                note = (
                    f" {len(flagged)} booking{'s' if len(flagged) != 1 else ''} still to come flagged for rebooking; "
                    "the officers concerned have been alerted."
                    if flagged
                    else ""
                )
                messages.success(request, f"{interpreter.name} retired from the register.{note}")
                return redirect("safeguarding:interpreters")
        status = INVALID
    to_come = list(register_service.bookings_to_come(interpreter).order_by("booked_for"))
    return render(
        request,
        "safeguarding/interpreter_retire.html",
        {"form": form, "interpreter": interpreter, "to_come": to_come},
        status=status,
    )


# --- Interpreter register ------------------------------------------------------------------------


def _keeps_register(user: User) -> bool:
    return has_capability(user, Capability.MANAGES_INTERPRETERS)


@page_view
def interpreter_register(request: HttpRequest) -> HttpResponse:
    """The interpreters an officer of the force may book: the national register and the force's own."""
    user = current_user(request)
    require(access.can_handle_safeguarding(user) or _keeps_register(user), "The register is for police forces.")
    return render(
        request,
        "safeguarding/interpreters.html",
        {"register": register_service.register_page(user), "can_add": _keeps_register(user), "user": user},
    )


@page_view
def interpreter_new(request: HttpRequest) -> HttpResponse:
    from lantern.safeguarding.interpreters import bookings as interpreters

    user = current_user(request)
    require(_keeps_register(user), "SPOCs, supervisors and force administrators keep the interpreter register.")
    form = InterpreterForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                interpreters.register(
                    user,
                    name=data["name"],
                    sex=data["sex"],
                    languages_offered=data["languages"],
                    vetting=data["vetting"],
                    vetted_until=data["vetted_until"],
                    register_number=data["register_number"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"{data['name']} added to the register.")
                return redirect("safeguarding:interpreters")
        status = INVALID
    return render(request, "safeguarding/interpreter_new.html", {"form": form}, status=status)
