"""API for protected details, revealing one, and the disclosure export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from lantern.cases.access import get_case_for
from lantern.core.access import get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.api_common import party as _party
from lantern.safeguarding.models import (
    ProtectedDetail,
)
from lantern.safeguarding.protected import protection

router = Router(tags=["safeguarding"])

# --- Protected details and disclosure ------------------------------------------------------------


class ProtectIn(InputSchema):
    case_id: int
    person_id: int | None = None
    kind: str = ""
    label: str = ""
    value: str = ""
    reason: str = ""


class ProtectedOut(Schema):
    id: int
    kind: str
    label: str
    reason: str


class RevealIn(InputSchema):
    reason: str = ""


class RevealOut(Schema):
    id: int
    value: str


class ExportIn(InputSchema):
    recipient: str = ""
    reason: str = ""


class WithheldOut(Schema):
    item: str
    reason: str


class ExportOut(Schema):
    document: dict[str, Any]
    withheld: list[WithheldOut]


@router.post("/protected-details", response={201: ProtectedOut}, summary="Protect a location or contact detail")
def protect_detail(request: HttpRequest, payload: ProtectIn) -> Status[ProtectedOut]:
    user = _officer(request)
    case = get_case_for(user, payload.case_id)
    person = None
    if payload.person_id is not None:
        _case, person = _party(user, payload.case_id, payload.person_id)
    detail = protection.protect(
        user,
        kind=payload.kind,
        label=payload.label,
        value=payload.value,
        reason=payload.reason,
        case=case,
        person=person,
    )
    return Status(201, ProtectedOut(id=detail.pk, kind=detail.kind, label=detail.label, reason=detail.reason))


@router.post(
    "/protected-details/{detail_id}/reveal",
    response=RevealOut,
    summary="The protected value, for a stated reason (the view is audited with it)",
)
def reveal_protected_detail(request: HttpRequest, detail_id: int, payload: RevealIn) -> RevealOut:
    user = _user(request)
    detail = get_for(user, ProtectedDetail, detail_id)
    return RevealOut(id=detail.pk, value=protection.reveal(user, detail, payload.reason))


@router.post(
    "/cases/{case_id}/disclosure-export",
    response=ExportOut,
    summary="The disclosure export: refused (409) while free text holds a protected value",
)
def disclosure_export(request: HttpRequest, case_id: int, payload: ExportIn) -> ExportOut:
    import json

    user = _officer(request)
    case = get_case_for(user, case_id)
    try:
        document, withheld = protection.export(user, case, recipient=payload.recipient, reason=payload.reason)
    except protection.DisclosureRefused as exc:
        raise HttpError(409, str(exc)) from exc
    return ExportOut(document=json.loads(document), withheld=[WithheldOut(**w) for w in withheld])
