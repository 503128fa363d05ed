"""The victim's own pages: opened with a link and a passcode (decision 0019), no account.

Every response: no caching on the device (Cache-Control: no-store), no referrer (the link is a
secret), a neutral title, and a "leave this page quickly" exit. Every failure to open looks the
same (a guessed link reveals nothing), and tries are rate-limited per address. The page is in the
victim's language (Django i18n: the catalogues in portal/locale), switchable on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.cases.models import Case
from lantern.core import audit, clock
from lantern.people.models import Person
from lantern.portal import feedback, invitations, requests, status
from lantern.portal.forms import LANGUAGE_NAMES
from lantern.portal.models import VictimInvitation
from lantern.portal.rules import QUESTIONS

SESSION_KEY = "portal_victim"
LANG_KEY = "portal_lang"
RTL = {"ar"}
# Languages whose text a qualified translator has checked; the others say on the page that the
# check is still to come.
REVIEWED = {"en"}


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = never_cache(view)(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response["Referrer-Policy"] = "same-origin"  # no-referrer would make forms send Origin: null (CSRF)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _language(request: HttpRequest, default: str = "en") -> str:
    chosen = request.GET.get("lang")
    if chosen in invitations.LANGUAGES:
        request.session[LANG_KEY] = chosen
        return chosen
    stored = request.session.get(LANG_KEY)
    return stored if stored in invitations.LANGUAGES else default


def _render(
    request: HttpRequest, template: str, language: str, context: dict[str, Any], status_code: int = 200
) -> HttpResponse:
    with translation.override(language):
        return render(
            request,
            template,
            {
                **context,
                "lang": language,
                "rtl": language in RTL,
                "translator_check": language not in REVIEWED,
                "languages": [(code, LANGUAGE_NAMES[code].split(" (")[0]) for code in invitations.LANGUAGES],
            },
            status=status_code,
        )


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _opened(request: HttpRequest, token: str) -> VictimInvitation | None:
    """The invitation this browser opened with this link (and its passcode), still live."""
    held = request.session.get(SESSION_KEY) or {}
    if held.get("th") != invitations.token_hash(token):
        return None
    invitation = invitations.live(token)
    if invitation is None or invitation.pk != held.get("id"):
        return None
    return invitation


@_private
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    """The passcode page. The same page for any link, real or not."""
    language = _language(request)
    error = False
    if request.method == "POST":
        outcome, invitation = invitations.try_passcode(token, request.POST.get("passcode", ""), _address(request))
        if outcome is invitations.Outcome.RATE_LIMITED:
            return _render(request, "portal/victim_start.html", language, {"token": token, "limited": True}, 429)
        if invitation is not None:
            request.session.cycle_key()
            request.session[SESSION_KEY] = {"id": invitation.pk, "th": invitations.token_hash(token)}
            if LANG_KEY not in request.session:
                request.session[LANG_KEY] = invitation.language
            return redirect("portal:victim_page", token=token)
        error = True
    elif _opened(request, token) is not None:
        return redirect("portal:victim_page", token=token)
    return _render(
        request, "portal/victim_start.html", language, {"token": token, "error": error}, 400 if error else 200
    )


def _victim_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @_private
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = _opened(request, token)
        if invitation is None:
            request.session.pop(SESSION_KEY, None)
            return redirect("portal:victim_start", token=token)
        return view(request, token, invitation, *args, **kwargs)

    return wrapper


@_victim_view
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, invitation: VictimInvitation) -> HttpResponse:
    language = _language(request, invitation.language)
    case, victim = invitation.case, invitation.victim
    problem = ""
    if request.method == "POST":
        try:
            requests.request_update(case, victim, advocate=None, message=request.POST.get("message", ""))
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            return redirect(reverse("portal:victim_page", kwargs={"token": token}) + "?asked=1")
    audit.record(None, audit.Action.CONSULTATION, case, detail="victim's own page")
    context = {
        "token": token,
        "s": status.victim_status(case, victim, clock.today()),
        "open_request": requests.open_request(case, victim),
        "asked": request.GET.get("asked") == "1",
        "problem": problem,
        "survey": feedback.open_occasion(case, victim),
    }
    return _render(request, "portal/victim_page.html", language, context, 400 if problem else 200)


@_victim_view
def letter(request: HttpRequest, token: str, invitation: VictimInvitation, letter_pk: int) -> HttpResponse:
    found = status.letter_for_victim(invitation.case, invitation.victim, letter_pk)
    if found is None:
        return HttpResponseNotFound("Not found")
    audit.record(None, audit.Action.DISCLOSURE, found, detail="letter downloaded by the victim")
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{found.pk}.pdf"'
    return response


@_victim_view
@require_http_methods(["GET", "POST"])
def victim_feedback(request: HttpRequest, token: str, invitation: VictimInvitation) -> HttpResponse:
    language = _language(request, invitation.language)
    with translation.override(language):
        return survey_page(
            request,
            invitation.case,
            invitation.victim,
            respondent="victim",
            language=language,
            done_url=reverse("portal:victim_page", kwargs={"token": token}),
            extra={"token": token},
        )


def survey_page(
    request: HttpRequest,
    case: Case,
    victim: Person,
    *,
    respondent: str,
    language: str,
    done_url: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """The survey, for the victim (in their language) or their advocate."""
    problem = ""
    if request.method == "POST":
        answers: dict[str, int | None] = {}
        for question in QUESTIONS:
            raw = request.POST.get(question, "")
            answers[question] = int(raw) if raw.isdigit() else None
        try:
            feedback.submit(case, victim, respondent=respondent, language=language, answers=answers)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            return redirect(done_url + ("&" if "?" in done_url else "?") + "thanks=1")
    template = "portal/victim_feedback.html" if respondent == "victim" else "portal/advocate_feedback.html"
    context = {
        **(extra or {}),
        "occasion": feedback.open_occasion(case, victim),
        "questions": QUESTIONS,
        "problem": problem,
        "done_url": done_url,
        "case": case,
    }
    if respondent == "victim":
        return _render(request, template, language, context, 400 if problem else 200)
    return render(request, template, context, status=400 if problem else 200)
