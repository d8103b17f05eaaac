"""The JSON API at /api/v1/ (django-ninja): schema at /api/v1/openapi.json, interactive
docs at /api/v1/docs for logged-in users (Swagger UI served from ninja's own static files,
no CDN). Refusals answer like the pages' JSON answers: {"error": code, "message": text}."""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from factcheck.claims.services import ClaimRejected

from .auth import InvalidToken, SessionCookieAuth, TokenAuth
from .openapi import document_common_refusals
from .ratelimit import ApiRateThrottle
from .routes import (
    articles,
    claims,
    comments,
    decisions,
    exports,
    history,
    moderation,
    reviews,
    sources,
    suggestions,
)
from .routes.common import BadCursor, Refused, StrictQueryParser


class WorkbenchApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_common_refusals(schema)
        return schema


api = WorkbenchApi(
    title="Fact-check workbench API",
    version="1",
    description=(
        "Send `Authorization: Bearer <token>` (create one on your API tokens page or with "
        "`manage.py create_token`), or use the browser session with its CSRF token. "
        "Offsets are Unicode code points; times are RFC 3339 in UTC."
    ),
    auth=[TokenAuth(), SessionCookieAuth()],
    throttle=ApiRateThrottle(),
    parser=StrictQueryParser(),
    urls_namespace="api",
    docs=Swagger(),
    docs_url="/docs",
)
# One router per resource; each adds its operations under its own tag in the docs.
for resource in (
    articles,
    claims,
    reviews,
    sources,
    comments,
    decisions,
    moderation,
    history,
    exports,
    suggestions,
):
    api.add_router("", resource.router)


def error(request: HttpRequest, status: int, code: str, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"error": code, "message": message} | extra, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = error(
        request, 401, "unauthenticated", "Send Authorization: Bearer <token>, or log in."
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(InvalidToken)
def invalid_token(request: HttpRequest, exc: InvalidToken) -> HttpResponse:
    response = error(request, 401, "invalid_token", exc.message)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(Throttled)
def rate_limited(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja sets Retry-After on this response from the throttle's wait().
    message = f"Too many requests: retry in {exc.wait} s." if exc.wait else "Too many requests."
    return error(request, 429, "rate_limited", message)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) or "You may not do this."
    return error(request, 403, getattr(exc, "code", "forbidden"), message)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "not_found", "Not found, or not yours to see.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises HttpError(403) for a session request that fails the CSRF check.
    code = "csrf_failed" if "CSRF" in exc.message else "http_error"
    return error(request, exc.status_code, code, exc.message)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error(
        request, 400, "invalid", "The request does not match the schema.", detail=exc.errors
    )


@api.exception_handler(RequestDataTooBig)
def request_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A body past DATA_UPLOAD_MAX_MEMORY_SIZE (the import limit plus room for the JSON
    # around it) is refused before it is read, like an import past the limit.
    return error(request, 400, "too_large", "The request body is larger than the server accepts.")


@api.exception_handler(BadCursor)
def bad_cursor(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 400, "bad_cursor", "That cursor did not come from this list.")


@api.exception_handler(ClaimRejected)
def claim_rejected(request: HttpRequest, exc: ClaimRejected) -> HttpResponse:
    if exc.status == 404:
        return not_found(request, exc)
    found = list(exc.found) if exc.found else None
    return error(request, exc.status, exc.code, exc.message, found=found)


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns. Its operations authenticate themselves (401 rather than the
    pages' login redirect) and the schema describes no data, so both are let past
    LoginRequiredMiddleware; the docs page is not: logged-in users only."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name != "openapi-view":
            pattern.callback.login_required = False
    return patterns, app_name, namespace


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.message, **exc.extra)
