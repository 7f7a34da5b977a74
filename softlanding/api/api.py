"""The JSON API under /api/v1.

Routers live in the app that owns the data (``softlanding.<app>.api``) and
are added here, so this file stays a table of contents. Every error body is
``{"detail": "<a sentence a person can read>"}``; validation errors add the
machine-readable ``errors`` list.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)

#: The body of an unexpected error: never a traceback, never the exception's
#: message (it could quote what was sent), whatever DEBUG says.
SERVER_ERROR = "Something went wrong on our side. Please try again in a moment."
TOO_LARGE = "This request is too large."

api = NinjaAPI(
    title="Soft Landing API",
    version="1",
    urls_namespace="api",
    # The interactive docs page would load Swagger UI; the schema itself is
    # enough, and nothing here may pull a script from anywhere.
    docs_url=None,
)


class Detail(Schema):
    detail: str


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:5]:
        loc = [str(p) for p in error.get("loc", ()) if p not in {"body", "payload", "query", "path"}]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "Invalid input. " + "; ".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": _describe(exc.errors), "errors": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Unlock first: send a valid session token."}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=exc.status_code)


@api.exception_handler(SuspiciousOperation)
def on_suspicious_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Django answers these with a bare 400 page; the API answers in JSON. The
    # most common one is a body over Django's size limit.
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, {"detail": TOO_LARGE}, status=413)
    return api.create_response(request, {"detail": "This request could not be read."}, status=400)


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Where it happened and what kind of error: enough to find the bug. The
    # message is left out because it may quote personal input.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("API error %s in %s %s\n%s", type(exc).__name__, request.method, request.path, frames)
    return api.create_response(request, {"detail": SERVER_ERROR}, status=500)


class Health(Schema):
    status: str


@api.get("/health", response={200: Health}, tags=["meta"], summary="Is the service up")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("", "softlanding.accounts.api.router")
api.add_router("", "softlanding.journal.api.router")
