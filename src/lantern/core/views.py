"""Sign in, sign out, the home page that sends each role where its work is, and the force
administrator's page."""

from __future__ import annotations

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lantern.core import access, audit_search, second_factor_views
from lantern.core.auth import SignInRefused, can_revoke_token, revoke_token, sign_in
from lantern.core.forms import SignInForm
from lantern.core.models import ApiToken, SecondFactor, User
from lantern.core.roles import Capability, Scope, has_capability, scope_of
from lantern.core.web import INVALID, current_user, own_force, page_view, paginate, require


def home_url_for(user: User) -> str:
    scope = scope_of(user)
    if scope is Scope.AGGREGATES:
        return reverse("oversight:national")
    if scope is Scope.CONSENTING_CLIENTS:
        return reverse("portal:clients")  # lantern.portal: "Your clients"
    if has_capability(user, Capability.MANAGES_USERS):
        return reverse("core:force_admin")
    if has_capability(user, Capability.TRIAGES):
        return reverse("triage:queue")  # lantern.triage: the SPOC's home is the triage queue
    return reverse("cases:my_cases")


def signin(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    safe_next = (
        next_url
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next or reverse("core:home"))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = sign_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
            except SignInRefused as exc:
                form.add_error(None, exc.message)
            else:
                return second_factor_views.start_pending(request, user, safe_next)
        status = INVALID
    return render(request, "core/signin.html", {"form": form, "next": safe_next}, status=status)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


@page_view
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(current_user(request)))


@page_view
def force_admin(request: HttpRequest) -> HttpResponse:
    """Users of the administrator's force: who they are and whether they are locked out. No case content."""
    user = current_user(request)
    require(has_capability(user, Capability.MANAGES_USERS), "This page is for force administrators.")
    users = User.objects.filter(force=own_force(user)).select_related("team").order_by("last_name", "first_name")
    page_obj = paginate(request, users, per_page=50)
    enrolled = set(
        SecondFactor.objects.filter(
            user__in=[member.pk for member in page_obj], confirmed_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    return render(
        request,
        "core/force_admin.html",
        {
            "force": user.force,
            "page_obj": page_obj,
            "enrolled": enrolled,
            "can_search": access.can_search(user),
        },
    )


@page_view
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log by user, record and date; export what is found as CSV. Both logged."""
    user = current_user(request)
    require(audit_search.can_search_audit(user), "The audit log is for the force's professional standards work.")
    errors: dict[str, list[str]] = {}
    query = audit_search.AuditQuery()
    try:
        query = audit_search.parse(request.GET.dict())
    except ValidationError as exc:
        errors = exc.message_dict
    entries = audit_search.search(user, query)
    searched = bool(request.GET) and not errors
    if searched and request.GET.get("format") == "csv":
        count = min(entries.count(), audit_search.MAX_EXPORT_ROWS)
        audit_search.record_search(user, query, count, export=True)
        response = HttpResponse(audit_search.to_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response
    page_obj = paginate(request, entries, per_page=100) if searched else None
    if page_obj is not None:
        audit_search.record_search(user, query, page_obj.paginator.count)
    return render(
        request,
        "core/audit_log.html",
        {"query": query, "errors": errors, "page_obj": page_obj, "params": request.GET.urlencode()},
        status=INVALID if errors else 200,
    )


@page_view
def account(request: HttpRequest) -> HttpResponse:
    """Your own account: your API tokens with their last use and expiry, each revocable here. A
    force administrator also sees the unrevoked tokens of the force's users and can revoke them."""
    user = current_user(request)
    own = ApiToken.objects.filter(user=user).order_by("-recorded_at")
    force_tokens = (
        ApiToken.objects.filter(user__force_id=user.force_id, revoked_at__isnull=True)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username", "-recorded_at")
        if has_capability(user, Capability.MANAGES_USERS) and user.force_id is not None
        else ApiToken.objects.none()
    )
    return render(request, "core/account.html", {"own": own, "force_tokens": force_tokens})


@page_view
@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    if not can_revoke_token(user, token):
        raise Http404("No token found")
    revoke_token(user, token)
    return redirect("core:account")
