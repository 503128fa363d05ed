"""The JSON API (/api/v1/): one NinjaAPI, a router per domain app, one error format.

Authentication: `Authorization: Bearer TOKEN` for systems (./lantern token --user NAME), or the
staff session for pages. The same access policy (lantern.core.roles, each app's access.py) applies to both.
Errors: 4xx with {"detail": "...", "errors": {"field": ["message", ...]}}; never a 500 for bad input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, django_auth

from lantern.core.access import AccessDenied
from lantern.core.api_schemas import declare_errors
from lantern.core.auth import user_for_token
from lantern.core.errors import Conflict
from lantern.core.web import record_refusal


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class LanternAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares the shared 4xx error body on every operation."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_errors(document)
        return document


api = LanternAPI(
    title="Lantern API",
    version="1",
    description="Cases, people, NRM referrals and one lookup for every reference. Bearer tokens or staff session.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ValidationError)
def on_domain_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "The request was refused: see errors.", errors)


@api.exception_handler(NinjaValidationError)
def on_schema_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        errors.setdefault(_field_name(err.get("loc", ())), []).append(str(err.get("msg", "invalid")))
    return _error(request, 422, "The request was refused: see errors.", errors)


def _field_name(loc: Any) -> str:
    """("body", "payload", "agreed_at") -> "agreed_at"; ("query", "limit") -> "limit"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body" and the view's parameter name (payload, data...)
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(AccessDenied)
def on_access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    record_refusal(request, str(exc))
    return _error(request, 403, str(exc) or "You may not do this.", exc.errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A path id beyond the database's integer range names no record: the same 404 as a missing one.
    record_refusal(request, "no such record")
    return _error(request, 404, "Not found.")


@api.exception_handler(Conflict)
def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return _error(request, 409, exc.message + " Reload it, then make your change again.")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Sign in, or send Authorization: Bearer TOKEN.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


def _register() -> None:
    from lantern.cases.api import router as cases_router
    from lantern.decisions.api import router as decisions_router
    from lantern.nrm.api import router as nrm_router
    from lantern.orders.api import router as orders_router
    from lantern.oversight.api import router as oversight_router
    from lantern.people.api import router as people_router
    from lantern.portal.api import router as portal_router
    from lantern.safeguarding.api import router as safeguarding_router
    from lantern.triage.api import router as triage_router
    from lantern.victims_code.api import router as victims_code_router

    api.add_router("/", cases_router)
    api.add_router("/", people_router)
    api.add_router("/", nrm_router)
    api.add_router("/", victims_code_router)
    api.add_router("/", safeguarding_router)
    api.add_router("/", decisions_router)
    api.add_router("/", orders_router)
    api.add_router("/", oversight_router)
    api.add_router("/", portal_router)
    api.add_router("/", triage_router)


_register()
