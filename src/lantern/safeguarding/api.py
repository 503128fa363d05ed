"""API for safeguarding: NRM decisions and the per-force counts here; each sub-domain's endpoints
in its own package (first_response, interpreters, section45, sharing, protected), mounted on this
router. Thin: the rules are in rules/ and the services."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.core import access, audit
from lantern.core.access import AccessDenied
from lantern.core.api_schemas import InputSchema
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.nrm import services as nrm_services
from lantern.nrm.access import get_nrm_for
from lantern.safeguarding import queries, services
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.first_response import api as first_response_api
from lantern.safeguarding.interpreters import api as interpreters_api
from lantern.safeguarding.protected import api as protected_api
from lantern.safeguarding.section45 import api as section45_api
from lantern.safeguarding.sharing import api as sharing_api

router = Router(tags=["safeguarding"])
for _sub in (first_response_api, interpreters_api, section45_api, sharing_api, protected_api):
    router.add_router("", _sub.router)


# --- NRM decisions -------------------------------------------------------------------------------


class NrmDecisionIn(InputSchema):
    kind: str
    positive: bool
    decided_on: date


class NrmDecisionOut(Schema):
    referral_id: int
    status: str
    recovery_period_starts: date | None
    recovery_period_ends: date | None
    recovery_period_days: int | None


@router.post(
    "/nrm-referrals/{referral_id}/decisions",
    response={201: NrmDecisionOut},
    summary="Record a reasonable or conclusive grounds decision",
)
def record_nrm_decision(request: HttpRequest, referral_id: int, payload: NrmDecisionIn) -> Status[NrmDecisionOut]:
    user = _officer(request)
    referral = get_nrm_for(user, referral_id)
    nrm_services.record_decision(user, referral, payload.kind, payload.positive, payload.decided_on)
    period = services.recovery_period_of(referral)
    return Status(
        201,
        NrmDecisionOut(
            referral_id=referral.pk,
            status=referral.status,
            recovery_period_starts=period.starts_on if period else None,
            recovery_period_ends=period.ends_on if period else None,
            recovery_period_days=period.days if period else None,
        ),
    )


# --- Oversight -----------------------------------------------------------------------------------


class CountsOut(Schema):
    """Counts per force. Seen nationally (analysts), small numbers are withheld by the one rule
    (lantern.core.suppression): a withheld count is null, and the breakdowns by purpose and
    conclusion are not given (their small cells could not be withheld consistently)."""

    force_code: str
    force_name: str
    shares_approved: int | None
    shares_refused: int | None
    shares_proposed: int | None
    shares_person_told: int | None
    shares_by_purpose: dict[str, int]
    s45_total: int | None
    s45_reviewed: int | None
    s45_awaiting_review: int | None
    s45_under_18_test: int | None
    s45_by_conclusion: dict[str, int]


@router.get(
    "/safeguarding/counts",
    response=list[CountsOut],
    summary="Home Office sharing and section 45 considerations counted per force",
)
def safeguarding_counts(request: HttpRequest) -> list[CountsOut]:
    user = _user(request)
    if not access.can_see_safeguarding_counts(user):
        raise AccessDenied("These counts are for supervisors, SPOCs and national analysts.")
    force_ids = access.aggregate_force_ids(user)
    rows = queries.counts_per_force(force_ids)
    audit.record(user, audit.Action.CONSULTATION, object_type="safeguarding counts", object_id="", detail="api")
    if force_ids is not None:
        return [CountsOut(**{k: getattr(r, k) for k in CountsOut.model_fields}) for r in rows]
    from lantern.core.suppression import published_columns

    fields = [
        k
        for k in CountsOut.model_fields
        if k.startswith(("shares_", "s45_")) and not k.endswith(("_by_purpose", "_by_conclusion"))
    ]
    _texts, _totals, values, _tv = published_columns(
        [r.force_name for r in rows], {k: [getattr(r, k) for r in rows] for k in fields}
    )
    return [
        CountsOut(force_code=r.force_code, force_name=r.force_name, shares_by_purpose={}, s45_by_conclusion={}, **v)
        for r, v in zip(rows, values, strict=True)
    ]
