"""A case's safeguarding pages: protected details (labels only; the value with a reason), the
disclosure export, interpreter bookings, section 45 and charges, and the immigration ledger."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.cases.access import get_case_for
from lantern.cases.models import Case, CaseParty
from lantern.cases.page import case_context
from lantern.core import access
from lantern.core.access import get_for
from lantern.core.errors import invalid
from lantern.core.web import INVALID, current_user, page_view, require
from lantern.nrm.access import visible_nrm_referrals
from lantern.people.models import Person
from lantern.safeguarding import case_forms, interpreters, languages, ledger, protection, rules, section45
from lantern.safeguarding.access import (
    handles_case_safeguarding,
    visible_protected_details,
)
from lantern.safeguarding.forms import posted
from lantern.safeguarding.models import (
    Charge,
    ImmigrationShare,
    InterpreterBooking,
    ProtectedDetail,
    Section45Consideration,
)


def _case(request: HttpRequest, case_id: int) -> Case:
    user = current_user(request)
    case = get_case_for(user, case_id)
    require(handles_case_safeguarding(user, case), "Safeguarding records are for police of the force holding the case.")
    return case


def _people(
    case: Case, roles: tuple[str, ...] = ("victim", "witness", "victim_suspect", "suspect")
) -> list[tuple[int, str]]:
    parties = (
        CaseParty.objects.filter(case=case, role__in=roles).select_related("person").prefetch_related("person__names")
    )
    seen: dict[int, str] = {}
    for party in parties:
        seen.setdefault(party.person_id, f"{party.person.display_name} ({party.get_role_display().lower()})")
    return list(seen.items())


def _party_person(case: Case, person_id: int) -> Person:
    """A person in the case, or a refusal on the person field."""
    party = CaseParty.objects.filter(case=case, person_id=person_id).select_related("person").first()
    if party is None:
        raise invalid("person", "Choose a person in this case.")
    return party.person


def _context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    context = case_context(current_user(request), case, "safeguarding")
    context.update(extra)
    return context


@page_view
def hub(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    return render(
        request,
        "safeguarding/case/hub.html",
        _context(
            request,
            case,
            details=visible_protected_details(user).filter(case=case),
            bookings=InterpreterBooking.objects.filter(case=case)
            .select_related("interpreter", "person")
            .prefetch_related("person__names"),
            needing=section45.persons_needing(case),
            considerations=Section45Consideration.objects.filter(case=case)
            .select_related("person", "reviewer")
            .prefetch_related("person__names"),
            charges=Charge.objects.filter(case=case).select_related("person").prefetch_related("person__names"),
            shares=ImmigrationShare.objects.filter(case=case)
            .select_related("person", "approver")
            .prefetch_related("person__names"),
            exports=case.disclosure_exports.select_related("made_by")[:5],
            referrals=visible_nrm_referrals(user).filter(cases=case).distinct(),
        ),
    )


# --- Protected details -------------------------------------------------------------------------


@page_view
def protect_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    form = case_forms.ProtectForm(posted(request))
    people = _people(case, ("victim", "witness", "victim_suspect"))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            person_id = request.POST.get("person")
            person = None
            if person_id and person_id.isdigit() and int(person_id) in dict(people):
                person = _party_person(case, int(person_id))
            try:
                protection.protect(
                    user,
                    kind=data["kind"],
                    label=data["label"],
                    value=data["value"],
                    reason=data["reason"],
                    case=case,
                    person=person,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Protected detail saved. It is encrypted and withheld from exports.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request, "safeguarding/case/protect.html", _context(request, case, form=form, people=people), status=status
    )


@page_view
def protected_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    """A protected detail: its label; the value only after a reason is given (audited), shown
    once on the response to that POST and never stored in the page's URL."""
    case = _case(request, case_id)
    user = current_user(request)
    detail = get_for(user, ProtectedDetail, pk, queryset=lambda rows: rows.filter(case=case))
    form = case_forms.RevealForm(posted(request))
    value = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            value = protection.reveal(user, detail, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
            status = INVALID
    response = render(
        request,
        "safeguarding/case/protected_detail.html",
        _context(request, case, detail=detail, form=form, value=value),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Disclosure export -------------------------------------------------------------------------


@page_view
def disclosure(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    form = case_forms.DisclosureForm(posted(request))
    refused: list[protection.Found] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "redact":
        found = protection.scan_case(case)
        changed = protection.redact_found(user, case, found)
        messages.success(request, f"Protected values removed from {changed} pieces of text. Make the export again.")
        return redirect("safeguarding:disclosure", case_id=case.pk)
    if request.method == "POST":
        if form.is_valid():
            try:
                document, withheld = protection.export(
                    user, case, recipient=form.cleaned_data["recipient"], reason=form.cleaned_data["reason"]
                )
            except protection.DisclosureRefused as exc:
                refused = exc.found
                status = 409
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = INVALID
            else:
                response = HttpResponse(document, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = (
                    f'attachment; filename="disclosure-{case.force.code}-{case.crime_reference_normalised}.json"'
                )
                response["Cache-Control"] = "no-store"
                return response
        else:
            status = INVALID
    return render(
        request,
        "safeguarding/case/disclosure.html",
        _context(
            request,
            case,
            form=form,
            refused=refused,
            withheld=protection.build_export(case)["withheld"],
        ),
        status=status,
    )


# --- Interpreters --------------------------------------------------------------------------------


@page_view
def booking_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
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
    form = case_forms.BookingForm(posted(request), persons=_people(case), interpreters=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            interpreter = next((i for i in register if i.pk == data["interpreter"]), None)
            when = timezone.make_aware(datetime.datetime.combine(data["booked_on"], datetime.time(12)))
            try:
                booking = interpreters.propose(
                    user,
                    person=_party_person(case, data["person"]),
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
    return render(request, "safeguarding/case/booking_new.html", _context(request, case, form=form), status=status)


@page_view
def booking(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = _case(request, case_id)
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
        _context(
            request,
            case,
            booking=obj,
            form=form,
            findings=findings or obj.findings,
            language=languages.name_of(obj.language),
        ),
        status=status,
    )


# --- Section 45 and charges ----------------------------------------------------------------------


def _suspect(case: Case, raw: str | None) -> Any:
    """The suspect named in the request, or (none named) the first suspect of the case."""
    if not raw:
        first = CaseParty.objects.filter(case=case, role__in=["victim_suspect", "suspect"]).order_by("role", "pk")
        party = first.select_related("person").first()
        if party is None:
            raise Http404("This case has no suspect")
        return party.person
    if not raw.isdigit():
        raise Http404("Choose a suspect")
    party = (
        CaseParty.objects.filter(case=case, person_id=int(raw), role__in=["suspect", "victim_suspect"])
        .select_related("person")
        .first()
    )
    if party is None:
        raise Http404("No such suspect in this case")
    return party.person


@page_view
def section45_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    person = _suspect(case, request.GET.get("person") or request.POST.get("person"))
    # The test shown follows the age at the offence; until a date is given, the adult test is
    # shown for an adult by date of birth, and the officer may switch.
    test = request.POST.get("test") or request.GET.get("test") or "adult"
    if test not in rules.S45_ELEMENTS:
        test = "adult"
    form = case_forms.Section45Form(posted(request), test=test)
    status = 200
    if request.method == "POST" and request.POST.get("action") != "switch":
        if form.is_valid():
            data = form.cleaned_data
            offence_date = data["offence_date"]
            age = data["age_at_offence"]
            actual = (
                rules.s45_test(rules.age_on(person.date_of_birth, offence_date))
                if person.date_of_birth
                else (rules.s45_test(age) if age is not None else test)
            )
            if actual != test:
                form = case_forms.Section45Form(request.POST, test=actual)
                form.is_valid()
                form.add_error(
                    None,
                    "The person's age at the time of the offence means the "
                    f"{'under-18' if actual == 'under_18' else 'adult'} test applies: answer its "
                    "questions below.",
                )
                test = actual
            else:
                try:
                    section45.record(
                        user,
                        case=case,
                        person=person,
                        offence_description=data["offence_description"],
                        offence_date=offence_date,
                        schedule4_checked=data["schedule4_checked"],
                        schedule4_code=data["schedule4_code"],
                        age_at_offence=age,
                        elements=section45.elements_from(data, test),
                        conclusion=data["conclusion"],
                        reasoning=data["reasoning"],
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, "Section 45 consideration recorded and sent to a supervisor for review.")
                    return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request,
        "safeguarding/case/section45_new.html",
        _context(request, case, form=form, person=person, test=test),
        status=status,
    )


@page_view
def section45_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    related = ("person", "created_by", "reviewer")
    s45 = get_for(
        user, Section45Consideration, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related)
    )
    form = case_forms.ReviewForm(posted(request))
    status = 200
    if request.method == "POST":
        require(access.can_review_safeguarding(user), "A supervisor reviews section 45 considerations.")
        if form.is_valid():
            try:
                section45.review(
                    user, s45, agree=form.cleaned_data["decision"] == "agree", note=form.cleaned_data["review_note"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Review recorded.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    questions = dict(rules.S45_ELEMENTS.get(s45.test, ()))
    elements = [(questions.get(code, code), entry) for code, entry in s45.elements.items()]
    return render(
        request,
        "safeguarding/case/section45_detail.html",
        _context(
            request,
            case,
            s45=s45,
            form=form,
            elements=elements,
            conclusion=rules.CONCLUSIONS.get(s45.conclusion, ""),
            schedule4=rules.schedule4().get(s45.schedule4_code),
            can_review=access.can_review_safeguarding(user)
            and s45.created_by_id != user.pk
            and s45.status == Section45Consideration.Status.AWAITING_REVIEW,
        ),
        status=status,
    )


@page_view
def charge_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    form = case_forms.ChargeForm(posted(request), persons=_people(case, ("suspect", "victim_suspect")))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                section45.record_charge(
                    user,
                    case=case,
                    person=_suspect(case, str(data["person"])),
                    offence_description=data["offence_description"],
                    charged_on=data["charged_on"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Charge recorded.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(request, "safeguarding/case/charge_new.html", _context(request, case, form=form), status=status)


# --- Immigration ledger ------------------------------------------------------------------------


@page_view
def share_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    people = _people(case, ("victim", "witness", "victim_suspect"))
    form = case_forms.ShareForm(posted(request), persons=people)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ledger.propose(
                    user,
                    person=_party_person(case, data["person"]),
                    case=case,
                    **{
                        k: data[k]
                        for k in (
                            "subject_role",
                            "recipient",
                            "shared_what",
                            "purpose",
                            "purpose_detail",
                            "legal_basis",
                            "legal_basis_detail",
                            "victim_told",
                            "victim_told_on",
                            "victim_not_told_reason",
                        )
                    },
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Recorded. Nothing is shared until a supervisor approves it.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(request, "safeguarding/case/share_new.html", _context(request, case, form=form), status=status)


@page_view
def share_detail(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    related = ("person", "proposed_by", "approver")
    share = get_for(user, ImmigrationShare, pk, queryset=lambda rows: rows.filter(case=case).select_related(*related))
    form = case_forms.ShareDecisionForm(posted(request))
    status = 200
    if request.method == "POST":
        require(access.can_review_safeguarding(user), "A supervisor approves sharing with the Home Office.")
        if form.is_valid():
            try:
                ledger.decide(
                    user,
                    share,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["decision_note"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Decision recorded in the ledger.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(
        request,
        "safeguarding/case/share_detail.html",
        _context(
            request,
            case,
            share=share,
            form=form,
            concerns=ledger.concerns(share),
            can_decide=access.can_review_safeguarding(user)
            and share.proposed_by_id != user.pk
            and share.status == ImmigrationShare.Status.PROPOSED,
        ),
        status=status,
    )


@page_view
def status_event_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    user = current_user(request)
    form = case_forms.StatusEventForm(posted(request), persons=_people(case))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                _event, alerts = ledger.record_status_change(
                    user,
                    person=_party_person(case, data["person"]),
                    kind=data["kind"],
                    occurred_on=data["occurred_on"],
                    source=data["source"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"Recorded. {alerts} officer{'s' if alerts != 1 else ''} in charge alerted.")
                return redirect("safeguarding:case", case_id=case.pk)
        status = INVALID
    return render(request, "safeguarding/case/status_event_new.html", _context(request, case, form=form), status=status)
