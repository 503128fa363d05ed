"""Sign in, sign out, the home page that sends each role where its work is, and the force
administrator's page."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lantern.core import access
from lantern.core.auth import SignInRefused, sign_in
from lantern.core.forms import SignInForm
from lantern.core.models import Role, User
from lantern.core.web import INVALID, current_user, own_force, page_view, paginate, require


def home_url_for(user: User) -> str:
    if user.role == Role.ANALYST:
        return reverse("oversight:national")
    if user.role == Role.ADVOCATE:
        return reverse("portal:clients")  # lantern.portal: "Your clients"
    if user.role == Role.FORCE_ADMIN:
        return reverse("core:force_admin")
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
                login(request, user)
                return redirect(safe_next or home_url_for(user))
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
    require(user.role == Role.FORCE_ADMIN and user.force_id is not None, "This page is for force administrators.")
    users = User.objects.filter(force=own_force(user)).select_related("team").order_by("last_name", "first_name")
    return render(
        request,
        "core/force_admin.html",
        {
            "force": user.force,
            "page_obj": paginate(request, users, per_page=50),
            "can_search": access.can_search(user),
        },
    )
