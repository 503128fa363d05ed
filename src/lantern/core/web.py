"""Small helpers shared by the server-rendered pages: refusals become 403 pages, lists are paged,
and a list page records one consultation entry for the cases it shows."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.forms import GovukForm
from lantern.core.models import Force, User

PAGE_SIZE = 25
# Status for a form sent back with errors: the page still renders normally in every browser.
INVALID = 400
CONFLICT = 409

View = TypeVar("View", bound=Callable[..., HttpResponse])


def page_view(view: View) -> View:
    """Every staff page: sign-in required, and a service's AccessDenied becomes a 403 page. Every
    refusal (AccessDenied, or a page's own `require`) is audited (audit.record_refusal)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            record_refusal(request, str(exc), kwargs)
            raise PermissionDenied(str(exc)) from exc
        except PermissionDenied as exc:
            record_refusal(request, str(exc), kwargs)
            raise

    return login_required(wrapper)  # type: ignore[return-value]


Result = TypeVar("Result")


def attempt(form: GovukForm, action: Callable[[], Result]) -> Result | None:
    """The one way a page runs a service for a posted form: the service's result, or None when the
    service refused, with its ValidationError put on the form's fields (re-render with INVALID)."""
    try:
        return action()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


def form_page(
    request: HttpRequest,
    form: GovukForm,
    action: Callable[[dict[str, Any]], Result],
    done: Callable[[Result], HttpResponse],
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The whole GET/POST shape of a form page: on a valid POST run the service with the cleaned
    data through attempt() and answer with done(result); otherwise (or when the service refused)
    render the template with the form, with status INVALID when it has errors."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ran = attempt(form, lambda: (action(data),))  # a tuple: a service returning None succeeded
        if ran is not None:
            return done(ran[0])
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, template, {**(context or {}), "form": form}, status=status)


def record_refusal(request: HttpRequest, reason: str, kwargs: dict[str, Any] | None = None) -> None:
    """Audit a 403 of a page or an API call: the view asked for and its arguments (record ids)."""
    user = request.user if isinstance(request.user, User) else None
    match = request.resolver_match
    view_name = match.view_name if match is not None else request.path
    arguments = kwargs if kwargs is not None else (dict(match.kwargs) if match is not None else {})
    object_id = ",".join(str(value) for value in arguments.values())
    audit.record_refusal(user, view_name[:60], object_id[:40], reason or "refused")


def record_page_read(request: HttpRequest, user: User, record: Model) -> None:
    """A page with a record id shown (GET) is a read of personal data: one consultation entry naming
    the record and the page. Posts are audited by the services they run."""
    if request.method != "GET":
        return
    match = request.resolver_match
    audit.record(user, audit.Action.CONSULTATION, record, detail=(match.view_name if match else request.path)[:255])


_PREFILL = "lantern.prefill"


def offer_prefill(request: HttpRequest, view_name: str, answers: dict[str, Any]) -> None:
    """Answers another page's form starts from (a first response's "Record the crime now"), kept in
    the server-side session, never in the address: a victim's account must not reach browser
    history or a proxy's access log."""
    offers = dict(request.session.get(_PREFILL) or {})
    offers[view_name] = answers
    request.session[_PREFILL] = offers


def take_prefill(request: HttpRequest, view_name: str) -> dict[str, Any]:
    """The answers offered to this page (once): empty when none were."""
    offers = dict(request.session.get(_PREFILL) or {})
    answers = offers.pop(view_name, None) or {}
    if _PREFILL in request.session:
        request.session[_PREFILL] = offers
    return dict(answers)


def current_user(request: HttpRequest) -> User:
    """The signed-in user (page_view guarantees one)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def own_force(user: User) -> Force:
    """The user's force, for pages that only force users reach (403 otherwise)."""
    if user.force is None:
        raise PermissionDenied("This page is for users of a police force.")
    return user.force


def require(allowed: bool, message: str = "Your role does not give you access to this page.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def paginate(request: HttpRequest, items: Sequence[Any] | Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """One page of a list; a page number that is not a number or too big gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def record_list_consultation(user: User, label: str, case_ids: Iterable[int]) -> None:
    """A list page shows several cases: one audit entry naming them (as the search does)."""
    ids = [str(pk) for pk in case_ids]
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type=label,
        object_id="",
        detail=("cases " + ",".join(ids))[:255] if ids else "no cases",
    )
