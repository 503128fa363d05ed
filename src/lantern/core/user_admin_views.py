"""Force administration pages: add a user, a user's page (role, team, rank, account state),
change role, team and rank, deactivate with a reason, reactivate, unlock. Services in
core/user_admin.py; no case content on any of these pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lantern.core import second_factor, user_admin
from lantern.core.forms import GovukForm
from lantern.core.models import Force, Rank, Team, User
from lantern.core.web import attempt, current_user, form_page, page_view, record_page_read

RANK_CHOICES = [("", "No rank"), *Rank.choices]


class _RoleTeamRank(GovukForm):
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none(), required=False, empty_label="No team")
    rank = forms.ChoiceField(label="Rank", choices=RANK_CHOICES, required=False)

    def __init__(self, *args: Any, force: Force, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(
            label="Role",
            widget=forms.RadioSelect,
            choices=[(r.value, r.label) for r in user_admin.assignable_roles()],
            error_messages={"required": "Choose a role"},
        )
        self.fields["team"] = forms.ModelChoiceField(
            label="Team",
            queryset=Team.objects.filter(force=force).order_by("name"),
            required=False,
            empty_label="No team",
            error_messages={"invalid_choice": "Choose a team from the list"},
        )


class AddUserForm(_RoleTeamRank):
    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Enter a first name"})
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter a last name"})
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Used to sign in, for example a collar number",
        error_messages={"required": "Enter a username"},
    )
    email = forms.EmailField(
        label="Email address", max_length=254, error_messages={"required": "Enter an email address"}
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)

    field_order = ["first_name", "last_name", "username", "email", "phone", "role", "team", "rank"]


class ChangeUserForm(_RoleTeamRank):
    pass


class DeactivateForm(GovukForm):
    reason = forms.CharField(
        label="Why is the account being deactivated?",
        max_length=user_admin.MAX_REASON,
        widget=forms.Textarea,
        help_text="For example, left the force, or on suspension. Kept in the audit log",
        error_messages={"required": "Say why the account is being deactivated"},
    )


@page_view
def add_user(request: HttpRequest) -> HttpResponse:
    actor = current_user(request)
    force = user_admin.administered_force(actor)
    form = AddUserForm(request.POST or None, force=force)

    def add(data: dict[str, Any]) -> tuple[User, str]:
        return user_admin.add_user(
            actor,
            user_admin.UserDetails(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                team=data["team"],
                rank=data["rank"],
                phone=data["phone"],
            ),
        )

    def added(result: tuple[User, str]) -> HttpResponse:
        member, password = result
        # Rendered, not redirected: the one-time password is shown once and kept nowhere else.
        return render(request, "core/user_added.html", {"member": member, "password": password, "force": force})

    return form_page(request, form, add, added, "core/user_add.html", {"force": force})


@page_view
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_user(request)
    member = user_admin.member_for(actor, pk)
    record_page_read(request, actor, member)
    return render(
        request,
        "core/user_detail.html",
        {
            "member": member,
            "force": actor.force,
            "is_self": member.pk == actor.pk,
            "throttled": user_admin.throttled_failures(member),
            "second_factor_set_up": second_factor.is_enrolled(member),
        },
    )


@page_view
def change_user(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_user(request)
    member = user_admin.member_for(actor, pk)
    record_page_read(request, actor, member)
    initial = {"role": member.role, "team": member.team_id, "rank": member.rank}
    form = ChangeUserForm(request.POST or None, initial=initial, force=user_admin.administered_force(actor))
    if member.pk == actor.pk:
        form.fields["role"].disabled = True  # an administrator cannot change their own role

    def done(changed: User) -> HttpResponse:
        messages.success(request, f"{changed.display_name}'s role, team and rank are saved.")
        return redirect("core:user_detail", pk=changed.pk)

    return form_page(
        request,
        form,
        lambda data: user_admin.change_user(actor, member, role=data["role"], team=data["team"], rank=data["rank"]),
        done,
        "core/user_change.html",
        {"member": member},
    )


@page_view
def deactivate_user(request: HttpRequest, pk: int) -> HttpResponse:
    actor = current_user(request)
    member = user_admin.member_for(actor, pk)
    record_page_read(request, actor, member)

    def done(ended: int) -> HttpResponse:
        messages.success(
            request,
            f"{member.display_name}'s account is deactivated. {ended} signed-in session(s) ended "
            "and every API token revoked.",
        )
        return redirect("core:user_detail", pk=member.pk)

    return form_page(
        request,
        DeactivateForm(request.POST or None),
        lambda data: user_admin.deactivate_user(actor, member, data["reason"]),
        done,
        "core/user_deactivate.html",
        {"member": member, "is_self": member.pk == actor.pk},
    )


def _button(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    actor = current_user(request)
    member = user_admin.member_for(actor, pk)
    record_page_read(request, actor, member)
    form = GovukForm()
    if attempt(form, lambda: action(actor, member)) is None:
        for message in form.non_field_errors():
            messages.error(request, str(message))
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    else:
        messages.success(request, success.format(name=member.display_name))
    return redirect("core:user_detail", pk=member.pk)


@page_view
@require_POST
def reactivate_user(request: HttpRequest, pk: int) -> HttpResponse:
    return _button(request, pk, user_admin.reactivate_user, "{name}'s account is active again.")


@page_view
@require_POST
def unlock_user(request: HttpRequest, pk: int) -> HttpResponse:
    return _button(request, pk, user_admin.unlock_user, "{name} can sign in again now.")
