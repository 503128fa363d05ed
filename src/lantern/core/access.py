"""The access policy's generic half: refusals, the capability predicates that need only a user,
and `get_for`, the one way to fetch a single record through the policy.

What each role may see and do is data in `lantern.core.roles`. Which records of a model a user
may see is decided by the app that owns the model, in its own `access.py` (`cases.access`,
`people.access`, `nrm.access`, `safeguarding.access`, `decisions.access`, `victims_code.access`),
built on `cases.access.case_condition`. Each app registers its models' visibility functions in
its `AppConfig.ready()` (`access.register(Decision, visible_decisions)`), so this module imports
no app above core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import Http404

from lantern.core import audit
from lantern.core.models import User
from lantern.core.roles import Capability, Scope, has_capability, scope_of

M = TypeVar("M", bound=Model)
Visible = Callable[[User], "QuerySet[Any]"]


class AccessDenied(Exception):
    """Raised when a user asks for an action their role does not allow (a 403). `errors` (by
    field, as a ValidationError's) says more where a refusal has several reasons: the API returns
    them with the 403."""

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, list[str]] = errors or {}


# --- One way to fetch a record through the policy --------------------------------------------


@dataclass(frozen=True)
class _Registration:
    visible: Visible
    noun: str


_REGISTRY: dict[type[Model], _Registration] = {}


def register(model: type[Model], visible: Visible, *, noun: str = "") -> None:
    """Declare how to find the records of `model` a user may see (called from AppConfig.ready).
    `noun` names the record in the 404 message ("No <noun> found"); the model's verbose name
    by default."""
    _REGISTRY[model] = _Registration(visible, noun or str(model._meta.verbose_name))


def registered(model: type[Model]) -> bool:
    return model in _REGISTRY


def not_found_message(model: type[Model]) -> str:
    return f"No {_REGISTRY[model].noun} found"


def get_for(user: User, model: type[M], pk: Any, *, queryset: Callable[[QuerySet[M]], QuerySet[M]] | None = None) -> M:
    """Fetch one record through the policy. A record the user may not see and a record that
    does not exist give the same Http404 ("No <noun> found"), and both are audited as a
    refusal: what was asked for is what matters. `queryset` may add select_related and the like
    to the visible records (never widen them)."""
    registration = _REGISTRY.get(model)
    if registration is None:
        raise LookupError(f"{model._meta.label} has no visibility registered with lantern.core.access.register")
    records = cast("QuerySet[M]", registration.visible(user))
    if queryset is not None:
        records = queryset(records)
    try:
        if isinstance(pk, int) and not -_MAX_ID <= pk <= _MAX_ID:
            raise OverflowError("beyond any record id")  # PostgreSQL would refuse the query itself
        return records.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:  # type: ignore[attr-defined]
        exists = _exists(model, pk)
        audit.record_refusal(
            user,
            model._meta.label_lower,
            str(pk),
            "not visible to the user" if exists else "no such record",
        )
        raise Http404(f"No {registration.noun} found") from exc


_MAX_ID = 2**63 - 1  # BigAutoField's range


def _exists(model: type[Model], pk: Any) -> bool:
    if isinstance(pk, int) and not -_MAX_ID <= pk <= _MAX_ID:
        return False
    try:
        return model._default_manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError):
        return False


# --- Capabilities that need only the user (the role table answers) ---------------------------


def can_record_cases(user: User) -> bool:
    """Record crimes, first responses and people: police officers and staff of a force."""
    return has_capability(user, Capability.RECORDS_CASES)


def can_see_internal_detail(user: User) -> bool:
    """Suspects, the full timeline and NRM detail: police and CPS, not advocates."""
    return has_capability(user, Capability.SEES_INTERNAL_DETAIL)


def can_search(user: User) -> bool:
    return has_capability(user, Capability.SEARCHES)


def can_see_force_dashboard(user: User) -> bool:
    return has_capability(user, Capability.SEES_FORCE_DASHBOARD)


def handles_nrm(user: User) -> bool:
    """NRM referrals, Duty to Notify records and NRM decisions of the user's force:
    investigators, SPOCs and supervisors."""
    return has_capability(user, Capability.HANDLES_NRM)


def can_handle_safeguarding(user: User) -> bool:
    """Interpreter bookings, section 45 records, the immigration ledger and protected details:
    police officers and staff of a force (not advocates, CPS, analysts or administrators)."""
    return has_capability(user, Capability.HANDLES_SAFEGUARDING)


def can_review_safeguarding(user: User) -> bool:
    """Review a section 45 consideration, approve a sharing with the Home Office."""
    return has_capability(user, Capability.REVIEWS_SAFEGUARDING)


def sees_aggregates_only(user: User) -> bool:
    """A national analyst: figures for every force, never a case or a person."""
    return scope_of(user) is Scope.AGGREGATES


def can_see_safeguarding_counts(user: User) -> bool:
    """Ledger and section 45 counts per force: supervisors and SPOCs (their force), national
    analysts (every force; aggregates only)."""
    if not has_capability(user, Capability.SEES_SAFEGUARDING_COUNTS):
        return False
    return sees_aggregates_only(user) or user.force_id is not None


def aggregate_force_ids(user: User) -> list[int] | None:
    """The forces whose figures a user may count: None for every force (a national analyst),
    else the user's own force (or none)."""
    if sees_aggregates_only(user):
        return None
    return [user.force_id] if user.force_id else []
